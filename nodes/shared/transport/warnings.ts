import type { HeaderBag } from './rateLimit';

// X-Warning carries deprecation notices and restrictions (pkg/rpcserver/rpcserver.go maps the
// gRPC "warning" metadata onto it). They are kept per execution context and item so the router
// can attach them to that item's output.
const warningsByContext = new WeakMap<object, Map<number, Set<string>>>();

export function readWarningHeaders(headers: HeaderBag): string[] {
	const raw = headers['x-warning'];
	if (raw === undefined) return [];
	return (Array.isArray(raw) ? raw : [raw]).map((warning) => warning.trim()).filter(Boolean);
}

export function recordWarnings(context: object, itemIndex: number, warnings: string[]): void {
	if (warnings.length === 0) return;
	let byItem = warningsByContext.get(context);
	if (!byItem) {
		byItem = new Map();
		warningsByContext.set(context, byItem);
	}
	const forItem = byItem.get(itemIndex) ?? new Set<string>();
	warnings.forEach((warning) => forItem.add(warning));
	byItem.set(itemIndex, forItem);
}

/** Returns and forgets the warnings recorded for one item. */
export function takeWarnings(context: object, itemIndex: number): string[] {
	const byItem = warningsByContext.get(context);
	const forItem = byItem?.get(itemIndex);
	if (!byItem || !forItem) return [];
	byItem.delete(itemIndex);
	return [...forItem];
}
