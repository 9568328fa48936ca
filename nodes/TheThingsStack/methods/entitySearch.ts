import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import type { PathParams } from '../../shared/transport';
import { ttsApiRequest, ttsApiRequestWithResponse, ttsErrorOf } from '../../shared/transport';
import { asNodeError } from '../helpers/errors';
import { getKeyInfo } from '../helpers/owner';

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
	/**
	 * For applications and gateways: the key of one lists none and may not search, so it is
	 * offered its own (see keyOwnEntity).
	 */
	ownEntity?: OwnEntity;
}

export interface OwnEntity {
	type: 'application' | 'gateway';
	/** `/applications/{application_id}` */
	getPath: string;
}

/** One page of a searchable Identity Server list, for resource locator pickers. */
export async function searchEntities(
	this: ILoadOptionsFunctions,
	search: EntitySearch,
	filter: string | undefined,
	paginationToken: string | undefined,
): Promise<INodeListSearchResult> {
	const page = Number(paginationToken ?? 1);
	let response;
	try {
		response = await ttsApiRequestWithResponse.call(this, {
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
	} catch (error) {
		if (!search.ownEntity || ttsErrorOf(error)?.name !== 'search_forbidden') {
			throw asNodeError(this.getNode(), error);
		}
		return { results: (await keyOwnEntity.call(this, search, filter)) ?? [] };
	}
	const entities = (response.body[search.listKey] as IDataObject[] | undefined) ?? [];
	if (entities.length === 0 && page === 1 && search.ownEntity) {
		const own = await keyOwnEntity.call(this, search, filter);
		if (own) return { results: own };
	}
	const total = Number(response.headers['x-total-count']);
	return {
		results: entities.map(search.toResult),
		paginationToken: page * PAGE_SIZE < total ? String(page + 1) : undefined,
	};
}

/**
 * The entity of an application or gateway key, when the search is for that kind: such a key lists
 * nothing (is/application_registry.go listApplications) and may not search
 * (is/registry_search.go search_forbidden), but has rights on its own entity (auth_info).
 * Undefined for other keys.
 */
async function keyOwnEntity(
	this: ILoadOptionsFunctions,
	search: EntitySearch,
	filter: string | undefined,
): Promise<INodeListSearchItems[] | undefined> {
	const own = search.ownEntity;
	const info = await getKeyInfo.call(this).catch(() => undefined);
	if (!own || info?.entityType !== own.type || !info.entityId) return undefined;
	const entity = await ttsApiRequest
		.call(this, {
			method: 'GET',
			path: own.getPath,
			pathParams: { [`${own.type}_id`]: info.entityId },
			qs: { field_mask: 'name' },
		})
		.catch((): IDataObject => ({ ids: { [`${own.type}_id`]: info.entityId } }));
	const result = search.toResult(entity);
	const needle = filter?.toLowerCase() ?? '';
	return result.name.toLowerCase().includes(needle) ? [result] : [];
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
