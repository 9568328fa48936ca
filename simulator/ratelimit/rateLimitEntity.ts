import { isJsonObject, JsonObject } from '../encoding/json';
import { stringAt } from '../components/common/messageFields';

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

// A request's EntityType and IDString come from the identifiers it carries: the message itself
// when it is the identifiers (`ApplicationIdentifiers`: `{application_id}` in the path), those it
// names (`application_ids`, `end_device_ids`), or the `ids` of the entity it creates or updates
// (`application.ids`, `end_device.ids`, `webhook.ids`). Device identifiers come first: they carry
// application identifiers too.
const entityTypes = ['application', 'gateway', 'organization', 'user', 'client'];

interface IdentifierHolder {
	holder: JsonObject;
	/** The type of the entity whose `ids` these are (`gateway` for `gateway.ids`), if known. */
	type?: string;
}

function identifierHolders(message: JsonObject): IdentifierHolder[] {
	const nested = Object.entries(message)
		.filter(([, field]) => isJsonObject(field) && isJsonObject(field.ids))
		.map(([name, field]) => ({
			holder: (field as JsonObject).ids as JsonObject,
			type: name === 'end_device' ? 'end device' : entityTypes.find((type) => type === name),
		}));
	return [
		{ holder: message },
		...[message.ids, message.end_device_ids].filter(isJsonObject).map((holder) => ({ holder })),
		...nested,
	];
}

function entityOf({ holder, type: impliedType }: IdentifierHolder): string | undefined {
	if (holder.device_id !== undefined || impliedType === 'end device') {
		const applicationId = stringAt(holder, 'application_ids.application_id');
		const deviceId = stringAt(holder, 'device_id');
		return applicationId && deviceId ? `end device:${applicationId}.${deviceId}` : 'end device:_';
	}
	for (const type of entityTypes) {
		const ids = holder[`${type}_ids`];
		const id = isJsonObject(ids) ? ids[`${type}_id`] : holder[`${type}_id`];
		if (isJsonObject(ids) || id !== undefined) {
			return typeof id === 'string' && id ? `${type}:${id}` : `${type}:_`;
		}
	}
	return impliedType ? `${impliedType}:_` : undefined;
}

/**
 * pkg/ratelimit/grpc.go grpcEntityFromRequest: `<entity type>:<unique ID>` of the request
 * message (`end device:app1.dev1`), `<entity type>:_` when its ID is empty, or '' for a request
 * without identifiers.
 */
export function rateLimitEntity(rpc: string, message: JsonObject): string {
	if (withoutEntity.has(rpc)) return '';
	for (const holder of identifierHolders(message)) {
		const entity = entityOf(holder);
		if (entity) return entity;
	}
	return '';
}
