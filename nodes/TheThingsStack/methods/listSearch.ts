import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import type { PathParams } from '../../shared/transport';
import { ttsApiRequestWithResponse } from '../../shared/transport';

const PAGE_SIZE = 100;

interface EntitySearch {
	/** List path, used without a filter. */
	listPath: string;
	/** IS search path (EntityRegistrySearch), used with a filter. */
	searchPath: string;
	pathParams?: PathParams;
	listKey: string;
	order: string;
	toResult: (entity: IDataObject) => INodeListSearchItems;
}

async function searchEntities(
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

function labelled(id: string, name: unknown): INodeListSearchItems {
	return { name: typeof name === 'string' && name !== '' ? `${name} (${id})` : id, value: id };
}

export async function searchApplications(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchEntities.call(
		this,
		{
			listPath: '/applications',
			searchPath: '/search/applications',
			listKey: 'applications',
			order: 'application_id',
			toResult: (app) => labelled((app.ids as IDataObject).application_id as string, app.name),
		},
		filter,
		paginationToken,
	);
}

export async function searchDevices(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const applicationId = this.getNodeParameter('applicationId', undefined, {
		extractValue: true,
	}) as string;
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

export async function searchGateways(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchEntities.call(
		this,
		{
			listPath: '/gateways',
			searchPath: '/search/gateways',
			listKey: 'gateways',
			order: 'gateway_id',
			toResult: (gateway) =>
				labelled((gateway.ids as IDataObject).gateway_id as string, gateway.name),
		},
		filter,
		paginationToken,
	);
}
