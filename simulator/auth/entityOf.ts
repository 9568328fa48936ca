import { isJsonObject, JsonObject } from '../encoding/json';
import type { EntityRef } from './rights';

/** The entity whose rights govern an EntityIdentifiers value; devices are governed by their application. */
export function entityOfIdentifiers(identifiers: JsonObject): EntityRef | undefined {
	const [kind, value] = Object.entries(identifiers)[0] ?? [];
	if (!isJsonObject(value)) return undefined;
	switch (kind) {
		case 'application_ids':
			return { type: 'application', id: String(value.application_id ?? '') };
		case 'device_ids':
			return isJsonObject(value.application_ids)
				? { type: 'application', id: String(value.application_ids.application_id ?? '') }
				: undefined;
		case 'gateway_ids':
			return { type: 'gateway', id: String(value.gateway_id ?? '') };
		case 'organization_ids':
			return { type: 'organization', id: String(value.organization_id ?? '') };
		case 'user_ids':
			return { type: 'user', id: String(value.user_id ?? '') };
		case 'client_ids':
			return { type: 'client', id: String(value.client_id ?? '') };
		default:
			return undefined;
	}
}

/** Entity from an event's entity key (`end_device:app.dev` is governed by `application:app`). */
export function entityOfKey(key: string): EntityRef | undefined {
	const separator = key.indexOf(':');
	const kind = key.slice(0, separator);
	const id = key.slice(separator + 1);
	switch (kind) {
		case 'end_device':
			return { type: 'application', id: id.slice(0, id.indexOf('.')) };
		case 'application':
		case 'gateway':
		case 'organization':
		case 'user':
		case 'client':
			return { type: kind, id };
		default:
			return undefined;
	}
}
