import type { IncomingMessage } from 'node:http';
import type { JsonValue } from '../encoding/json';

export function readBody(request: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		request.on('error', reject);
	});
}

export function parseBodyForLog(rawBody: string): JsonValue | undefined {
	if (rawBody.trim() === '') return undefined;
	try {
		return JSON.parse(rawBody) as JsonValue;
	} catch {
		return rawBody;
	}
}

export function queryRecord(query: URLSearchParams): Record<string, string[]> {
	const record: Record<string, string[]> = {};
	for (const [name, value] of query) (record[name] ??= []).push(value);
	return record;
}

export function headersWithoutAuthorization(request: IncomingMessage): Record<string, string> {
	const headers: Record<string, string> = {};
	for (const [name, value] of Object.entries(request.headers)) {
		if (name === 'authorization' || value === undefined) continue;
		headers[name] = Array.isArray(value) ? value.join(', ') : value;
	}
	return headers;
}
