import { ttsError } from '../../errors/ttsError';
import type { JsonObject } from '../../encoding/json';
import type { Call } from '../../http/call';
import { numberAt, stringAt } from './messageFields';

// cmd/internal/shared/identityserver/config.go: is.pagination.default-limit = 100.
const defaultLimit = 100;

/**
 * IS list semantics (pkg/identityserver/store/pagination.go): order by a field (prefix `-` for
 * descending, default by ID), 1-based `page` (0 is 1), `limit` (0 -> default) and `X-Total-Count`.
 */
export function paginate<T>(
	call: Call,
	items: T[],
	sortKey: (item: T, field: string) => string,
	idField: string,
): T[] {
	// The validator refused a limit above 1000 (validateRequestMessage).
	const requestedLimit = numberAt(call.message, 'limit');
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
	const limit = requestedLimit || defaultLimit;
	const page = Math.max(numberAt(call.message, 'page') || 1, 1);
	return sorted.slice((page - 1) * limit, page * limit);
}

/**
 * The `order` of a list or search request must be one of the request's fields, optionally
 * prefixed with `-` (validate.rules `in` of the List*Request / Search*Request `order`).
 */
export function validateOrder(message: JsonObject, fields: readonly string[]): void {
	const order = stringAt(message, 'order');
	const allowed = ['', ...fields.flatMap((field) => [field, `-${field}`])];
	if (!allowed.includes(order)) {
		throw ttsError('pkg/errors:validation', {
			field: 'order',
			reason: `value must be in list [${allowed.join(' ')}]`,
			name: 'in',
		});
	}
}
