import { getPath, isJsonObject, JsonObject } from '../../encoding/json';
import { ttsError } from '../../errors/ttsError';
import type { Handler } from '../../http/call';
import type { TenantState } from '../../state/tenantState';
import { componentRegistryHandlers } from '../common/componentRegistry';
import { completeNetworkSession, validateNetworkServerDevice } from './deviceValidation';

/** The next DevAddr from the simulator's NetID 000013 block (26 0B xx xx, like TTN's). */
export function issueDevAddr(tenant: TenantState): string {
	const devAddr = tenant.nextDevAddr.toString(16).toUpperCase().padStart(8, '0');
	tenant.nextDevAddr++;
	return devAddr;
}

function syncDevAddr(device: JsonObject): void {
	const devAddr = getPath(device, 'session.dev_addr');
	const ids = device.ids;
	if (!isJsonObject(ids)) return;
	if (typeof devAddr === 'string' && devAddr) ids.dev_addr = devAddr;
}

const registryHandlers = componentRegistryHandlers({
	service: 'NsEndDeviceRegistry',
	batchService: 'NsEndDeviceBatchRegistry',
	registry: (tenant) => tenant.networkServer,
	notFound: () => ttsError('pkg/networkserver:device_not_found'),
	keyPaths: ['session.keys', 'pending_session.keys', 'mac_state', 'pending_mac_state'],
	alwaysReturned: ['ids', 'created_at', 'updated_at'],
	timestamps: true,
	validateSet: (context) => {
		validateNetworkServerDevice(context);
		completeNetworkSession(context.device);
		syncDevAddr(context.device);
	},
});

const generateDevAddr: Handler = (call) => {
	if (!call.caller.authenticated) throw ttsError('pkg/auth/rights:unauthenticated');
	return { dev_addr: issueDevAddr(call.tenant) };
};

export const networkServerHandlers: Record<string, Handler> = {
	...registryHandlers,
	'Ns.GenerateDevAddr': generateDevAddr,
	'Ns.GetNetID': () => ({ net_id: '000013' }),
	'Ns.GetDeviceAddressPrefixes': () => ({ dev_addr_prefixes: ['260B0000/16'] }),
};

export function networkServerDevice(tenant: TenantState, uid: string): JsonObject | undefined {
	return tenant.networkServer.devices.get(uid);
}
