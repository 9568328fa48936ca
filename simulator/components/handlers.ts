import { streamEvents } from '../events/streamHandler';
import type { Handler } from '../http/call';
import { applicationServerHandlers } from './application/applicationServer';
import { downlinkQueueHandlers } from './application/downlinkQueue';
import { simulateUplink } from './application/simulateUplink';
import { webhookHandlers } from './application/webhooks/handlers';
import { configurationHandlers } from './configuration/configuration';
import { deviceRepositoryHandlers } from './deviceRepository/deviceRepository';
import { gatewayServerHandlers } from './gateway/gatewayServer';
import { apiKeyHandlers } from './identity/apiKeys';
import { authInfo } from './identity/authInfo';
import { identityEndDeviceHandlers } from './identity/endDevices';
import { entityRegistryHandlers } from './identity/entityRegistry';
import { searchHandlers } from './identity/search';
import { joinServerHandlers } from './join/joinServer';
import { networkServerHandlers } from './network/networkServer';
import { packageRegistryHandlers } from './packages/packageRegistry';
import { storageHandlers } from './packages/storageHandlers';

/** Every RPC the simulator implements, keyed `Service.Rpc` as in api-definition.json. */
export function createHandlers(): Map<string, Handler> {
	return new Map(
		Object.entries({
			'EntityAccess.AuthInfo': authInfo,
			'Events.Stream': streamEvents,
			'AppAs.SimulateUplink': simulateUplink,
			...entityRegistryHandlers('application'),
			...entityRegistryHandlers('gateway'),
			...entityRegistryHandlers('organization'),
			...entityRegistryHandlers('user'),
			...entityRegistryHandlers('client'),
			...apiKeyHandlers('application'),
			...apiKeyHandlers('gateway'),
			...apiKeyHandlers('organization'),
			...apiKeyHandlers('user'),
			...identityEndDeviceHandlers,
			...searchHandlers,
			...networkServerHandlers,
			...applicationServerHandlers,
			...webhookHandlers,
			...joinServerHandlers,
			...downlinkQueueHandlers,
			...gatewayServerHandlers,
			...configurationHandlers,
			...packageRegistryHandlers,
			...storageHandlers,
			...deviceRepositoryHandlers,
		}),
	);
}
