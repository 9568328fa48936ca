import { entity as entityRef } from '../../auth/callerRights';
import type { EntityType } from '../../auth/rights';
import { pickPaths } from '../../encoding/fieldMask';
import type { Handler } from '../../http/call';
import { listResponse } from '../common/listResponse';
import { maskAt, objectAt, stringAt } from '../common/messageFields';
import { paginate } from '../common/pagination';
import { alwaysReturnedPaths, sortKeyOf } from './entityRegistry';
import { entityKinds } from './entityKinds';

/** EntityRegistrySearch for applications, gateways, organizations, users and clients. */
function searchEntities(type: EntityType): Handler {
	const kind = entityKinds[type];
	return (call) => {
		if (!call.caller.authenticated) call.caller.require(entityRef(type, ''));
		const paths = maskAt(call.message);
		const contains = (value: string, needle: string) =>
			!needle || value.toLowerCase().includes(needle.toLowerCase());
		const query = stringAt(call.message, 'query');
		const deleted = call.message.deleted === true;
		const attributes = objectAt(call.message, 'attributes_contain');
		const records = [...call.tenant.identity.entities[type].values()].filter((record) => {
			if (deleted !== (record.deletedAt !== undefined)) return false;
			const recordAttributes = objectAt(record.entity, 'attributes');
			for (const [attribute, needle] of Object.entries(attributes)) {
				if (
					!contains(String(recordAttributes[attribute] ?? ''), String(needle)) ||
					!(attribute in recordAttributes)
				) {
					return false;
				}
			}
			const id = stringAt(record.entity, `ids.${kind.idField}`);
			const name = stringAt(record.entity, 'name');
			const description = stringAt(record.entity, 'description');
			if (!call.caller.isAdmin && call.caller.rightsOn(entityRef(type, id)).length === 0)
				return false;
			return (
				(!query || contains(id, query) || contains(name, query) || contains(description, query)) &&
				contains(id, stringAt(call.message, 'id_contains')) &&
				contains(name, stringAt(call.message, 'name_contains')) &&
				contains(description, stringAt(call.message, 'description_contains'))
			);
		});
		const page = paginate(
			call,
			records,
			(record, field) => sortKeyOf(kind, record.entity, field),
			kind.idField,
		);
		return listResponse(
			kind.listField,
			page.map((record) => pickPaths(record.entity, [...alwaysReturnedPaths, ...paths])),
		);
	};
}

export const searchHandlers: Record<string, Handler> = {
	'EntityRegistrySearch.SearchApplications': searchEntities('application'),
	'EntityRegistrySearch.SearchGateways': searchEntities('gateway'),
	'EntityRegistrySearch.SearchOrganizations': searchEntities('organization'),
	'EntityRegistrySearch.SearchUsers': searchEntities('user'),
	'EntityRegistrySearch.SearchClients': searchEntities('client'),
};
