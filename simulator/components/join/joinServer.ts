import { hasAnyField, hasPathOrParent } from '../../encoding/fieldMask';
import { getPath, isZero, JsonObject } from '../../encoding/json';
import { ttsError } from '../../errors/ttsError';
import type { Handler } from '../../http/call';
import { endDeviceUid } from '../../state/records';
import {
	componentRegistryHandlers,
	deviceThenKeyRights,
	SetContext,
} from '../common/componentRegistry';
import { endDeviceEuisTaken, euiPairKey } from '../common/endDeviceEuis';
import { objectAt, stringAt } from '../common/messageFields';

function uidOf(device: JsonObject): string {
	return endDeviceUid(
		stringAt(device, 'ids.application_ids.application_id'),
		stringAt(device, 'ids.device_id'),
	);
}

/**
 * pkg/joinserver/grpc_deviceregistry.go Set, before the caller's rights are asked for: both EUIs
 * are needed even when not masked, and a masked AppKey must not be zero.
 */
function validateRequest(input: JsonObject, paths: string[]): void {
	if (getPath(input, 'ids.join_eui') === undefined) throw ttsError('pkg/joinserver:no_join_eui');
	if (isZero(getPath(input, 'ids.dev_eui'))) throw ttsError('pkg/joinserver:no_dev_eui');
	if (hasPathOrParent(paths, 'root_keys.app_key.key')) {
		if (isZero(getPath(input, 'root_keys.app_key.key'))) {
			throw ttsError('pkg/joinserver:field_value', { field: 'root_keys.app_key.key' });
		}
	}
}

/**
 * pkg/joinserver/grpc_deviceregistry.go Set and pkg/joinserver/redis/registry.go set: a new
 * device takes its identifiers from the request, has no DevAddr, and its JoinEUI/DevEUI pair
 * must be free (the registry's unique index, pkg/internal/registry UniqueEUIViolationErr). An
 * existing device keeps its identifiers: masking a different one is a read-only field.
 */
function validateSet({ call, input, existing, device, paths }: SetContext): void {
	if (!existing) {
		if (!isZero(getPath(input, 'ids.dev_addr'))) {
			throw ttsError('pkg/joinserver:field_value', { field: 'ids.dev_addr' });
		}
		const ids = objectAt(device, 'ids');
		const holder = call.tenant.joinServerEuis.get(euiPairKey(ids));
		if (holder && holder !== uidOf(device)) {
			throw endDeviceEuisTaken('pkg/internal/registry:end_device_euis_taken', ids, holder);
		}
		return;
	}
	const storedIds = objectAt(existing, 'ids');
	for (const field of ['application_ids.application_id', 'device_id', 'join_eui', 'dev_eui']) {
		const path = `ids.${field}`;
		if (hasPathOrParent(paths, path) && getPath(input, path) !== getPath(storedIds, field)) {
			throw ttsError('pkg/joinserver/redis:read_only_field', { field: path });
		}
	}
	device.ids = storedIds;
}

const registryHandlers = componentRegistryHandlers({
	service: 'JsEndDeviceRegistry',
	batchService: 'JsEndDeviceBatchRegistry',
	registry: (tenant) => tenant.joinServer,
	notFound: () => ttsError('pkg/joinserver:device_not_found'),
	// pkg/joinserver/grpc_deviceregistry.go Set and Get: the key rights for the root keys, and on
	// Set for the root key ID.
	setRights: (paths) =>
		deviceThenKeyRights(
			'WRITE',
			hasAnyField(paths, 'root_keys.app_key.key', 'root_keys.nwk_key.key', 'root_keys.root_key_id'),
		),
	getRights: (paths) =>
		deviceThenKeyRights(
			'READ',
			hasAnyField(paths, 'root_keys.app_key.key', 'root_keys.nwk_key.key'),
		),
	alwaysReturned: ['ids'],
	timestamps: false,
	validateRequest,
	validateSet,
	afterSet: ({ call, device }) => {
		call.tenant.joinServerEuis.set(euiPairKey(objectAt(device, 'ids')), uidOf(device));
	},
	afterDelete: (tenant, _uid, device) => {
		tenant.joinServerEuis.delete(euiPairKey(objectAt(device, 'ids')));
	},
});

// cmd/internal/shared/joinserver/config.go: no default JoinEUI and one prefix of length 0 (all
// JoinEUIs); a zero length is omitted from the JSON.
export const joinServerHandlers: Record<string, Handler> = {
	...registryHandlers,
	'Js.GetDefaultJoinEUI': () => ({ join_eui: '0000000000000000' }),
	'Js.GetJoinEUIPrefixes': () => ({ prefixes: [{ join_eui: '0000000000000000' }] }),
};
