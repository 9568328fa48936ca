import { getPath, isZero } from '../../encoding/json';
import { ttsError } from '../../errors/ttsError';
import type { Handler } from '../../http/call';
import { componentRegistryHandlers } from '../common/componentRegistry';
import { objectAt, stringAt } from '../common/messageFields';
import { endDeviceUid } from '../../state/records';

function euiPair(joinEui: string, devEui: string): string {
	return `${joinEui}:${devEui}`;
}

const registryHandlers = componentRegistryHandlers({
	service: 'JsEndDeviceRegistry',
	batchService: 'JsEndDeviceBatchRegistry',
	registry: (tenant) => tenant.joinServer,
	notFound: () => ttsError('pkg/joinserver:device_not_found'),
	keyPaths: ['root_keys'],
	alwaysReturned: ['ids'],
	timestamps: false,
	// pkg/joinserver/grpc_deviceregistry.go Set: both EUIs are needed even when not masked.
	validateSet: ({ call, input, device, paths }) => {
		if (getPath(input, 'ids.join_eui') === undefined) throw ttsError('pkg/joinserver:no_join_eui');
		if (isZero(getPath(input, 'ids.dev_eui'))) throw ttsError('pkg/joinserver:no_dev_eui');
		if (
			paths.includes('root_keys.app_key.key') ||
			paths.includes('root_keys.app_key') ||
			paths.includes('root_keys')
		) {
			if (isZero(getPath(device, 'root_keys.app_key.key'))) {
				throw ttsError('pkg/joinserver:field_value', { field: 'root_keys.app_key.key' });
			}
		}
		if (input.claim_authentication_code !== undefined) {
			call.warn(
				'Claim authentication code on the Join Server is deprecated; use the Identity Server',
			);
		}
		const pair = euiPair(stringAt(device, 'ids.join_eui'), stringAt(device, 'ids.dev_eui'));
		const uid = endDeviceUid(
			stringAt(device, 'ids.application_ids.application_id'),
			stringAt(device, 'ids.device_id'),
		);
		const holder = call.tenant.joinServerEuis.get(pair);
		if (holder && holder !== uid) throw ttsError('pkg/joinserver:duplicate_identifiers');
	},
	afterSet: ({ call, device, existing }) => {
		const uid = endDeviceUid(
			stringAt(device, 'ids.application_ids.application_id'),
			stringAt(device, 'ids.device_id'),
		);
		if (existing) {
			call.tenant.joinServerEuis.delete(
				euiPair(stringAt(existing, 'ids.join_eui'), stringAt(existing, 'ids.dev_eui')),
			);
		}
		call.tenant.joinServerEuis.set(
			euiPair(stringAt(device, 'ids.join_eui'), stringAt(device, 'ids.dev_eui')),
			uid,
		);
	},
	afterDelete: (tenant, _uid, device) => {
		const ids = objectAt(device, 'ids');
		tenant.joinServerEuis.delete(euiPair(stringAt(ids, 'join_eui'), stringAt(ids, 'dev_eui')));
	},
});

export const joinServerHandlers: Record<string, Handler> = {
	...registryHandlers,
	'Js.GetDefaultJoinEUI': () => ({ join_eui: '0000000000000000' }),
	'Js.GetJoinEUIPrefixes': () => ({ prefixes: [{ join_eui: '0000000000000000', length: 64 }] }),
};
