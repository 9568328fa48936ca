import { randomBytes } from 'node:crypto';
import { deepClone, getPath, isJsonObject, JsonObject } from '../../encoding/json';
import { nowTimestamp } from '../../encoding/time';
import { ttsError } from '../../errors/ttsError';
import { deviceIdentifiers, gatewayIdentifiers } from '../../events/identifiers';
import { ulid } from '../../events/ulid';
import type { SimulatorServices } from '../../http/call';
import { endDeviceUid } from '../../state/records';
import type { TenantState } from '../../state/tenantState';
import { arrayAt, objectAt, stringAt } from '../common/messageFields';
import { issueDevAddr } from '../network/devAddr';
import { decodeUplink, FormatterScope } from './payloadFormatter';

export interface TrafficContext {
	services: SimulatorServices;
	tenantId: string;
	tenant: TenantState;
}

const applicationUpType = 'type.googleapis.com/ttn.lorawan.v3.ApplicationUp';

function randomKey(): string {
	return randomBytes(16).toString('hex').toUpperCase();
}

function publish(
	context: TrafficContext,
	name: string,
	identifiers: JsonObject[],
	correlationIds: string[],
	data?: JsonObject,
): void {
	context.services.events.publish(context.tenantId, { name, identifiers, correlationIds, data });
}

/** The device identifiers as the stack puts them in traffic events (with EUIs and DevAddr). */
function trafficIdentifiers(context: TrafficContext, uid: string): JsonObject {
	const ns = context.tenant.networkServer.devices.get(uid);
	const as = context.tenant.applicationServer.devices.get(uid);
	return deepClone(objectAt(ns ?? as ?? {}, 'ids'));
}

export function hasSession(device: JsonObject | undefined): boolean {
	return typeof getPath(device ?? {}, 'session.dev_addr') === 'string';
}

/**
 * Simulates an OTAA join: the JS accepts, NS and AS get a new session (new DevAddr and keys),
 * the downlink queue is cleared, and the stack's join events are published.
 */
export function joinDevice(
	context: TrafficContext,
	applicationId: string,
	deviceId: string,
): JsonObject {
	const uid = endDeviceUid(applicationId, deviceId);
	const { tenant } = context;
	const ns = tenant.networkServer.devices.get(uid);
	const as = tenant.applicationServer.devices.get(uid);
	const js = tenant.joinServer.devices.get(uid);
	if (!ns || ns.supports_join !== true) throw ttsError('pkg/networkserver:device_not_found');
	if (!js) throw ttsError('pkg/joinserver:device_not_found');
	if (!as) throw ttsError('pkg/applicationserver:device_not_found', { device_uid: uid });
	const devAddr = issueDevAddr(tenant, context.services.options.devAddrPrefixes);
	const sessionKeyId = randomBytes(16).toString('base64');
	const startedAt = nowTimestamp();
	const networkKey = randomKey();
	ns.session = {
		dev_addr: devAddr,
		keys: {
			session_key_id: sessionKeyId,
			f_nwk_s_int_key: { key: networkKey },
			s_nwk_s_int_key: { key: networkKey },
			nwk_s_enc_key: { key: networkKey },
		},
		started_at: startedAt,
	};
	(ns.ids as JsonObject).dev_addr = devAddr;
	as.session = {
		dev_addr: devAddr,
		keys: { session_key_id: sessionKeyId, app_s_key: { key: randomKey() } },
		started_at: startedAt,
	};
	(as.ids as JsonObject).dev_addr = devAddr;
	js.last_join_nonce = Number(js.last_join_nonce ?? 0) + 1;
	js.last_dev_nonce = Number(js.last_dev_nonce ?? 0) + 1;
	tenant.downlinkQueues.delete(uid);
	const isDevice = tenant.identity.endDevices.get(applicationId)?.get(deviceId);
	if (isDevice) {
		isDevice.activated_at ??= startedAt;
		isDevice.last_seen_at = startedAt;
	}
	const ids = trafficIdentifiers(context, uid);
	const identifiers = [deviceIdentifiers(ids)];
	const correlationIds = [`ns:uplink:${ulid()}`, `gs:uplink:${ulid()}`];
	publish(context, 'ns.up.join.receive', identifiers, correlationIds);
	publish(context, 'js.join.accept', identifiers, correlationIds);
	publish(context, 'ns.up.join.process', identifiers, correlationIds);
	publish(context, 'as.up.join.receive', identifiers, correlationIds);
	publish(context, 'as.up.join.forward', identifiers, [...correlationIds, `as:up:${ulid()}`], {
		'@type': applicationUpType,
		end_device_ids: ids,
		correlation_ids: correlationIds,
		received_at: startedAt,
		join_accept: { session_key_id: sessionKeyId, received_at: startedAt },
	});
	return { dev_addr: devAddr, session_key_id: sessionKeyId };
}

export interface RadioUplink {
	applicationId: string;
	deviceId: string;
	fPort: number;
	payload: Buffer;
	gatewayId?: string;
	rssi?: number;
	snr?: number;
	frequency?: number;
	spreadingFactor?: number;
}

function defaultSettings(uplink: RadioUplink): JsonObject {
	return {
		data_rate: {
			lora: {
				bandwidth: 125000,
				spreading_factor: uplink.spreadingFactor ?? 7,
				coding_rate: '4/5',
			},
		},
		frequency: String(uplink.frequency ?? 868100000),
		timestamp: Math.floor(Math.random() * 2 ** 32),
		time: nowTimestamp(),
	};
}

/**
 * An uplink as if received over the radio: updates counters and gateway stats and publishes
 * gs.up.receive, ns.up.data.receive/process/forward, as.up.data.receive and as.up.data.forward.
 */
export function sendRadioUplink(context: TrafficContext, uplink: RadioUplink): JsonObject {
	const { tenant } = context;
	const uid = endDeviceUid(uplink.applicationId, uplink.deviceId);
	const ns = tenant.networkServer.devices.get(uid);
	const as = tenant.applicationServer.devices.get(uid);
	if (!ns || !hasSession(ns)) throw ttsError('pkg/applicationserver:no_device_session');
	const session = objectAt(ns, 'session');
	const fCnt = Number(session.last_f_cnt_up ?? 0) + 1;
	session.last_f_cnt_up = fCnt;
	const receivedAt = nowTimestamp();
	const gatewayIds = uplink.gatewayId
		? { gateway_id: uplink.gatewayId }
		: { gateway_id: 'simulated-gateway' };
	const rxMetadata = [
		{
			gateway_ids: gatewayIds,
			rssi: uplink.rssi ?? -70,
			channel_rssi: uplink.rssi ?? -70,
			snr: uplink.snr ?? 8.5,
			received_at: receivedAt,
		},
	];
	const settings = defaultSettings(uplink);
	const correlationIds = [`gs:uplink:${ulid()}`, `ns:uplink:${ulid()}`];
	const connection = uplink.gatewayId ? tenant.gatewayConnections.get(uplink.gatewayId) : undefined;
	if (connection && uplink.gatewayId) {
		connection.uplinkCount++;
		connection.stats.uplink_count = String(connection.uplinkCount);
		connection.stats.last_uplink_received_at = receivedAt;
		publish(context, 'gs.up.receive', [gatewayIdentifiers(gatewayIds)], correlationIds, {
			'@type': 'type.googleapis.com/ttn.lorawan.v3.GatewayUplinkMessage',
			message: {
				raw_payload: uplink.payload.toString('base64'),
				settings,
				rx_metadata: rxMetadata,
				received_at: receivedAt,
			},
			band_id: 'EU_863_870',
		});
	}
	const ids = trafficIdentifiers(context, uid);
	const identifiers = [deviceIdentifiers(ids)];
	const uplinkMessage = {
		'@type': 'type.googleapis.com/ttn.lorawan.v3.UplinkMessage',
		raw_payload: uplink.payload.toString('base64'),
		settings,
		rx_metadata: rxMetadata,
		received_at: receivedAt,
		correlation_ids: correlationIds,
	};
	publish(context, 'ns.up.data.receive', identifiers, correlationIds, uplinkMessage);
	publish(context, 'ns.up.data.process', identifiers, correlationIds, uplinkMessage);
	publish(context, 'ns.up.data.forward', identifiers, correlationIds);
	const isDevice = tenant.identity.endDevices.get(uplink.applicationId)?.get(uplink.deviceId);
	if (isDevice) isDevice.last_seen_at = receivedAt;
	return deliverToApplicationServer(
		context,
		uid,
		{
			session_key_id: stringAt(session, 'keys.session_key_id'),
			f_port: uplink.fPort,
			f_cnt: fCnt,
			frm_payload: uplink.payload.toString('base64'),
			rx_metadata: rxMetadata,
			settings,
			received_at: receivedAt,
			consumed_airtime: '0.061696s',
			network_ids: {
				net_id: context.services.options.netId,
				tenant_id: context.tenantId,
				cluster_id: 'simulator',
			},
		},
		correlationIds,
		false,
		as,
	);
}

/**
 * The uplink as the AS forwards it (handleUplink / handleSimulatedUplink, processUp): decoded by
 * the device's (or the application's default) uplink formatter; each normalized measurement is
 * published as its own as.up.normalized.forward (publishNormalizedUplink).
 */
function processUplink(
	context: TrafficContext,
	asDevice: JsonObject,
	applicationUp: JsonObject,
	simulated: boolean,
	publishForDevice: FormatterScope['publish'],
): void {
	const message = objectAt(applicationUp, 'uplink_message');
	const applicationId = stringAt(asDevice, 'ids.application_ids.application_id');
	decodeUplink(
		{
			device: asDevice,
			defaults: objectAt(
				context.tenant.applicationLinks.get(applicationId) ?? {},
				'default_formatters',
			),
			publish: publishForDevice,
		},
		message,
	);
	const measurements = arrayAt(message, 'normalized_payload').filter(isJsonObject);
	for (const measurement of measurements) {
		const normalized: JsonObject = {
			'@type': applicationUpType,
			end_device_ids: deepClone(objectAt(applicationUp, 'end_device_ids')),
			correlation_ids: [
				...arrayAt(applicationUp, 'correlation_ids').map(String),
				`as:up:${ulid()}`,
			],
			received_at: applicationUp.received_at ?? nowTimestamp(),
			uplink_normalized: normalizedUplink(message, measurement),
		};
		if (simulated) normalized.simulated = true;
		publish(
			context,
			'as.up.normalized.forward',
			[deviceIdentifiers(objectAt(applicationUp, 'end_device_ids'))],
			normalized.correlation_ids as string[],
			normalized,
		);
	}
	// handleUplink (not the simulated path) adds the device's version identifiers.
	if (!simulated && isJsonObject(asDevice.version_ids)) {
		message.version_ids = deepClone(asDevice.version_ids);
	}
}

// ApplicationUplinkNormalized: the uplink's fields with one measurement.
const normalizedUplinkFields = [
	'session_key_id',
	'f_port',
	'f_cnt',
	'frm_payload',
	'normalized_payload_warnings',
	'rx_metadata',
	'settings',
	'received_at',
	'confirmed',
	'consumed_airtime',
	'locations',
	'version_ids',
	'network_ids',
];

function normalizedUplink(message: JsonObject, measurement: JsonObject): JsonObject {
	const normalized: JsonObject = {};
	for (const field of normalizedUplinkFields) {
		if (message[field] !== undefined) normalized[field] = deepClone(message[field]);
	}
	normalized.normalized_payload = deepClone(measurement);
	return normalized;
}

/**
 * The AS part of an uplink (also the whole of `up/simulate`): as.up.data.receive, the decoder,
 * then as.up.data.forward, or as.up.data.drop when the AS does not know the device.
 */
export function deliverToApplicationServer(
	context: TrafficContext,
	uid: string,
	uplinkMessage: JsonObject,
	correlationIds: string[],
	simulated: boolean,
	asDevice: JsonObject | undefined = context.tenant.applicationServer.devices.get(uid),
): JsonObject {
	const [applicationId, deviceId] = [
		uid.slice(0, uid.indexOf('.')),
		uid.slice(uid.indexOf('.') + 1),
	];
	const ids = asDevice
		? deepClone(objectAt(asDevice, 'ids'))
		: { device_id: deviceId, application_ids: { application_id: applicationId } };
	const identifiers = [deviceIdentifiers(ids)];
	const upCorrelationIds = [...correlationIds, `as:up:${ulid()}`];
	publish(context, 'as.up.data.receive', identifiers, upCorrelationIds);
	if (!asDevice) {
		const error = ttsError('pkg/applicationserver:device_not_found', { device_uid: uid });
		publish(context, 'as.up.data.drop', identifiers, upCorrelationIds, error.detailsJson());
		return {};
	}
	const message: JsonObject = deepClone(uplinkMessage);
	message.received_at ??= nowTimestamp();
	const applicationUp: JsonObject = {
		'@type': applicationUpType,
		end_device_ids: ids,
		correlation_ids: upCorrelationIds,
		received_at: nowTimestamp(),
		uplink_message: message,
	};
	if (simulated) applicationUp.simulated = true;
	processUplink(context, asDevice, applicationUp, simulated, (name, data) =>
		publish(context, name, identifiers, upCorrelationIds, data),
	);
	publish(context, 'as.up.data.forward', identifiers, upCorrelationIds, applicationUp);
	return applicationUp;
}
