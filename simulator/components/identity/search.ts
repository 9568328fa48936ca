import { entity as entityRef } from '../../auth/callerRights';
import type { EntityType } from '../../auth/rights';
import { pickPaths } from '../../encoding/fieldMask';
import type { JsonObject } from '../../encoding/json';
import { ttsError } from '../../errors/ttsError';
import { Handler, withRequestValidation } from '../../http/call';
import type { EntityRecord } from '../../state/records';
import { listResponse } from '../common/listResponse';
import { maskAt, objectAt, stringAt } from '../common/messageFields';
import { paginate, validateOrder } from '../common/pagination';
import { alwaysReturnedPaths, sortKeyOf } from './entityRegistry';
import { EntityKind, entityKinds } from './entityKinds';
import { withFrequencyPlanId, withFrequencyPlanIds } from './gatewayRules';
import { Account, isMemberOf } from './memberships';
import { publicSafe } from './publicEntity';

function contains(value: string, needle: string): boolean {
	return !needle || value.toLowerCase().includes(needle.toLowerCase());
}

// pkg/identityserver/bunstore/entity_search.go: `query` matches any of these columns.
const queryFields: Record<EntityType, string[]> = {
	application: ['ids.application_id', 'name', 'description'],
	gateway: ['ids.gateway_id', 'ids.eui', 'name', 'description'],
	organization: ['ids.organization_id', 'name', 'description'],
	user: ['ids.user_id', 'name', 'description'],
	client: ['ids.client_id', 'name', 'description'],
};

function matches(kind: EntityKind, entity: JsonObject, request: JsonObject): boolean {
	const query = stringAt(request, 'query');
	if (query && !queryFields[kind.type].some((field) => contains(stringAt(entity, field), query))) {
		return false;
	}
	const attributes = objectAt(entity, 'attributes');
	for (const [key, needle] of Object.entries(objectAt(request, 'attributes_contain'))) {
		if (!(key in attributes) || !contains(String(attributes[key]), String(needle))) return false;
	}
	return (
		contains(stringAt(entity, `ids.${kind.idField}`), stringAt(request, 'id_contains')) &&
		contains(stringAt(entity, 'name'), stringAt(request, 'name_contains')) &&
		contains(stringAt(entity, 'description'), stringAt(request, 'description_contains')) &&
		(kind.type !== 'gateway' ||
			contains(stringAt(entity, 'ids.eui'), stringAt(request, 'eui_contains')))
	);
}

/** pkg/identityserver/registry_search.go: fields searched for are answered too. */
function searchedFields(request: JsonObject): string[] {
	const fields: string[] = [];
	if (stringAt(request, 'name_contains')) fields.push('name');
	if (stringAt(request, 'description_contains')) fields.push('description');
	if (Object.keys(objectAt(request, 'attributes_contain')).length > 0) fields.push('attributes');
	return fields;
}

/**
 * EntityRegistrySearch (pkg/identityserver/registry_search.go): only a user or organization may
 * search (search_forbidden otherwise); it finds the entities it is a member of (users also
 * through their organizations), an admin finds all. Entries without the INFO right are
 * public-safe.
 */
function searchEntities(type: EntityType): Handler {
	const kind = entityKinds[type];
	return withRequestValidation(
		(message) =>
			validateOrder(
				message,
				kind.orderFields.filter((field) => field !== 'admin'),
			),
		(call) => {
			const requested = maskAt(call.message);
			const { caller } = call;
			const account = caller.account as Account | undefined;
			// SearchUsers is for admins only.
			if (!account || (type === 'user' && !caller.isAdmin)) {
				throw ttsError('pkg/identityserver:search_forbidden');
			}
			const member = caller.isAdmin ? undefined : account;
			const { identity } = call.tenant;
			const deleted = call.message.deleted === true;
			const records = [...identity.entities[type].values()].filter(
				(record: EntityRecord) =>
					deleted === (record.deletedAt !== undefined) &&
					(!member || isMemberOf(identity, member, record, member.type === 'user')) &&
					matches(kind, record.entity, call.message),
			);
			const page = paginate(
				call,
				records,
				(record, field) => sortKeyOf(kind, record.entity, field),
				kind.idField,
			);
			const paths = [
				...new Set([
					...alwaysReturnedPaths,
					...searchedFields(call.message),
					...(type === 'gateway' ? withFrequencyPlanIds(requested) : requested),
				]),
			];
			return listResponse(
				kind.listField,
				page.map((record) => {
					const id = stringAt(record.entity, `ids.${kind.idField}`);
					const picked = pickPaths(record.entity, paths);
					const rights = caller.rightsOn(entityRef(type, id), { includeDeleted: true });
					const shown = rights.includes(kind.infoRight) ? picked : publicSafe(kind, picked);
					return type === 'gateway' ? withFrequencyPlanId(shown) : shown;
				}),
			);
		},
	);
}

const searchRpcs: Record<EntityType, string> = {
	application: 'EntityRegistrySearch.SearchApplications',
	gateway: 'EntityRegistrySearch.SearchGateways',
	organization: 'EntityRegistrySearch.SearchOrganizations',
	user: 'EntityRegistrySearch.SearchUsers',
	client: 'EntityRegistrySearch.SearchClients',
};

export const searchHandlers: Record<string, Handler> = Object.fromEntries(
	Object.entries(searchRpcs).map(([type, rpc]) => [rpc, searchEntities(type as EntityType)]),
);
