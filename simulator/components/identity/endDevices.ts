import { entity as entityRef } from '../../auth/callerRights';
import { applyPaths, pickPaths } from '../../encoding/fieldMask';
import { deepClone, isJsonObject, JsonObject } from '../../encoding/json';
import { nowTimestamp, timestampMilliseconds } from '../../encoding/time';
import { ttsError } from '../../errors/ttsError';
import { deviceIdentifiers } from '../../events/identifiers';
import { Call, Handler, withRequestValidation } from '../../http/call';
import { endDeviceUid } from '../../state/records';
import type { IdentityRegistry } from '../../state/tenantState';
import { endDeviceEuisTaken, euiPairKey } from '../common/endDeviceEuis';
import { listResponse } from '../common/listResponse';
import { arrayAt, maskAt, objectAt, stringAt } from '../common/messageFields';
import { paginate } from '../common/pagination';
import { publishFromCall } from '../common/publish';
import {
	checkBlocklist,
	validateBatchDeviceIds,
	validateId,
	validateLength,
} from '../common/validation';
import { alwaysReturnedPaths, findLiveEntity } from './entityRegistry';
import { entityKinds } from './entityKinds';
import { checkServerAddresses } from './serverAddresses';
import { allowedFieldMaskPaths } from '../../spec/fieldMasks';

const readRight = 'RIGHT_APPLICATION_DEVICES_READ';
const writeRight = 'RIGHT_APPLICATION_DEVICES_WRITE';

function euiKey(device: JsonObject): string | undefined {
	return euiPairKey(objectAt(device, 'ids'));
}

export function findIsDevice(
	identity: IdentityRegistry,
	applicationId: string,
	deviceId: string,
): JsonObject {
	const device = identity.endDevices.get(applicationId)?.get(deviceId);
	if (!device) {
		throw ttsError('pkg/identityserver/store:end_device_not_found', {
			device_id: deviceId,
			application_id: applicationId,
		});
	}
	return device;
}

/** The IS part of an EndDevice: the fields the IS stores (EndDeviceRegistry.Get paths). */
function identityFields(input: JsonObject): JsonObject {
	const allowed = allowedFieldMaskPaths('EndDeviceRegistry.Get') ?? new Set<string>();
	const device: JsonObject = {};
	for (const [field, value] of Object.entries(input)) {
		if (allowed.has(field) && field !== 'created_at' && field !== 'updated_at')
			device[field] = deepClone(value);
	}
	const ids = objectAt(input, 'ids');
	device.ids = pickPaths(ids, ['device_id', 'application_ids', 'dev_eui', 'join_eui']);
	return device;
}

/** Which unique index of the end device table the database checks first; see storeIsDevice. */
export type EndDeviceIndexOrder = 'id' | 'eui';

/**
 * Stores a device in the IS registry after the uniqueness checks; used by Create and seeding.
 *
 * The store inserts the row in one statement (pkg/identityserver/bunstore/end_device_store.go
 * CreateEndDevice) against two unique indexes, end_device_id_index (application_id, device_id) and
 * end_device_eui_index (join_eui, dev_eui) (store/migrations/20220520000000_v3_20.init.sql).
 * PostgreSQL reports whichever it checks first, so re-creating the same device answers either
 * pkg/util/store:id_taken or, mapped by pkg/util/store/error.go GetError (`_eui_index`) and
 * pkg/identityserver/end_device_registry.go createEndDevice, end_device_euis_taken naming the
 * device that holds the EUIs: here, the same device.
 */
export function storeIsDevice(
	identity: IdentityRegistry,
	applicationId: string,
	input: JsonObject,
	indexOrder: EndDeviceIndexOrder = 'id',
): JsonObject {
	const deviceId = stringAt(input, 'ids.device_id');
	const devices = identity.devicesOf(applicationId);
	const key = euiKey(input);
	const holder = key ? identity.endDeviceEuis.get(key) : undefined;
	const checkId = () => {
		if (devices.has(deviceId)) throw ttsError('pkg/util/store:id_taken');
	};
	const checkEuis = () => {
		if (!holder) return;
		throw endDeviceEuisTaken(
			'pkg/identityserver:end_device_euis_taken',
			objectAt(input, 'ids'),
			holder,
		);
	};
	if (indexOrder === 'eui') {
		checkEuis();
		checkId();
	} else {
		checkId();
		checkEuis();
	}
	const now = nowTimestamp();
	const device = { ...identityFields(input), created_at: now, updated_at: now };
	devices.set(deviceId, device);
	if (key) identity.endDeviceEuis.set(key, endDeviceUid(applicationId, deviceId));
	return device;
}

// end_device.proto CreateEndDeviceRequest: the device ID, name and description rules.
function validateCreateRequest(message: JsonObject): void {
	validateId(stringAt(message, 'end_device.ids.device_id'), 'end_device.ids.device_id');
	validateLength(stringAt(message, 'end_device.name'), 'end_device.name', 50);
	validateLength(stringAt(message, 'end_device.description'), 'end_device.description', 2000);
}

const createDevice = withRequestValidation(validateCreateRequest, (call) => {
	const input = objectAt(call.message, 'end_device');
	const applicationId = stringAt(input, 'ids.application_ids.application_id');
	const deviceId = stringAt(input, 'ids.device_id');
	call.caller.require(entityRef('application', applicationId), writeRight);
	checkBlocklist(deviceId);
	const application = findLiveEntity(call.tenant.identity, entityKinds.application, applicationId);
	checkServerAddresses(application.entity, input);
	const device = storeIsDevice(
		call.tenant.identity,
		applicationId,
		input,
		call.services.options.endDeviceIndexOrder,
	);
	publishFromCall(call, 'end_device.create', [deviceIdentifiers(objectAt(device, 'ids'))]);
	return deepClone(device);
});

const getDevice: Handler = (call) => {
	const applicationId = stringAt(call.message, 'end_device_ids.application_ids.application_id');
	const deviceId = stringAt(call.message, 'end_device_ids.device_id');
	call.caller.require(entityRef('application', applicationId), readRight);
	const paths = maskAt(call.message);
	const device = findIsDevice(call.tenant.identity, applicationId, deviceId);
	return pickPaths(device, [...alwaysReturnedPaths, ...paths]);
};

function deviceSortKey(device: JsonObject, field: string): string {
	switch (field) {
		case 'device_id':
			return stringAt(device, 'ids.device_id');
		case 'join_eui':
		case 'dev_eui':
			return stringAt(device, `ids.${field}`);
		default:
			return stringAt(device, field);
	}
}

const listDevices: Handler = (call) => {
	const applicationId = stringAt(call.message, 'application_ids.application_id');
	call.caller.require(entityRef('application', applicationId), readRight);
	const paths = maskAt(call.message);
	let devices = [...(call.tenant.identity.endDevices.get(applicationId)?.values() ?? [])];
	for (const filter of arrayAt(call.message, 'filters')) {
		if (!isJsonObject(filter) || typeof filter.updated_since !== 'string') continue;
		const since = timestampMilliseconds(filter.updated_since);
		devices = devices.filter(
			(device) => timestampMilliseconds(stringAt(device, 'updated_at')) >= since,
		);
	}
	const page = paginate(call, devices, deviceSortKey, 'device_id');
	return listResponse(
		'end_devices',
		page.map((device) => pickPaths(device, [...alwaysReturnedPaths, ...paths])),
	);
};

const updateDevice: Handler = (call) => {
	const input = objectAt(call.message, 'end_device');
	const applicationId = stringAt(input, 'ids.application_ids.application_id');
	const deviceId = stringAt(input, 'ids.device_id');
	call.caller.require(entityRef('application', applicationId), writeRight);
	const paths = maskAt(call.message);
	const device = findIsDevice(call.tenant.identity, applicationId, deviceId);
	// pkg/identityserver/end_device_registry.go: no address check (Create only); an empty mask
	// only touches updated_at.
	applyPaths(device, input, paths);
	device.updated_at = nowTimestamp();
	publishFromCall(call, 'end_device.update', [deviceIdentifiers(objectAt(device, 'ids'))]);
	return pickPaths(device, [...alwaysReturnedPaths, ...paths]);
};

function removeDevice(
	identity: IdentityRegistry,
	applicationId: string,
	deviceId: string,
): JsonObject | undefined {
	const devices = identity.endDevices.get(applicationId);
	const device = devices?.get(deviceId);
	if (!devices || !device) return undefined;
	devices.delete(deviceId);
	const key = euiKey(device);
	if (key) identity.endDeviceEuis.delete(key);
	return device;
}

const deleteDevice: Handler = (call) => {
	const applicationId = stringAt(call.message, 'application_ids.application_id');
	const deviceId = stringAt(call.message, 'device_id');
	call.caller.require(entityRef('application', applicationId), writeRight);
	findIsDevice(call.tenant.identity, applicationId, deviceId);
	const device = removeDevice(call.tenant.identity, applicationId, deviceId);
	if (device)
		publishFromCall(call, 'end_device.delete', [deviceIdentifiers(objectAt(device, 'ids'))]);
	return {};
};

function batchDeviceIds(call: Call): string[] {
	return arrayAt(call.message, 'device_ids').map(String);
}

const batchGetDevices = withRequestValidation(validateBatchDeviceIds, (call) => {
	const applicationId = stringAt(call.message, 'application_ids.application_id');
	call.caller.require(entityRef('application', applicationId), readRight);
	const ids = batchDeviceIds(call);
	const paths = maskAt(call.message);
	const devices = call.tenant.identity.endDevices.get(applicationId);
	const found = ids
		.map((id) => devices?.get(id))
		.filter((device): device is JsonObject => device !== undefined);
	return listResponse(
		'end_devices',
		found.map((device) => pickPaths(device, [...alwaysReturnedPaths, ...paths])),
	);
});

const batchDeleteDevices = withRequestValidation(validateBatchDeviceIds, (call) => {
	const applicationId = stringAt(call.message, 'application_ids.application_id');
	call.caller.require(entityRef('application', applicationId), writeRight);
	const ids = batchDeviceIds(call);
	const deleted = ids
		.map((id) => removeDevice(call.tenant.identity, applicationId, id))
		.filter((device): device is JsonObject => device !== undefined);
	if (deleted.length > 0) {
		publishFromCall(
			call,
			'end_device.batch.delete',
			[{ application_ids: { application_id: applicationId } }],
			{
				'@type': 'type.googleapis.com/ttn.lorawan.v3.EndDeviceIdentifiersList',
				end_device_ids: deleted.map((device) => objectAt(device, 'ids')),
			},
		);
	}
	return {};
});

const searchDevices: Handler = (call) => {
	const applicationId = stringAt(call.message, 'application_ids.application_id');
	call.caller.require(entityRef('application', applicationId), readRight);
	const paths = maskAt(call.message);
	const contains = (value: string, needle: string) =>
		!needle || value.toLowerCase().includes(needle.toLowerCase());
	const query = stringAt(call.message, 'query');
	// pkg/identityserver/bunstore/entity_search.go SearchEndDevices: the query's columns.
	const queryFields = ['ids.device_id', 'ids.dev_eui', 'ids.join_eui', 'name', 'description'];
	const devices = [...(call.tenant.identity.endDevices.get(applicationId)?.values() ?? [])].filter(
		(device) =>
			(!query || queryFields.some((field) => contains(stringAt(device, field), query))) &&
			contains(stringAt(device, 'ids.device_id'), stringAt(call.message, 'id_contains')) &&
			contains(stringAt(device, 'name'), stringAt(call.message, 'name_contains')) &&
			contains(stringAt(device, 'description'), stringAt(call.message, 'description_contains')) &&
			contains(stringAt(device, 'ids.dev_eui'), stringAt(call.message, 'dev_eui_contains')) &&
			contains(stringAt(device, 'ids.join_eui'), stringAt(call.message, 'join_eui_contains')),
	);
	const page = paginate(call, devices, deviceSortKey, 'device_id');
	return listResponse(
		'end_devices',
		page.map((device) => pickPaths(device, [...alwaysReturnedPaths, ...paths])),
	);
};

/**
 * `POST /applications/{id}/dev-eui`: a DevEUI from the configured block (option devEuiBlock), at
 * most `applicationLimit` per application (pkg/identityserver/application_registry.go issueDevEUI,
 * bunstore/eui_store.go IssueDevEUIForApplication).
 */
const issueDevEui: Handler = (call) => {
	const applicationId = stringAt(call.message, 'application_id');
	// The rights are asked for with soft-deleted applications included (store.WithSoftDeleted).
	call.caller.require(
		entityRef('application', applicationId),
		{ includeDeleted: true },
		writeRight,
	);
	const block = call.services.options.devEuiBlock;
	if (!block) throw ttsError('pkg/identityserver:dev_eui_issuing_not_enabled');
	const application = findLiveEntity(call.tenant.identity, entityKinds.application, applicationId);
	const limit = block.applicationLimit;
	if (limit > 0 && (application.issuedDevEuis ?? 0) >= limit) {
		throw ttsError('pkg/identityserver/store:application_dev_eui_limit_reached', {
			dev_eui_limit: limit,
		});
	}
	application.issuedDevEuis = (application.issuedDevEuis ?? 0) + 1;
	const devEui = call.tenant.nextIssuedDevEui.toString(16).toUpperCase().padStart(16, '0');
	call.tenant.nextIssuedDevEui++;
	publishFromCall(call, 'application.issue_dev_eui', [
		{ application_ids: { application_id: applicationId } },
	]);
	return { dev_eui: devEui };
};

export const identityEndDeviceHandlers: Record<string, Handler> = {
	'EndDeviceRegistry.Create': createDevice,
	'EndDeviceRegistry.Get': getDevice,
	'EndDeviceRegistry.List': listDevices,
	'EndDeviceRegistry.Update': updateDevice,
	'EndDeviceRegistry.Delete': deleteDevice,
	'EndDeviceBatchRegistry.Get': batchGetDevices,
	'EndDeviceBatchRegistry.Delete': batchDeleteDevices,
	'EndDeviceRegistrySearch.SearchEndDevices': searchDevices,
	'ApplicationRegistry.IssueDevEUI': issueDevEui,
};
