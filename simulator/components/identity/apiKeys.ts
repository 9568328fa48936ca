import { entity as entityRef } from '../../auth/callerRights';
import { EntityRef, EntityType } from '../../auth/rights';
import { newApiKeyParts } from '../../auth/tokens';
import { JsonObject } from '../../encoding/json';
import { nowTimestamp } from '../../encoding/time';
import { ttsError } from '../../errors/ttsError';
import { Handler, withRequestValidation } from '../../http/call';
import type { ApiKeyRecord } from '../../state/records';
import type { IdentityRegistry } from '../../state/tenantState';
import { listResponse } from '../common/listResponse';
import { arrayAt, maskAt, objectAt, stringAt } from '../common/messageFields';
import { paginate, validateOrder } from '../common/pagination';
import { publishFromCall } from '../common/publish';
import { validateLength } from '../common/validation';
import { entityIdFrom } from './entityRegistry';
import { entityKinds } from './entityKinds';

export interface NewApiKey {
	record: ApiKeyRecord;
	/** The full secret token `NNSXS.<id>.<secret>`, shown only once. */
	key: string;
}

/** Stores a new API key for an entity; used by the API and by the simulator's helpers. */
export function storeApiKey(
	identity: IdentityRegistry,
	owner: EntityRef,
	rights: string[],
	name = '',
	expiresAt?: string,
): NewApiKey {
	const { id, secret, token } = newApiKeyParts();
	const now = nowTimestamp();
	const record: ApiKeyRecord = {
		id,
		secret,
		name,
		rights: [...rights],
		entity: owner,
		createdAt: now,
		updatedAt: now,
		expiresAt,
	};
	identity.apiKeys.set(id, record);
	return { record, key: token };
}

/** The APIKey message (without the secret). */
export function apiKeyMessage(record: ApiKeyRecord): JsonObject {
	const message: JsonObject = {
		id: record.id,
		name: record.name,
		rights: record.rights,
		created_at: record.createdAt,
		updated_at: record.updatedAt,
	};
	if (record.expiresAt) message.expires_at = record.expiresAt;
	return message;
}

function ownerOf(type: EntityType, message: JsonObject): EntityRef {
	return entityRef(type, entityIdFrom(entityKinds[type], message));
}

function findKey(identity: IdentityRegistry, owner: EntityRef, keyId: string): ApiKeyRecord {
	const record = identity.apiKeys.get(keyId);
	if (!record || record.entity.type !== owner.type || record.entity.id !== owner.id) {
		throw ttsError('pkg/identityserver/store:api_key_not_found', { api_key_id: keyId });
	}
	return record;
}

function apiKeySortKey(key: ApiKeyRecord, field: string): string {
	if (field === 'name') return key.name;
	if (field === 'created_at') return key.createdAt;
	if (field === 'expires_at') return key.expiresAt ?? '';
	return key.id;
}

function stringList(values: unknown[]): string[] {
	return values.filter((value): value is string => typeof value === 'string');
}

export function apiKeyHandlers(type: Exclude<EntityType, 'client'>): Record<string, Handler> {
	const kind = entityKinds[type];
	const service = `${kind.service.replace('Registry', '')}Access`;
	return {
		[`${service}.CreateAPIKey`]: withRequestValidation(
			(message) => validateLength(stringAt(message, 'name'), 'name', 50),
			(call) => {
				const owner = ownerOf(type, call.message);
				call.caller.require(owner, kind.apiKeysRight);
				// *_access.go create*APIKey: the caller must hold every right of the new key.
				const rights = stringList(arrayAt(call.message, 'rights'));
				call.caller.require(owner, ...rights);
				const name = stringAt(call.message, 'name');
				const expiresAt = stringAt(call.message, 'expires_at') || undefined;
				const created = storeApiKey(call.tenant.identity, owner, rights, name, expiresAt);
				publishFromCall(call, `${type}.api-key.create`, [
					{ [kind.idsField]: { [kind.idField]: owner.id } },
				]);
				return { ...apiKeyMessage(created.record), key: created.key };
			},
		),
		[`${service}.ListAPIKeys`]: withRequestValidation(
			(message) => validateOrder(message, ['api_key_id', 'name', 'created_at', 'expires_at']),
			(call) => {
				const owner = ownerOf(type, call.message);
				call.caller.require(owner, kind.apiKeysRight);
				const keys = [...call.tenant.identity.apiKeys.values()].filter(
					(key) => key.entity.type === owner.type && key.entity.id === owner.id,
				);
				const page = paginate(call, keys, apiKeySortKey, 'api_key_id');
				return listResponse('api_keys', page.map(apiKeyMessage));
			},
		),
		[`${service}.GetAPIKey`]: (call) => {
			const owner = ownerOf(type, call.message);
			call.caller.require(owner, kind.apiKeysRight);
			return apiKeyMessage(findKey(call.tenant.identity, owner, stringAt(call.message, 'key_id')));
		},
		/**
		 * *_access.go update*APIKey: an empty mask means rights and name; the caller must hold the
		 * rights added and the rights removed; masking rights with none deletes the key.
		 */
		[`${service}.UpdateAPIKey`]: (call) => {
			const owner = ownerOf(type, call.message);
			const requested = maskAt(call.message);
			call.caller.require(owner, kind.apiKeysRight);
			const paths = requested.length > 0 ? requested : ['rights', 'name'];
			const input = objectAt(call.message, 'api_key');
			const record = findKey(call.tenant.identity, owner, stringAt(input, 'id'));
			const rights = stringList(arrayAt(input, 'rights'));
			if (rights.length > 0) {
				call.caller.require(owner, ...rights.filter((right) => !record.rights.includes(right)));
				call.caller.require(owner, ...record.rights.filter((right) => !rights.includes(right)));
			} else if (paths.includes('rights')) {
				call.tenant.identity.apiKeys.delete(record.id);
				publishFromCall(call, `${type}.api-key.delete`, [
					{ [kind.idsField]: { [kind.idField]: owner.id } },
				]);
				call.services.streams.revalidate(call.tenantId);
				return {};
			}
			if (paths.includes('rights')) record.rights = rights;
			if (paths.includes('name')) record.name = stringAt(input, 'name');
			if (paths.includes('expires_at'))
				record.expiresAt = stringAt(input, 'expires_at') || undefined;
			record.updatedAt = nowTimestamp();
			publishFromCall(call, `${type}.api-key.update`, [
				{ [kind.idsField]: { [kind.idField]: owner.id } },
			]);
			call.services.streams.revalidate(call.tenantId);
			return apiKeyMessage(record);
		},
		[`${service}.DeleteAPIKey`]: (call) => {
			const owner = ownerOf(type, call.message);
			call.caller.require(owner, kind.apiKeysRight);
			const record = findKey(call.tenant.identity, owner, stringAt(call.message, 'key_id'));
			call.tenant.identity.apiKeys.delete(record.id);
			publishFromCall(call, `${type}.api-key.delete`, [
				{ [kind.idsField]: { [kind.idField]: owner.id } },
			]);
			call.services.streams.revalidate(call.tenantId);
			return {};
		},
	};
}
