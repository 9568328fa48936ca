import { hasAnyField, hasPathOrParent } from '../../encoding/fieldMask';
import { getPath, isZero, JsonObject } from '../../encoding/json';
import { ttsError } from '../../errors/ttsError';
import type { Handler } from '../../http/call';
import {
	componentRegistryHandlers,
	deviceThenKeyRights,
	SetContext,
} from '../common/componentRegistry';

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
 * pkg/joinserver/grpc_deviceregistry.go Set: a new device has no DevAddr. Its identifiers and the
 * JoinEUI/DevEUI index are the registry's (see componentRegistry.ts).
 */
function validateSet({ input, existing }: SetContext): void {
	if (!existing && !isZero(getPath(input, 'ids.dev_addr'))) {
		throw ttsError('pkg/joinserver:field_value', { field: 'ids.dev_addr' });
	}
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
	readOnlyField: 'pkg/joinserver/redis:read_only_field',
	validateRequest,
	validateSet,
});

// cmd/internal/shared/joinserver/config.go: no default JoinEUI and one prefix of length 0 (all
// JoinEUIs); a zero length is omitted from the JSON.
export const joinServerHandlers: Record<string, Handler> = {
	...registryHandlers,
	'Js.GetDefaultJoinEUI': () => ({ join_eui: '0000000000000000' }),
	'Js.GetJoinEUIPrefixes': () => ({ prefixes: [{ join_eui: '0000000000000000' }] }),
};
