import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import type { PathParams } from '../../shared/transport';
import { ttsApiRequestWithResponse } from '../../shared/transport';

export const PAGE_SIZE = 100;

export interface EntitySearch {
	/** List path, used without a filter. */
	listPath: string;
	/** IS search path (EntityRegistrySearch), used with a filter. */
	searchPath: string;
	pathParams?: PathParams;
	listKey: string;
	order: string;
	toResult: (entity: IDataObject) => INodeListSearchItems;
}

/** One page of a searchable Identity Server list, for resource locator pickers. */
export async function searchEntities(
	this: ILoadOptionsFunctions,
	search: EntitySearch,
	filter: string | undefined,
	paginationToken: string | undefined,
): Promise<INodeListSearchResult> {
	const page = Number(paginationToken ?? 1);
	const response = await ttsApiRequestWithResponse.call(this, {
		method: 'GET',
		path: filter ? search.searchPath : search.listPath,
		pathParams: search.pathParams,
		qs: {
			...(filter ? { query: filter } : {}),
			field_mask: 'name',
			order: search.order,
			limit: PAGE_SIZE,
			page,
		},
	});
	const entities = (response.body[search.listKey] as IDataObject[] | undefined) ?? [];
	const total = Number(response.headers['x-total-count']);
	return {
		results: entities.map(search.toResult),
		paginationToken: page * PAGE_SIZE < total ? String(page + 1) : undefined,
	};
}

export function labelled(id: string, name: unknown): INodeListSearchItems {
	return { name: typeof name === 'string' && name !== '' ? `${name} (${id})` : id, value: id };
}

/** The devices of one application, for pickers whose application is not the node's parameter. */
export async function searchDevicesOf(
	this: ILoadOptionsFunctions,
	applicationId: string,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchEntities.call(
		this,
		{
			listPath: '/applications/{application_id}/devices',
			searchPath: '/search/applications/{application_id}/devices',
			pathParams: { application_id: applicationId },
			listKey: 'end_devices',
			order: 'device_id',
			toResult: (device) => labelled((device.ids as IDataObject).device_id as string, device.name),
		},
		filter,
		paginationToken,
	);
}
