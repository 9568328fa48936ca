import type { IDataObject } from 'n8n-workflow';

import type { TtsContext } from './connection';
import type { TtsRequest } from './request';
import { ttsApiRequestWithResponse } from './request';

// The Identity Server caps `limit` at 1000 (api/ttn/lorawan/v3/*.proto ListXRequest) and falls
// back to 100 when it is missing (is.pagination.default-limit): always send it.
export const MAX_PAGE_SIZE = 1000;

export interface ListRequest extends TtsRequest {
	/** Key of the array in the response, e.g. `end_devices`. */
	listKey: string;
	/** Stop after this many items; undefined returns all of them. */
	limit?: number;
	/** Where `limit`/`page` go: the query string (GET lists) or the body (POST …/filter lists). */
	paginateIn?: 'qs' | 'body';
	/** Page size to request; defaults to the largest the server allows, or `limit` when smaller. */
	pageSize?: number;
}

/**
 * Reads a paginated Identity Server list page by page (`limit`, 1-based `page`, `X-Total-Count`)
 * and stops as soon as `limit` items are in, the server says there are no more, or a page comes
 * back short.
 */
export async function ttsApiRequestAllItems(
	this: TtsContext,
	request: ListRequest,
): Promise<IDataObject[]> {
	const { listKey, limit, paginateIn = 'qs', ...base } = request;
	const pageSize = Math.min(
		request.pageSize ?? MAX_PAGE_SIZE,
		limit ?? MAX_PAGE_SIZE,
		MAX_PAGE_SIZE,
	);
	const items: IDataObject[] = [];
	for (let page = 1; ; page++) {
		const paging = { limit: pageSize, page };
		const pageRequest: TtsRequest =
			paginateIn === 'qs'
				? { ...base, qs: { ...base.qs, ...paging } }
				: { ...base, body: { ...base.body, ...paging } };
		const response = await ttsApiRequestWithResponse.call(this, pageRequest);
		const pageItems = (response.body[listKey] as IDataObject[] | undefined) ?? [];
		items.push(...pageItems);
		const total = Number(response.headers['x-total-count']);
		const enough = limit !== undefined && items.length >= limit;
		const exhausted =
			pageItems.length < pageSize || (Number.isFinite(total) && items.length >= total);
		if (enough || exhausted) break;
	}
	return limit === undefined ? items : items.slice(0, limit);
}
