import { hasAnyField } from '../../encoding/fieldMask';
import { getPath, isJsonObject, JsonObject } from '../../encoding/json';
import { ttsError } from '../../errors/ttsError';
import type { Handler } from '../../http/call';
import type { TenantState } from '../../state/tenantState';
import { componentRegistryHandlers } from '../common/componentRegistry';
import { formatDevAddrPrefix, issueDevAddr } from './devAddr';
import { completeNetworkSession, validateNetworkServerDevice } from './deviceValidation';

function syncDevAddr(device: JsonObject): void {
	const devAddr = getPath(device, 'session.dev_addr');
	const ids = device.ids;
	if (!isJsonObject(ids)) return;
	if (typeof devAddr === 'string' && devAddr) ids.dev_addr = devAddr;
}

const sessionKeyReadPaths = [
	'mac_state.queued_join_accept.keys.f_nwk_s_int_key.key',
	'mac_state.queued_join_accept.keys.nwk_s_enc_key.key',
	'mac_state.queued_join_accept.keys.s_nwk_s_int_key.key',
	'pending_mac_state.queued_join_accept.keys.f_nwk_s_int_key.key',
	'pending_mac_state.queued_join_accept.keys.nwk_s_enc_key.key',
	'pending_mac_state.queued_join_accept.keys.s_nwk_s_int_key.key',
	'pending_session.keys.f_nwk_s_int_key.key',
	'pending_session.keys.nwk_s_enc_key.key',
	'pending_session.keys.s_nwk_s_int_key.key',
	'session.keys.f_nwk_s_int_key.key',
	'session.keys.nwk_s_enc_key.key',
	'session.keys.s_nwk_s_int_key.key',
];

/**
 * pkg/networkserver/grpc_deviceregistry.go appendRequiredDeviceReadRights: nothing without a
 * field mask (any right on the application will do), else DEVICES_READ, TRAFFIC_READ for the
 * queued application downlinks and DEVICES_READ_KEYS for the session keys.
 */
function requiredDeviceReadRights(paths: readonly string[]): string[] {
	if (paths.length === 0) return [];
	const rights = ['RIGHT_APPLICATION_DEVICES_READ'];
	if (
		hasAnyField(
			paths,
			'pending_session.queued_application_downlinks',
			'queued_application_downlinks',
			'session.queued_application_downlinks',
		)
	) {
		rights.push('RIGHT_APPLICATION_TRAFFIC_READ');
	}
	if (hasAnyField(paths, ...sessionKeyReadPaths))
		rights.push('RIGHT_APPLICATION_DEVICES_READ_KEYS');
	return rights;
}

// pkg/networkserver/grpc_deviceregistry.go Set: the paths that need DEVICES_WRITE_KEYS.
const sessionKeyWritePaths = [
	'pending_mac_state.queued_join_accept.keys.app_s_key.encrypted_key',
	'pending_mac_state.queued_join_accept.keys.app_s_key.kek_label',
	'pending_mac_state.queued_join_accept.keys.app_s_key.key',
	'pending_mac_state.queued_join_accept.keys.f_nwk_s_int_key.key',
	'pending_mac_state.queued_join_accept.keys.nwk_s_enc_key.key',
	'pending_mac_state.queued_join_accept.keys.s_nwk_s_int_key.key',
	'pending_mac_state.queued_join_accept.keys.session_key_id',
	'pending_session.keys.f_nwk_s_int_key.key',
	'pending_session.keys.nwk_s_enc_key.key',
	'pending_session.keys.s_nwk_s_int_key.key',
	'pending_session.keys.session_key_id',
	'session.keys.f_nwk_s_int_key.key',
	'session.keys.nwk_s_enc_key.key',
	'session.keys.s_nwk_s_int_key.key',
	'session.keys.session_key_id',
];

const registryHandlers = componentRegistryHandlers({
	service: 'NsEndDeviceRegistry',
	batchService: 'NsEndDeviceBatchRegistry',
	registry: (tenant) => tenant.networkServer,
	notFound: () => ttsError('pkg/networkserver:device_not_found'),
	setRights: (paths) => [
		hasAnyField(paths, ...sessionKeyWritePaths)
			? ['RIGHT_APPLICATION_DEVICES_WRITE', 'RIGHT_APPLICATION_DEVICES_WRITE_KEYS']
			: ['RIGHT_APPLICATION_DEVICES_WRITE'],
	],
	getRights: (paths) => [requiredDeviceReadRights(paths)],
	alwaysReturned: ['ids', 'created_at', 'updated_at'],
	timestamps: true,
	readOnlyField: 'pkg/networkserver/redis:read_only_field',
	// grpc_deviceregistry.go Set: "Account for CLI not sending ids.* paths".
	masksRequestIdentifiers: true,
	validateSet: (context) => {
		validateNetworkServerDevice(context);
		completeNetworkSession(context.device);
		syncDevAddr(context.device);
	},
});

// pkg/networkserver/grpc.go GenerateDevAddr, GetNetID, GetDeviceAddressPrefixes: no rights asked
// for, answers from the configuration (options netId, devAddrPrefixes).
export const networkServerHandlers: Record<string, Handler> = {
	...registryHandlers,
	'Ns.GenerateDevAddr': (call) => ({
		dev_addr: issueDevAddr(call.tenant, call.services.options.devAddrPrefixes),
	}),
	'Ns.GetNetID': (call) => ({ net_id: call.services.options.netId }),
	'Ns.GetDeviceAddressPrefixes': (call) => ({
		dev_addr_prefixes: call.services.options.devAddrPrefixes.map(formatDevAddrPrefix),
	}),
};

export function networkServerDevice(tenant: TenantState, uid: string): JsonObject | undefined {
	return tenant.networkServer.devices.get(uid);
}
