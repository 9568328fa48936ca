import type { HeaderBag } from './rateLimit';

/** Response headers with lower-case names and string values, as axios and Node give them in varying shapes. */
export function normalizeHeaders(headers: unknown): HeaderBag {
	const normalized: HeaderBag = {};
	if (!headers || typeof headers !== 'object') return normalized;
	for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
		if (value === undefined || value === null) continue;
		normalized[name.toLowerCase()] = Array.isArray(value) ? value.map(String) : String(value);
	}
	return normalized;
}

/** The system error code (ECONNRESET, ETIMEDOUT, ...) of a failed request, however n8n wrapped it. */
export function networkErrorCode(error: unknown): string | undefined {
	const candidates = [
		error,
		(error as { cause?: unknown })?.cause,
		(error as { cause?: { cause?: unknown } })?.cause?.cause,
	];
	for (const candidate of candidates) {
		const code = (candidate as { code?: unknown } | undefined)?.code;
		if (typeof code === 'string' && /^[A-Z][A-Z_0-9]+$/.test(code)) return code;
	}
	return undefined;
}
