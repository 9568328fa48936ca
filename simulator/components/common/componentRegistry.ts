import { entity as entityRef } from '../../auth/callerRights';
import { applyPaths, hasPathOrParent, pickPaths } from '../../encoding/fieldMask';
import { deepClone, getPath, JsonObject } from '../../encoding/json';
import { nowTimestamp } from '../../encoding/time';
import type { ErrorId } from '../../errors/catalog';
import { TtsError, ttsError } from '../../errors/ttsError';
import { Call, Handler, RequestValidator, withRequestValidation } from '../../http/call';
import { endDeviceUid } from '../../state/records';
import type { DeviceRegistry, TenantState } from '../../state/tenantState';
import { endDeviceEuisTaken, euiPairKey } from './endDeviceEuis';
import { arrayAt, maskAt, objectAt, stringAt } from './messageFields';
import { validateBatchDeviceIds, validateId } from './validation';

export interface SetContext {
	call: Call;
	input: JsonObject;
	existing: JsonObject | undefined;
	/** The device after applying the masked paths, before storing. */
	device: JsonObject;
	paths: string[];
}

export interface ComponentRegistryConfig {
	/** `NsEndDeviceRegistry` */
	service: string;
	batchService: string;
	registry(tenant: TenantState): DeviceRegistry;
	notFound(uid: string): TtsError;
	/**
	 * The rights a Set of these masked paths needs, as the server asks the Identity Server for
	 * them: each list is one `rights.RequireApplication` call, in order.
	 */
	setRights(paths: readonly string[]): string[][];
	/** The same for a Get; an empty list asks for any right on the application. */
	getRights(paths: readonly string[]): string[][];
	/** Paths a Get always returns besides the mask. */
	alwaysReturned: string[];
	/** Whether the component keeps created_at/updated_at (the NS does). */
	timestamps: boolean;
	/** The registry's `read_only_field` (pkg/<server>/redis/registry.go errReadOnlyField). */
	readOnlyField: ErrorId;
	/** Whether Set adds the identifiers the request carries to its mask (the NS does). */
	masksRequestIdentifiers?: boolean;
	/** Proto rules of the Set request beyond the device ID, checked by the validator. */
	validateSetMessage?: RequestValidator;
	/** Checks of the request that the server makes before it asks for the caller's rights. */
	validateRequest?(input: JsonObject, paths: string[]): void;
	validateSet(context: SetContext): void;
	afterDelete?(tenant: TenantState, uid: string, device: JsonObject): void;
}

const writeRight = 'RIGHT_APPLICATION_DEVICES_WRITE';

/**
 * DEVICES_READ (or _WRITE), then, when keys are involved, DEVICES_READ_KEYS (or _WRITE_KEYS) in a
 * second check: how the Application and Join Servers ask (a caller without the first right is
 * told only that one is missing).
 */
export function deviceThenKeyRights(access: 'READ' | 'WRITE', keys: boolean): string[][] {
	const device = `RIGHT_APPLICATION_DEVICES_${access}`;
	return keys ? [[device], [`${device}_KEYS`]] : [[device]];
}

/**
 * The caller's rights on the application, as a cluster server learns them: from the Identity
 * Server, with the caller's forwarded credentials, one check after the other.
 */
function requireApplicationRights(call: Call, applicationId: string, steps: string[][]): void {
	for (const rights of steps) {
		call.caller.requireFromCluster(entityRef('application', applicationId), ...rights);
	}
}

const identifierFields = ['device_id', 'application_ids', 'dev_eui', 'join_eui'];

/** The identifier paths a request carries: `ids.application_ids`, `ids.device_id`, EUIs if given. */
function requestIdPaths(input: JsonObject): string[] {
	const ids = objectAt(input, 'ids');
	return ['ids.application_ids.application_id', 'ids.device_id'].concat(
		['join_eui', 'dev_eui'].filter((eui) => ids[eui] !== undefined).map((eui) => `ids.${eui}`),
	);
}

/**
 * pkg/networkserver, pkg/applicationserver and pkg/joinserver redis/registry.go: the identifiers
 * of a stored device are read-only; a Set that writes a different one fails.
 */
function checkReadOnlyIdentifiers(
	error: ErrorId,
	input: JsonObject,
	existing: JsonObject,
	paths: readonly string[],
): void {
	for (const field of ['application_ids.application_id', 'device_id', 'join_eui', 'dev_eui']) {
		const path = `ids.${field}`;
		if (!hasPathOrParent(paths, path)) continue;
		if (getPath(input, path) !== getPath(objectAt(existing, 'ids'), field)) {
			throw ttsError(error, { field: path });
		}
	}
}

/**
 * The registries' unique JoinEUI/DevEUI index: a new device with both EUIs needs a pair no other
 * device holds (pkg/internal/registry UniqueEUIViolationErr).
 */
function checkEuiPairFree(registry: DeviceRegistry, uid: string, ids: JsonObject): void {
	const pair = euiPairKey(ids);
	const holder = pair ? registry.euis.get(pair) : undefined;
	if (holder && holder !== uid) {
		throw endDeviceEuisTaken('pkg/internal/registry:end_device_euis_taken', ids, holder);
	}
}

/** Stores a device of a NS, AS or JS registry, its JoinEUI/DevEUI pair in the unique index. */
export function storeComponentDevice(
	registry: DeviceRegistry,
	uid: string,
	device: JsonObject,
): void {
	registry.devices.set(uid, device);
	const pair = euiPairKey(objectAt(device, 'ids'));
	if (pair && !registry.euis.has(pair)) registry.euis.set(pair, uid);
}

/** Set, Get, Delete and BatchDelete of a NS/AS/JS end-device registry with upsert semantics. */
export function componentRegistryHandlers(
	config: ComponentRegistryConfig,
): Record<string, Handler> {
	const set = withRequestValidation(
		(message) => {
			validateId(stringAt(message, 'end_device.ids.device_id'), 'end_device.ids.device_id');
			config.validateSetMessage?.(message);
		},
		(call) => {
			const input = objectAt(call.message, 'end_device');
			const applicationId = stringAt(input, 'ids.application_ids.application_id');
			const deviceId = stringAt(input, 'ids.device_id');
			const paths = maskAt(call.message);
			config.validateRequest?.(input, paths);
			requireApplicationRights(call, applicationId, config.setRights(paths));
			const registry = config.registry(call.tenant);
			const uid = endDeviceUid(applicationId, deviceId);
			const existing = registry.devices.get(uid);
			const device: JsonObject = existing ? deepClone(existing) : { ids: {} };
			applyPaths(device, input, paths);
			// A new device takes its identifiers from the request (the servers add ids.* to the mask),
			// an existing one keeps its own.
			device.ids = existing
				? deepClone(objectAt(existing, 'ids'))
				: { ...objectAt(device, 'ids'), ...pickPaths(objectAt(input, 'ids'), identifierFields) };
			const context: SetContext = { call, input, existing, device, paths };
			config.validateSet(context);
			if (existing) {
				const idPaths = config.masksRequestIdentifiers
					? [...paths, ...requestIdPaths(input)]
					: paths;
				checkReadOnlyIdentifiers(config.readOnlyField, input, existing, idPaths);
			} else {
				checkEuiPairFree(registry, uid, objectAt(device, 'ids'));
			}
			if (config.timestamps) {
				const now = nowTimestamp();
				device.created_at = existing?.created_at ?? now;
				device.updated_at = now;
			}
			storeComponentDevice(registry, uid, device);
			const returned = [
				'ids',
				...(config.timestamps ? ['created_at', 'updated_at'] : []),
				...paths,
			];
			return pickPaths(device, returned);
		},
	);

	const get: Handler = (call) => {
		const applicationId = stringAt(call.message, 'end_device_ids.application_ids.application_id');
		const deviceId = stringAt(call.message, 'end_device_ids.device_id');
		const paths = maskAt(call.message);
		requireApplicationRights(call, applicationId, config.getRights(paths));
		const uid = endDeviceUid(applicationId, deviceId);
		const device = config.registry(call.tenant).devices.get(uid);
		if (!device) throw config.notFound(uid);
		return pickPaths(device, [...config.alwaysReturned, ...paths]);
	};

	const remove = (call: Call, applicationId: string, deviceId: string): boolean => {
		const registry = config.registry(call.tenant);
		const uid = endDeviceUid(applicationId, deviceId);
		const device = registry.devices.get(uid);
		if (!device) return false;
		registry.devices.delete(uid);
		const pair = euiPairKey(objectAt(device, 'ids'));
		if (pair && registry.euis.get(pair) === uid) registry.euis.delete(pair);
		config.afterDelete?.(call.tenant, uid, device);
		return true;
	};

	const deleteDevice: Handler = (call) => {
		const applicationId = stringAt(call.message, 'application_ids.application_id');
		const deviceId = stringAt(call.message, 'device_id');
		requireApplicationRights(call, applicationId, [[writeRight]]);
		if (!remove(call, applicationId, deviceId))
			throw config.notFound(endDeviceUid(applicationId, deviceId));
		return {};
	};

	const batchDelete = withRequestValidation(validateBatchDeviceIds, (call) => {
		const applicationId = stringAt(call.message, 'application_ids.application_id');
		requireApplicationRights(call, applicationId, [[writeRight]]);
		arrayAt(call.message, 'device_ids').forEach((id) => remove(call, applicationId, String(id)));
		return {};
	});

	return {
		[`${config.service}.Set`]: set,
		[`${config.service}.Get`]: get,
		[`${config.service}.Delete`]: deleteDevice,
		[`${config.batchService}.Delete`]: batchDelete,
	};
}
