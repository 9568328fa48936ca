import { entity as entityRef } from '../../auth/callerRights';
import { expandRights } from '../../auth/rights';
import type { EntityType } from '../../auth/rights';
import { applyPaths, pickPaths } from '../../encoding/fieldMask';
import { deepClone, getPath, isJsonObject, JsonObject } from '../../encoding/json';
import { nowTimestamp } from '../../encoding/time';
import { ttsError } from '../../errors/ttsError';
import type { Call, Handler } from '../../http/call';
import { collaboratorKey, EntityRecord } from '../../state/records';
import type { IdentityRegistry } from '../../state/tenantState';
import { booleanAt, maskAt, objectAt, stringAt } from '../common/messageFields';
import { paginate } from '../common/pagination';
import { publishFromCall } from '../common/publish';
import {
	checkBlocklist,
	entityIdPattern,
	userIdPattern,
	validateFieldMask,
	validateId,
} from '../common/validation';
import { EntityKind, entityKinds } from './entityKinds';

// pkg/identityserver/utils.go: IS Get always returns ids, created_at, updated_at.
export const alwaysReturnedPaths = ['ids', 'created_at', 'updated_at'];
// cmd/internal/shared/identityserver/config.go: is.delete.restore = 24h.
const restoreWindowMs = 24 * 60 * 60 * 1000;

export function entityIdFrom(kind: EntityKind, message: JsonObject): string {
	return (
		stringAt(message, `${kind.idsField}.${kind.idField}`) ||
		stringAt(message, kind.idField) ||
		stringAt(message, `${kind.messageField}.ids.${kind.idField}`)
	);
}

export function identifiersOf(kind: EntityKind, record: EntityRecord): JsonObject {
	return { [kind.idsField]: deepClone(objectAt(record.entity, 'ids')) };
}

export function findLiveEntity(
	identity: IdentityRegistry,
	kind: EntityKind,
	id: string,
): EntityRecord {
	const record = identity.entities[kind.type].get(id);
	if (!record || record.deletedAt) throw ttsError(kind.notFound, { [kind.idField]: id });
	return record;
}

/** Collaborator of a Create/List call: `collaborator.user_ids` or `collaborator.organization_ids`. */
function collaboratorOf(call: Call): { type: 'user' | 'organization'; id: string } | undefined {
	const userId = stringAt(call.message, 'collaborator.user_ids.user_id');
	if (userId) return { type: 'user', id: userId };
	const organizationId = stringAt(call.message, 'collaborator.organization_ids.organization_id');
	if (organizationId) return { type: 'organization', id: organizationId };
	return undefined;
}

function idTaken(identity: IdentityRegistry, kind: EntityKind, id: string): boolean {
	if (kind.type === 'user' || kind.type === 'organization') return identity.accountIdTaken(id);
	return identity.entities[kind.type].has(id);
}

function createEntity(kind: EntityKind): Handler {
	return (call) => {
		const { identity } = call.tenant;
		const input = objectAt(call.message, kind.messageField);
		const id = stringAt(input, `ids.${kind.idField}`);
		const collaborator = collaboratorOf(call);
		if (kind.type === 'user') {
			call.caller.requireAdmin();
		} else if (collaborator?.type === 'user' && kind.createUnderUserRight) {
			call.caller.require(entityRef('user', collaborator.id), kind.createUnderUserRight);
		} else if (collaborator?.type === 'organization' && kind.createUnderOrganizationRight) {
			call.caller.require(
				entityRef('organization', collaborator.id),
				kind.createUnderOrganizationRight,
			);
		}
		validateId(
			id,
			`${kind.messageField}.ids.${kind.idField}`,
			kind.idPattern === 'user' ? userIdPattern : entityIdPattern,
		);
		checkBlocklist(id);
		if (idTaken(identity, kind, id)) throw ttsError('pkg/util/store:id_taken');
		const record = storeNewEntity(identity, kind, input, collaborator);
		publishFromCall(call, `${kind.type}.create`, [identifiersOf(kind, record)]);
		return deepClone(record.entity);
	};
}

/** Stores a new entity (also used by seeding); validates nothing. */
export function storeNewEntity(
	identity: IdentityRegistry,
	kind: EntityKind,
	input: JsonObject,
	collaborator?: { type: 'user' | 'organization'; id: string },
	admin = false,
): EntityRecord {
	const now = nowTimestamp();
	const entity: JsonObject = { ...deepClone(input), created_at: now, updated_at: now };
	if (kind.type === 'gateway') {
		const eui = stringAt(input, 'ids.eui');
		if (eui) {
			const existing = identity.gatewayEuis.get(eui);
			if (existing)
				throw ttsError('pkg/identityserver:gateway_eui_taken', {
					gateway_eui: eui,
					gateway_id: existing,
				});
		}
		// pkg/identityserver/gateway_registry.go: frequency_plan_id alone fills frequency_plan_ids.
		const planId = stringAt(input, 'frequency_plan_id');
		if (planId && !Array.isArray(input.frequency_plan_ids)) entity.frequency_plan_ids = [planId];
		if (eui) identity.gatewayEuis.set(eui, stringAt(input, 'ids.gateway_id'));
	}
	if (
		collaborator &&
		(kind.type === 'application' || kind.type === 'gateway' || kind.type === 'client')
	) {
		const contact = {
			[`${collaborator.type}_ids`]: { [`${collaborator.type}_id`]: collaborator.id },
		};
		entity.administrative_contact ??= contact;
		entity.technical_contact ??= contact;
	}
	const record: EntityRecord = { type: kind.type, entity, collaborators: new Map(), admin };
	if (kind.type === 'application') record.issuedDevEuis = 0;
	if (collaborator && kind.type !== 'user') {
		record.collaborators.set(collaboratorKey(collaborator.type, collaborator.id), [kind.allRight]);
	}
	identity.entities[kind.type].set(stringAt(input, `ids.${kind.idField}`), record);
	return record;
}

// pkg/ttnpb PublicEntityFields: anyone may read these of an entity, so a caller without rights
// who asks only for them gets them (or a 404 for an unknown ID) instead of a rights error.
const publicEntityFields = ['ids', 'created_at', 'updated_at', 'deleted_at', 'contact_info'];

function getEntity(kind: EntityKind): Handler {
	return (call) => {
		const id = entityIdFrom(kind, call.message);
		const paths = maskAt(call.message);
		const publicOnly =
			paths.length > 0 && paths.every((path) => publicEntityFields.includes(path.split('.')[0]));
		if (!publicOnly) call.caller.require(entityRef(kind.type, id), kind.infoRight);
		validateFieldMask(`${kind.service}.Get`, paths);
		const record = findLiveEntity(call.tenant.identity, kind, id);
		return pickPaths(record.entity, [...alwaysReturnedPaths, ...paths]);
	};
}

function listEntities(kind: EntityKind): Handler {
	return (call) => {
		const { identity } = call.tenant;
		const collaborator = collaboratorOf(call);
		const deleted = booleanAt(call.message, 'deleted');
		const paths = maskAt(call.message);
		validateFieldMask(`${kind.service}.List`, paths);
		let records = [...identity.entities[kind.type].values()].filter((record) =>
			deleted ? record.deletedAt !== undefined : record.deletedAt === undefined,
		);
		if (collaborator) {
			call.caller.requireAny(entityRef(collaborator.type, collaborator.id));
			const key = collaboratorKey(collaborator.type, collaborator.id);
			records = records.filter((record) => record.collaborators.has(key));
		} else {
			if (!call.caller.authenticated) throw ttsError('pkg/auth/rights:unauthenticated');
			records = records.filter(
				(record) =>
					call.caller.rightsOn(
						entityRef(kind.type, String(getPath(record.entity, `ids.${kind.idField}`))),
					).length > 0,
			);
		}
		const page = paginate(
			call,
			records,
			(record, field) => sortKeyOf(kind, record.entity, field),
			kind.idField,
		);
		return {
			[kind.listField]: page.map((record) =>
				pickPaths(record.entity, [...alwaysReturnedPaths, ...paths]),
			),
		};
	};
}

export function sortKeyOf(kind: EntityKind, entity: JsonObject, field: string): string {
	if (field === kind.idField) return stringAt(entity, `ids.${kind.idField}`);
	if (field === 'gateway_eui') return stringAt(entity, 'ids.eui');
	const value = entity[field];
	return typeof value === 'string' ? value : '';
}

function updateEntity(kind: EntityKind): Handler {
	return (call) => {
		const input = objectAt(call.message, kind.messageField);
		const id = stringAt(input, `ids.${kind.idField}`);
		call.caller.require(entityRef(kind.type, id), kind.updateRight);
		const paths = maskAt(call.message);
		validateFieldMask(`${kind.service}.Update`, paths);
		const record = findLiveEntity(call.tenant.identity, kind, id);
		if (paths.some((path) => path === 'contact_info' || path.startsWith('contact_info.'))) {
			call.warn('Contact info is deprecated and will be removed in the next major release');
		}
		applyPaths(record.entity, input, paths);
		record.entity.updated_at = nowTimestamp();
		publishFromCall(call, `${kind.type}.update`, [identifiersOf(kind, record)]);
		return pickPaths(record.entity, [...alwaysReturnedPaths, ...paths]);
	};
}

function deleteEntity(kind: EntityKind): Handler {
	return (call) => {
		const { identity } = call.tenant;
		const id = entityIdFrom(kind, call.message);
		call.caller.require(entityRef(kind.type, id), kind.deleteRight);
		const record = findLiveEntity(identity, kind, id);
		if (kind.type === 'application') assertNoDevices(identity, id);
		record.deletedAt = nowTimestamp();
		record.entity.deleted_at = record.deletedAt;
		// pkg/identityserver/gateway_registry.go: deleting a gateway releases its EUI.
		if (kind.type === 'gateway') identity.gatewayEuis.delete(stringAt(record.entity, 'ids.eui'));
		publishFromCall(call, `${kind.type}.delete`, [identifiersOf(kind, record)]);
		return {};
	};
}

function assertNoDevices(identity: IdentityRegistry, applicationId: string): void {
	const count = identity.endDevices.get(applicationId)?.size ?? 0;
	if (count > 0) throw ttsError('pkg/identityserver:application_has_devices', { count });
}

function restoreEntity(kind: EntityKind): Handler {
	return (call) => {
		const { identity } = call.tenant;
		const id = entityIdFrom(kind, call.message);
		call.caller.require(entityRef(kind.type, id), kind.deleteRight);
		const record = identity.entities[kind.type].get(id);
		if (!record || !record.deletedAt) throw ttsError(kind.notFound, { [kind.idField]: id });
		if (call.services.options.now() - Date.parse(record.deletedAt) > restoreWindowMs) {
			throw ttsError('pkg/identityserver:restore_window_expired');
		}
		if (kind.type === 'gateway') {
			const eui = stringAt(record.entity, 'ids.eui');
			const holder = eui ? identity.gatewayEuis.get(eui) : undefined;
			if (holder)
				throw ttsError('pkg/identityserver:gateway_eui_taken', {
					gateway_eui: eui,
					gateway_id: holder,
				});
			if (eui) identity.gatewayEuis.set(eui, id);
		}
		delete record.deletedAt;
		delete record.entity.deleted_at;
		publishFromCall(call, `${kind.type}.restore`, [identifiersOf(kind, record)]);
		return {};
	};
}

function purgeEntity(kind: EntityKind): Handler {
	return (call) => {
		const { identity } = call.tenant;
		const id = entityIdFrom(kind, call.message);
		call.caller.requireAdmin(kind.purgeOnlyByAdmins);
		const record = identity.entities[kind.type].get(id);
		if (!record) throw ttsError(kind.notFound, { [kind.idField]: id });
		if (kind.type === 'application') assertNoDevices(identity, id);
		purgeRecord(call, kind, id);
		publishFromCall(call, `${kind.type}.purge`, [identifiersOf(kind, record)]);
		return {};
	};
}

/** Purge releases the ID and deletes API keys and memberships (pkg/identityserver/*_registry.go). */
function purgeRecord(call: Call, kind: EntityKind, id: string): void {
	const { identity } = call.tenant;
	const record = identity.entities[kind.type].get(id);
	identity.entities[kind.type].delete(id);
	if (kind.type === 'gateway' && record) {
		const eui = stringAt(record.entity, 'ids.eui');
		if (identity.gatewayEuis.get(eui) === id) identity.gatewayEuis.delete(eui);
	}
	for (const [keyId, key] of identity.apiKeys) {
		if (key.entity.type === kind.type && key.entity.id === id) identity.apiKeys.delete(keyId);
	}
	if (kind.type === 'user' || kind.type === 'organization') {
		const memberKey = collaboratorKey(kind.type, id);
		for (const records of Object.values(identity.entities)) {
			for (const each of records.values()) each.collaborators.delete(memberKey);
		}
	}
	call.services.streams.revalidate(call.tenantId);
}

function listRights(type: EntityType): Handler {
	return (call) => {
		const kind = entityKinds[type];
		const id = entityIdFrom(kind, call.message);
		return { rights: expandRights(call.caller.rightsOn(entityRef(type, id))) };
	};
}

export function entityRegistryHandlers(type: EntityType): Record<string, Handler> {
	const kind = entityKinds[type];
	const accessService = `${kind.service.replace('Registry', '')}Access`;
	return {
		[`${kind.service}.Create`]: createEntity(kind),
		[`${kind.service}.Get`]: getEntity(kind),
		[`${kind.service}.List`]: listEntities(kind),
		[`${kind.service}.Update`]: updateEntity(kind),
		[`${kind.service}.Delete`]: deleteEntity(kind),
		[`${kind.service}.Restore`]: restoreEntity(kind),
		[`${kind.service}.Purge`]: purgeEntity(kind),
		[`${accessService}.ListRights`]: listRights(type),
	};
}

export function isJsonObjectList(value: unknown): value is JsonObject[] {
	return Array.isArray(value) && value.every(isJsonObject);
}
