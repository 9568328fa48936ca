import { isJsonObject, JsonObject } from '../encoding/json';

/** A stable key for one EntityIdentifiers value, e.g. `application:app1`, `end_device:app1.dev1`. */
export function entityKey(identifiers: JsonObject): string | undefined {
	const [kind, value] = Object.entries(identifiers)[0] ?? [];
	if (!kind || !isJsonObject(value)) return undefined;
	switch (kind) {
		case 'application_ids':
			return `application:${String(value.application_id ?? '')}`;
		case 'device_ids': {
			const application = isJsonObject(value.application_ids)
				? value.application_ids.application_id
				: '';
			return `end_device:${String(application ?? '')}.${String(value.device_id ?? '')}`;
		}
		case 'gateway_ids':
			return `gateway:${String(value.gateway_id ?? '')}`;
		case 'organization_ids':
			return `organization:${String(value.organization_id ?? '')}`;
		case 'user_ids':
			return `user:${String(value.user_id ?? '')}`;
		case 'client_ids':
			return `client:${String(value.client_id ?? '')}`;
		default:
			return undefined;
	}
}

/** The application identifiers of a device identifiers value, for propagation to the parent. */
export function parentIdentifiers(identifiers: JsonObject): JsonObject | undefined {
	const device = identifiers.device_ids;
	if (!isJsonObject(device) || !isJsonObject(device.application_ids)) return undefined;
	return applicationIdentifiers(String(device.application_ids.application_id ?? ''));
}

/** The application key of a device identifiers value, for propagation to the parent. */
export function parentKey(identifiers: JsonObject): string | undefined {
	const parent = parentIdentifiers(identifiers);
	return parent ? entityKey(parent) : undefined;
}

/**
 * The identifiers a stored event keeps without its payload: pkg/events/redis/codec.go
 * encodeEventMeta stores the entity type and unique ID only, which decodeEventMeta turns back
 * into bare IDs (a device without its EUIs or DevAddr).
 */
export function bareIdentifiers(identifiers: JsonObject): JsonObject {
	const [kind, value] = Object.entries(identifiers)[0] ?? [];
	if (!kind || !isJsonObject(value)) return identifiers;
	if (kind === 'device_ids') {
		const application = isJsonObject(value.application_ids)
			? value.application_ids.application_id
			: '';
		return {
			device_ids: {
				device_id: String(value.device_id ?? ''),
				application_ids: { application_id: String(application ?? '') },
			},
		};
	}
	const idField = `${kind.replace(/_ids$/, '')}_id`;
	return { [kind]: { [idField]: String(value[idField] ?? '') } };
}

export function applicationIdentifiers(applicationId: string): JsonObject {
	return { application_ids: { application_id: applicationId } };
}

export function deviceIdentifiers(device: JsonObject): JsonObject {
	return { device_ids: device };
}

export function gatewayIdentifiers(gatewayIds: JsonObject): JsonObject {
	return { gateway_ids: gatewayIds };
}
