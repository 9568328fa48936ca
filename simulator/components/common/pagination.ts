import { ttsError } from '../../errors/ttsError';
import type { Call } from '../../http/call';
import { numberAt, stringAt } from './messageFields';

// cmd/internal/shared/identityserver/config.go: is.pagination.default-limit = 100.
const defaultLimit = 100;
// api/ttn/lorawan/v3/*.proto List*Request, Search*Request: limit lte 1000.
const maximumLimit = 1000;

/**
 * IS list semantics (pkg/identityserver/store/pagination.go): order by a field (prefix `-` for
 * descending, default by ID), 1-based `page` (0 is 1), `limit` (0 -> default, at most 1000) and
 * `X-Total-Count`.
 */
export function paginate<T>(
	call: Call,
	items: T[],
	sortKey: (item: T, field: string) => string,
	idField: string,
): T[] {
	const requestedLimit = validatedLimit(call);
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

/** The request's `limit` (0 when none), refused above 1000 (validate.rules lte). */
export function validatedLimit(call: Call): number {
	const limit = numberAt(call.message, 'limit');
	if (limit > maximumLimit) {
		throw ttsError('pkg/errors:validation', {
			field: 'limit',
			reason: `value must be less than or equal to ${maximumLimit}`,
			name: 'lte',
		});
	}
	return limit;
}

/**
 * The `order` of a list or search request must be one of the request's fields, optionally
 * prefixed with `-` (validate.rules `in` of the List*Request / Search*Request `order`).
 */
export function validateOrder(call: Call, fields: readonly string[]): void {
	const order = stringAt(call.message, 'order');
	const allowed = ['', ...fields.flatMap((field) => [field, `-${field}`])];
	if (!allowed.includes(order)) {
		throw ttsError('pkg/errors:validation', {
			field: 'order',
			reason: `value must be in list [${allowed.join(' ')}]`,
			name: 'in',
		});
	}
}
