import type { JsonObject } from '../../encoding/json';
import type { Call } from '../../http/call';
import { numberAt, stringAt } from './messageFields';

// cmd/internal/shared/identityserver/config.go: is.pagination.default-limit = 100.
const defaultLimit = 100;
const maximumLimit = 1000;

/**
 * IS list semantics (pkg/identityserver/store/pagination.go): order by a field (prefix `-` for
 * descending, default by ID), 1-based `page`, `limit` (0 -> default) and `X-Total-Count`.
 */
export function paginate<T>(
	call: Call,
	items: T[],
	sortKey: (item: T, field: string) => string,
	idField: string,
): T[] {
	const order = stringAt(call.message, 'order');
	const descending = order.startsWith('-');
	const field = (descending ? order.slice(1) : order) || idField;
	const sorted = [...items].sort((a, b) => {
		const left = sortKey(a, field);
		const right = sortKey(b, field);
		const compared = left < right ? -1 : left > right ? 1 : 0;
		return descending ? -compared : compared;
	});
	call.setTotalCount(sorted.length);
	const limit = Math.min(numberAt(call.message, 'limit') || defaultLimit, maximumLimit);
	const page = Math.max(numberAt(call.message, 'page') || 1, 1);
	return sorted.slice((page - 1) * limit, page * limit);
}

export function sortValue(
	entity: JsonObject,
	field: string,
	idPath: (entity: JsonObject) => string,
): string {
	if (field.endsWith('_id')) return idPath(entity);
	const value = entity[field];
	return typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value);
}
