import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { ttsApiRequestWithResponse } from '../../shared/transport';
import { asNodeError } from '../helpers/errors';
import { getKeyInfo } from '../helpers/owner';
import { labelled, PAGE_SIZE, searchDevicesOf, searchEntities } from './entitySearch';

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
			ownEntity: { type: 'application', getPath: '/applications/{application_id}' },
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
	return await searchDevicesOf.call(this, applicationId, filter, paginationToken);
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
			ownEntity: { type: 'gateway', getPath: '/gateways/{gateway_id}' },
		},
		filter,
		paginationToken,
	);
}

type EntityCollection = 'applications' | 'gateways' | 'organizations' | 'users' | 'clients';

/** Which entities a list offers: active ones, deleted ones (to restore), or both (to purge). */
type EntityState = 'active' | 'deleted' | 'any';

const ID_FIELDS: Record<EntityCollection, string> = {
	applications: 'application_id',
	gateways: 'gateway_id',
	organizations: 'organization_id',
	users: 'user_id',
	clients: 'client_id',
};

/**
 * Lists or searches Identity Server entities by state. With `any`, the pagination token walks the
 * active entities first and then the deleted ones (`active:3`, `deleted:1`). Deleted entities
 * (Restore) and all of them (Purge) are searched: an admin's list shows only its own memberships
 * (is/application_registry.go listApplications), its search every entity
 * (is/registry_search.go); for other keys both answer their memberships.
 */
async function searchEntitiesByState(
	this: ILoadOptionsFunctions,
	collection: EntityCollection,
	state: EntityState,
	filter: string | undefined,
	paginationToken: string | undefined,
): Promise<INodeListSearchResult> {
	const [tokenState, tokenPage] = (paginationToken ?? '').split(':');
	const deleted = state === 'deleted' || (state === 'any' && tokenState === 'deleted');
	const page = Number(tokenPage || 1);
	const search = filter !== undefined && filter !== '';
	const response = await ttsApiRequestWithResponse.call(this, {
		method: 'GET',
		path: search || state !== 'active' ? `/search/${collection}` : `/${collection}`,
		qs: {
			...(search ? { query: filter } : {}),
			...(deleted ? { deleted: true } : {}),
			field_mask: 'name',
			order: ID_FIELDS[collection],
			limit: PAGE_SIZE,
			page,
		},
	});
	const entities = (response.body[collection] as IDataObject[] | undefined) ?? [];
	const total = Number(response.headers['x-total-count']);
	const more = Number.isFinite(total) ? page * PAGE_SIZE < total : entities.length === PAGE_SIZE;
	const results = entities.map((entity) => {
		const id = (entity.ids as IDataObject)[ID_FIELDS[collection]] as string;
		const item = labelled(id, entity.name);
		return state === 'any' && deleted ? { ...item, name: `${item.name} (deleted)` } : item;
	});
	let nextToken: string | undefined;
	if (more) nextToken = `${deleted ? 'deleted' : 'active'}:${page + 1}`;
	else if (state === 'any' && !deleted) nextToken = 'deleted:1';
	return { results, paginationToken: nextToken };
}

export async function searchOrganizations(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchEntitiesByState.call(this, 'organizations', 'active', filter, paginationToken);
}

/** Users; only admins may list them all, so other keys are offered their own user. */
export async function searchUsers(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	try {
		return await searchEntitiesByState.call(this, 'users', 'active', filter, paginationToken);
	} catch (error) {
		const info = await getKeyInfo.call(this).catch(() => undefined);
		if (info?.entityType !== 'user' || !info.entityId) throw asNodeError(this.getNode(), error);
		return { results: [{ name: info.entityId, value: info.entityId }] };
	}
}

export async function searchDeletedApplications(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchEntitiesByState.call(this, 'applications', 'deleted', filter, paginationToken);
}

export async function searchDeletedGateways(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchEntitiesByState.call(this, 'gateways', 'deleted', filter, paginationToken);
}

export async function searchPurgeableApplications(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchEntitiesByState.call(this, 'applications', 'any', filter, paginationToken);
}

export async function searchPurgeableGateways(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchEntitiesByState.call(this, 'gateways', 'any', filter, paginationToken);
}

export async function searchPurgeableOrganizations(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchEntitiesByState.call(this, 'organizations', 'any', filter, paginationToken);
}

export async function searchPurgeableUsers(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchEntitiesByState.call(this, 'users', 'any', filter, paginationToken);
}

export async function searchPurgeableClients(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchEntitiesByState.call(this, 'clients', 'any', filter, paginationToken);
}
