import { entity as entityRef } from '../../auth/callerRights';
import { rightsForEntity } from '../../auth/rights';
import type { EntityType } from '../../auth/rights';
import { applyPaths, pickPaths } from '../../encoding/fieldMask';
import { deepClone, JsonObject } from '../../encoding/json';
import { nowTimestamp } from '../../encoding/time';
import { TtsError, ttsError } from '../../errors/ttsError';
import { Call, Handler, withRequestValidation } from '../../http/call';
import { collaboratorKey, EntityRecord } from '../../state/records';
import type { IdentityRegistry } from '../../state/tenantState';
import { listResponse } from '../common/listResponse';
import { booleanAt, maskAt, objectAt, stringAt } from '../common/messageFields';
import { paginate, validateOrder } from '../common/pagination';
import { publishFromCall } from '../common/publish';
import { checkBlocklist, entityIdPattern, userIdPattern, validateId } from '../common/validation';
import { EntityKind, entityKinds } from './entityKinds';
import {
	gatewayEuiTaken,
	gatewayHoldingEui,
	touchesGatewaySecrets,
	withFrequencyPlanId,
	withFrequencyPlanIds,
} from './gatewayRules';
import { Account, isMemberOf } from './memberships';
import { hasOnlyPublicFields, publicSafe } from './publicEntity';

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

/**
 * pkg/identityserver/entity_access.go IsAdmin: false whenever the caller cannot be
 * authenticated, so admin-only calls answer their permission error rather than the
 * authentication error.
 */
export function callerIsAdmin(call: Call): boolean {
	try {
		return call.caller.isAdmin;
	} catch (error) {
		if (error instanceof TtsError) return false;
		throw error;
	}
}

/** Collaborator of a Create/List call: `collaborator.user_ids` or `collaborator.organization_ids`. */
function collaboratorOf(call: Call): Account | undefined {
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

/**
 * pkg/util/store/error.go WrapDriverError: a unique `*_id_index` violation is id_taken; user and
 * organization IDs live in `account_uid_index`, whose violation stays a plain already_exists.
 */
function idTakenError(kind: EntityKind): TtsError {
	const cause = ttsError('pkg/util/store:already_exists');
	if (kind.type === 'user' || kind.type === 'organization') return cause;
	return ttsError('pkg/util/store:id_taken', {}, cause);
}

function createEntity(kind: EntityKind): Handler {
	return withRequestValidation(
		(message) =>
			validateId(
				stringAt(message, `${kind.messageField}.ids.${kind.idField}`),
				`${kind.messageField}.ids.${kind.idField}`,
				kind.idPattern === 'user' ? userIdPattern : entityIdPattern,
			),
		(call) => {
			const { identity } = call.tenant;
			const input = objectAt(call.message, kind.messageField);
			const id = stringAt(input, `ids.${kind.idField}`);
			const collaborator = collaboratorOf(call);
			checkBlocklist(id);
			if (kind.type === 'user') {
				// User registration is not modelled: only admins create users.
				if (!callerIsAdmin(call)) throw ttsError('pkg/auth/rights:no_admin');
			} else if (collaborator?.type === 'user' && kind.createUnderUserRight) {
				call.caller.require(entityRef('user', collaborator.id), kind.createUnderUserRight);
			} else if (collaborator?.type === 'organization' && kind.createUnderOrganizationRight) {
				call.caller.require(
					entityRef('organization', collaborator.id),
					kind.createUnderOrganizationRight,
				);
			}
			if (idTaken(identity, kind, id)) throw idTakenError(kind);
			const record = storeNewEntity(identity, kind, input, collaborator);
			publishFromCall(call, `${kind.type}.create`, [identifiersOf(kind, record)]);
			return deepClone(record.entity);
		},
	);
}

/** Stores a new entity (also used by seeding); validates nothing. */
export function storeNewEntity(
	identity: IdentityRegistry,
	kind: EntityKind,
	input: JsonObject,
	collaborator?: Account,
	admin = false,
): EntityRecord {
	const now = nowTimestamp();
	const entity: JsonObject = { ...deepClone(input), created_at: now, updated_at: now };
	if (kind.type === 'gateway') {
		const eui = stringAt(input, 'ids.eui');
		const holder = gatewayHoldingEui(identity, eui);
		if (holder) throw gatewayEuiTaken(identity, eui, holder);
		// pkg/identityserver/gateway_registry.go: frequency_plan_id alone fills frequency_plan_ids.
		const planId = stringAt(input, 'frequency_plan_id');
		if (planId && !Array.isArray(input.frequency_plan_ids)) entity.frequency_plan_ids = [planId];
		delete entity.frequency_plan_id;
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

/** The paths an IS Get or List answers: the requested ones plus ids, created_at, updated_at. */
function returnedPaths(kind: EntityKind, paths: readonly string[]): string[] {
	const requested = kind.type === 'gateway' ? withFrequencyPlanIds(paths) : [...paths];
	return [...new Set([...alwaysReturnedPaths, ...requested])];
}

/** The entity as answered for a field mask, public-safe for a caller without the INFO right. */
function answer(
	kind: EntityKind,
	record: EntityRecord,
	paths: string[],
	full: boolean,
): JsonObject {
	const picked = pickPaths(record.entity, paths);
	const shown = full ? picked : publicSafe(kind, picked);
	return kind.type === 'gateway' ? withFrequencyPlanId(shown) : shown;
}

function getEntity(kind: EntityKind): Handler {
	return (call) => {
		const id = entityIdFrom(kind, call.message);
		const requested = maskAt(call.message);
		call.caller.requireAuthenticated();
		const paths = returnedPaths(kind, requested);
		let full = true;
		try {
			call.caller.require(entityRef(kind.type, id), kind.infoRight);
		} catch (error) {
			// Without the INFO right only public fields are answered; a mask without fields
			// (ids, created_at, updated_at only) is public too.
			if (!(error instanceof TtsError) || !hasOnlyPublicFields(kind, paths)) throw error;
			full = false;
		}
		if (kind.type === 'gateway' && touchesGatewaySecrets(paths)) {
			call.caller.require(entityRef('gateway', id), 'RIGHT_GATEWAY_READ_SECRETS');
		}
		const record = findLiveEntity(call.tenant.identity, kind, id);
		return answer(kind, record, paths, full);
	};
}

/**
 * IS List (listApplications and its siblings): the entities the collaborator is a member of;
 * without a collaborator, those of the caller's own user or organization, including through
 * organizations. A key of an application or gateway lists nothing. Entries the caller lacks the
 * INFO right on are public-safe. Users are listed for admins only.
 */
function listEntities(kind: EntityKind): Handler {
	return withRequestValidation(
		(message) => validateOrder(message, kind.orderFields),
		(call) => {
			const { identity } = call.tenant;
			const requested = maskAt(call.message);
			const paths = returnedPaths(kind, requested);
			const deleted = booleanAt(call.message, 'deleted');
			const inState = (record: EntityRecord) =>
				deleted ? record.deletedAt !== undefined : record.deletedAt === undefined;
			if (kind.type === 'user') {
				if (!callerIsAdmin(call)) throw ttsError('pkg/identityserver:permission_denied');
				const users = [...identity.users.values()].filter(inState);
				const page = paginate(
					call,
					users,
					(record, field) => sortKeyOf(kind, record.entity, field),
					kind.idField,
				);
				return listResponse(
					kind.listField,
					page.map((record) => answer(kind, record, paths, true)),
				);
			}
			const { caller } = call;
			let member = collaboratorOf(call);
			const indirect = member === undefined;
			member ??= caller.account as Account | undefined;
			if (!member) return {};
			if (member.type === 'user') {
				caller.require(entityRef('user', member.id), kind.listUnderUserRight as string);
			} else if (kind.type === 'organization') {
				throw ttsError('pkg/identityserver:nested_organizations');
			} else {
				caller.require(
					entityRef('organization', member.id),
					kind.listUnderOrganizationRight as string,
				);
			}
			const account = member;
			const records = [...identity.entities[kind.type].values()].filter(
				(record) => inState(record) && isMemberOf(identity, account, record, indirect),
			);
			const page = paginate(
				call,
				records,
				(record, field) => sortKeyOf(kind, record.entity, field),
				kind.idField,
			);
			return listResponse(
				kind.listField,
				page.map((record) => {
					const id = stringAt(record.entity, `ids.${kind.idField}`);
					const rights = caller.rightsOn(entityRef(kind.type, id), { includeDeleted: true });
					return answer(kind, record, paths, rights.includes(kind.infoRight));
				}),
			);
		},
	);
}

export function sortKeyOf(kind: EntityKind, entity: JsonObject, field: string): string {
	if (field === kind.idField) return stringAt(entity, `ids.${kind.idField}`);
	if (field === 'gateway_eui') return stringAt(entity, 'ids.eui');
	const value = entity[field];
	return typeof value === 'string' ? value : '';
}

function requireUpdateRights(call: Call, kind: EntityKind, id: string, paths: string[]): void {
	try {
		call.caller.require(entityRef(kind.type, id), kind.updateRight);
	} catch (error) {
		// pkg/identityserver/gateway_registry.go updateGateway: GATEWAY_LINK may set the antennas
		// and attributes.
		const linkMaySet =
			kind.type === 'gateway' &&
			paths.every((path) => path === 'antennas' || path === 'attributes') &&
			call.caller.hasRight(entityRef('gateway', id), 'RIGHT_GATEWAY_LINK');
		if (!linkMaySet) throw error;
	}
	if (kind.type === 'gateway' && touchesGatewaySecrets(paths)) {
		call.caller.require(entityRef('gateway', id), 'RIGHT_GATEWAY_WRITE_SECRETS');
	}
}

/**
 * pkg/identityserver/gateway_registry.go updateGateway: a new `ids.eui` must be free among the
 * live gateways; the database's unique index answers pkg/util/store:eui_taken.
 */
function updateGatewayEui(identity: IdentityRegistry, record: EntityRecord, input: JsonObject) {
	const id = stringAt(record.entity, 'ids.gateway_id');
	const previous = stringAt(record.entity, 'ids.eui');
	const next = stringAt(input, 'ids.eui');
	const holder = gatewayHoldingEui(identity, next);
	if (holder && holder !== id) {
		throw ttsError('pkg/util/store:eui_taken', {}, ttsError('pkg/util/store:already_exists'));
	}
	if (identity.gatewayEuis.get(previous) === id) identity.gatewayEuis.delete(previous);
	if (next) identity.gatewayEuis.set(next, id);
}

function updateEntity(kind: EntityKind): Handler {
	return (call) => {
		const input = deepClone(objectAt(call.message, kind.messageField));
		const id = stringAt(input, `ids.${kind.idField}`);
		const requested = maskAt(call.message);
		requireUpdateRights(call, kind, id, requested);
		const record = findLiveEntity(call.tenant.identity, kind, id);
		// cleanFieldMaskPaths removes ids, created_at and updated_at from an update mask.
		let paths = requested.filter((path) => !alwaysReturnedPaths.includes(path));
		if (paths.some((path) => path === 'contact_info' || path.startsWith('contact_info.'))) {
			call.warn('Contact info is deprecated and will be removed in the next major release');
			paths = paths.filter((path) => path !== 'contact_info' && !path.startsWith('contact_info.'));
		}
		if (kind.type === 'gateway') {
			paths = withFrequencyPlanIds(paths);
			const planId = stringAt(input, 'frequency_plan_id');
			const planIds = input.frequency_plan_ids;
			if (planId && (!Array.isArray(planIds) || planIds.length === 0)) {
				input.frequency_plan_ids = [planId];
			}
			if (paths.includes('ids.eui')) updateGatewayEui(call.tenant.identity, record, input);
		}
		applyPaths(record.entity, input, paths);
		record.entity.updated_at = nowTimestamp();
		publishFromCall(call, `${kind.type}.update`, [identifiersOf(kind, record)]);
		// Unlike Get and List, Create and Update answer without the deprecated frequency_plan_id.
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
		// The gateway EUI index is unique among live gateways only
		// (pkg/identityserver/store/migrations/20220913000000_update_gtw_eui_index.tx.up.sql).
		if (kind.type === 'gateway') {
			const eui = stringAt(record.entity, 'ids.eui');
			if (identity.gatewayEuis.get(eui) === id) identity.gatewayEuis.delete(eui);
		}
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
		call.caller.require(entityRef(kind.type, id), { includeDeleted: true }, kind.deleteRight);
		const record = identity.entities[kind.type].get(id);
		if (!record || !record.deletedAt) throw ttsError(kind.notFound, { [kind.idField]: id });
		if (call.services.options.now() - Date.parse(record.deletedAt) > restoreWindowMs) {
			throw ttsError('pkg/identityserver:restore_window_expired');
		}
		if (kind.type === 'gateway') restoreGatewayEui(identity, record);
		delete record.deletedAt;
		delete record.entity.deleted_at;
		publishFromCall(call, `${kind.type}.restore`, [identifiersOf(kind, record)]);
		return {};
	};
}

/**
 * pkg/identityserver/bunstore/gateway_store.go RestoreGateway: a restored gateway gets its EUI
 * back unless another gateway claimed it meanwhile; then its EUI is cleared.
 */
function restoreGatewayEui(identity: IdentityRegistry, record: EntityRecord): void {
	const eui = stringAt(record.entity, 'ids.eui');
	if (!eui) return;
	if (gatewayHoldingEui(identity, eui)) {
		delete objectAt(record.entity, 'ids').eui;
		return;
	}
	identity.gatewayEuis.set(eui, stringAt(record.entity, 'ids.gateway_id'));
}

function purgeEntity(kind: EntityKind): Handler {
	return (call) => {
		const { identity } = call.tenant;
		const id = entityIdFrom(kind, call.message);
		if (!callerIsAdmin(call)) throw ttsError(kind.purgeOnlyByAdmins);
		if (kind.type === 'application') assertNoDevices(identity, id);
		const record = identity.entities[kind.type].get(id);
		if (!record) throw ttsError(kind.notFound, { [kind.idField]: id });
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

/**
 * `GET /<entities>/{id}/rights` (pkg/identityserver/*_access.go list*Rights): the caller's
 * rights on the entity, as the rights fetcher computes them, kept to the entity's kind.
 */
function listRights(type: EntityType): Handler {
	return (call) => {
		const kind = entityKinds[type];
		const id = entityIdFrom(kind, call.message);
		const target = entityRef(type, id);
		const record = call.tenant.identity.entities[type].get(id);
		// An admin's rights fetch fails for an entity that is not there (rights.go *Rights).
		if (call.caller.isAdmin && (!record || record.deletedAt)) {
			throw ttsError(kind.notFound, { [kind.idField]: id });
		}
		const rights = rightsForEntity(call.caller.rightsOn(target), type);
		// TTS omits an empty repeated field: no rights answer `{}`.
		const response: JsonObject = rights.length > 0 ? { rights } : {};
		return response;
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
