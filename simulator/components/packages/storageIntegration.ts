import { deepClone, isJsonObject, JsonObject } from '../../encoding/json';
import { timestampNanoseconds } from '../../encoding/time';
import type { PublishedEvent } from '../../events/eventBus';
import type { SimulatorServices } from '../../http/call';
import { allowedFieldMaskPaths } from '../../spec/fieldMasks';
import { objectAt, stringAt } from '../common/messageFields';

/** docs integrations/application-packages/using-the-api: `storage-integration` on FPort 200. */
export const storageIntegrationPackage: JsonObject = {
	name: 'storage-integration',
	default_f_port: 200,
};

/**
 * The members of ApplicationUp's oneof `up` (messages.proto), the storage's message types: the
 * `up.<member>` paths the storage RPC's field mask allows (api-definition.json).
 */
export const applicationUpTypes: readonly string[] = [
	...(allowedFieldMaskPaths('ApplicationUpStorage.GetStoredApplicationUp') ?? []),
]
	.filter((path) => /^up\.[a-z_]+$/.test(path))
	.map((path) => path.slice('up.'.length));

const applicationUpType = 'type.googleapis.com/ttn.lorawan.v3.ApplicationUp';

/**
 * The Storage Integration writing what the AS forwards. The packages server receives every
 * ApplicationUp the AS sends to its integrations (pkg/applicationserver/io/packages/packages.go
 * New: `as.Subscribe("applicationpackages", …)`), which are the ones the AS publishes in its
 * `as.*.forward` events, and hands each to every package associated with the device or its
 * application, once per package (findAssociations). The storage keeps the types it is
 * configured for (TTS Cloud: uplinks only), without correlation IDs (the docs' example of a
 * stored uplink has none).
 */
export function storeForwardedApplicationUp(
	services: SimulatorServices,
	published: PublishedEvent,
): void {
	const storage = services.options.storageIntegration;
	if (!storage || !published.name.startsWith('as.') || !published.name.endsWith('.forward')) return;
	const data = published.event.data;
	if (!isJsonObject(data) || data['@type'] !== applicationUpType) return;
	const type = applicationUpTypes.find((each) => isJsonObject(data[each]));
	if (!type || !storage.types.includes(type)) return;
	const applicationId = stringAt(data, 'end_device_ids.application_ids.application_id');
	const deviceId = stringAt(data, 'end_device_ids.device_id');
	const tenant = services.tenants.get(published.tenant);
	const packages = tenant.packageAssociations.packagesOf(applicationId, deviceId);
	if (!packages.has(String(storageIntegrationPackage.name))) return;
	const up = deepClone(data);
	delete up['@type'];
	delete up.correlation_ids;
	const fPort = objectAt(up, type).f_port;
	const receivedAt = stringAt(up, 'received_at');
	tenant.storedApplicationUps.add({
		applicationId,
		deviceId,
		type,
		fPort: typeof fPort === 'number' ? fPort : undefined,
		receivedAtNs: receivedAt
			? timestampNanoseconds(receivedAt)
			: BigInt(published.timeMs) * 1_000_000n,
		storedAtMs: services.options.now(),
		up,
	});
}
