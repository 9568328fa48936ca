import { getPath, isJsonObject, JsonObject } from '../encoding/json';

// The requests of these RPCs are no ttnpb.IDStringer (pkg/ttnpb *_interfaces.go, end_device.go,
// identifiers_polymorphism.go define EntityType and IDString for the others): their rate-limit
// key has no entity.
const withoutEntity = new Set([
	'EntityAccess.AuthInfo',
	'Events.Stream',
	'ApplicationRegistry.List',
	'GatewayRegistry.List',
	'OrganizationRegistry.List',
	'UserRegistry.List',
	'ClientRegistry.List',
	'ApplicationAccess.DeleteAPIKey',
	'GatewayAccess.DeleteAPIKey',
	'OrganizationAccess.DeleteAPIKey',
	'UserAccess.DeleteAPIKey',
	'EndDeviceBatchRegistry.Get',
	'EndDeviceBatchRegistry.Delete',
	'NsEndDeviceBatchRegistry.Delete',
	'AsEndDeviceBatchRegistry.Delete',
	'JsEndDeviceBatchRegistry.Delete',
	'EntityRegistrySearch.SearchApplications',
	'EntityRegistrySearch.SearchGateways',
	'EntityRegistrySearch.SearchOrganizations',
	'EntityRegistrySearch.SearchUsers',
	'EntityRegistrySearch.SearchClients',
	'Ns.GenerateDevAddr',
	'Ns.GetNetID',
	'Ns.GetDeviceAddressPrefixes',
	'Js.GetDefaultJoinEUI',
	'Js.GetJoinEUIPrefixes',
	'Gs.BatchGetGatewayConnectionStats',
	'Configuration.ListFrequencyPlans',
	'Configuration.GetPhyVersions',
]);

// A request's EntityType and IDString come from the entity it creates or updates
// (`application.ids`), the identifiers it names (`application_ids`), or the message itself when it
// is the identifiers (`ApplicationIdentifiers`: `{application_id}` in the path). End devices come
// first: their requests carry application identifiers too.
const entityTypes = ['application', 'gateway', 'organization', 'user', 'client'];

/**
 * pkg/ratelimit/grpc.go grpcEntityFromRequest: `<entity type>:<unique ID>` of the request
 * message (`end device:app1.dev1`), `<entity type>:_` when its ID is empty, or '' for a request
 * without identifiers.
 */
export function rateLimitEntity(rpc: string, message: JsonObject): string {
	if (withoutEntity.has(rpc)) return '';
	const device = [getPath(message, 'end_device.ids'), message.end_device_ids].find(isJsonObject);
	const deviceIds = device ?? (message.device_id !== undefined ? message : undefined);
	if (deviceIds) {
		const applicationId = getPath(deviceIds, 'application_ids.application_id');
		const deviceId = deviceIds.device_id;
		return typeof applicationId === 'string' && typeof deviceId === 'string'
			? `end device:${applicationId}.${deviceId}`
			: 'end device:_';
	}
	for (const type of entityTypes) {
		const ids = [getPath(message, `${type}.ids`), message[`${type}_ids`]].find(isJsonObject);
		const id = (ids ?? message)[`${type}_id`];
		if (ids || id !== undefined)
			return typeof id === 'string' && id ? `${type}:${id}` : `${type}:_`;
	}
	return '';
}
