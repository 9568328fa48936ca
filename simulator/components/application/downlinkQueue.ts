import { randomBytes } from 'node:crypto';
import { entity as entityRef } from '../../auth/callerRights';
import { deepClone, isJsonObject, JsonObject } from '../../encoding/json';
import { TtsError, ttsError } from '../../errors/ttsError';
import { deviceIdentifiers } from '../../events/identifiers';
import { ulid } from '../../events/ulid';
import { Call, Handler, withRequestValidation } from '../../http/call';
import { endDeviceUid } from '../../state/records';
import { listResponse } from '../common/listResponse';
import { arrayAt, objectAt, stringAt } from '../common/messageFields';
import { decodeDownlink, encodeDownlink, FormatterScope } from './payloadFormatter';
import { hasSession } from './traffic';

const downlinkType = 'type.googleapis.com/ttn.lorawan.v3.ApplicationDownlink';

// pkg/applicationserver/io/io.go CleanDownlinks: the AS keeps only these fields.
const keptFields = [
	'session_key_id',
	'f_port',
	'f_cnt',
	'frm_payload',
	'decoded_payload',
	'confirmed',
	'class_b_c',
	'priority',
	'correlation_ids',
	'confirmed_retry',
];

/** messages.proto ApplicationDownlink.f_port: uint32 lte 255, not_in [224] (validator, first). */
function validateFPorts(downlinks: JsonObject[]): void {
	downlinks.forEach((downlink, index) => {
		const fPort = Number(downlink.f_port ?? 0);
		if (fPort > 255 || fPort === 224) {
			throw ttsError('pkg/errors:validation', {
				field: `downlinks[${index}].f_port`,
				reason:
					fPort === 224
						? 'value must not be in list [224]'
						: 'value must be less than or equal to 255',
				name: fPort === 224 ? 'not_in' : 'lte',
			});
		}
	});
}

function formatterScope(call: Call, device: JsonObject, correlationIds: string[]): FormatterScope {
	const applicationId = stringAt(device, 'ids.application_ids.application_id');
	const identifiers = [deviceIdentifiers(deepClone(objectAt(device, 'ids')))];
	return {
		device,
		defaults: objectAt(call.tenant.applicationLinks.get(applicationId) ?? {}, 'default_formatters'),
		publish: (name, data) =>
			call.services.events.publish(call.tenantId, { name, identifiers, correlationIds, data }),
	};
}

/**
 * pkg/applicationserver/applicationserver.go downlinkQueueOp, in its order: the device, then
 * each item encoded (decoded_payload) or decoded (frm_payload only) by the formatter,
 * as.down.data.receive, then attemptDownlinkQueueOp (queueOnNetworkServer), whose failure drops
 * each item.
 */
function enqueue(call: Call, replace: boolean): JsonObject {
	const applicationId = stringAt(call.message, 'end_device_ids.application_ids.application_id');
	const deviceId = stringAt(call.message, 'end_device_ids.device_id');
	const downlinks = arrayAt(call.message, 'downlinks').filter(isJsonObject);
	call.caller.requireFromCluster(
		entityRef('application', applicationId),
		'RIGHT_APPLICATION_TRAFFIC_DOWN_WRITE',
	);
	const uid = endDeviceUid(applicationId, deviceId);
	const device = call.tenant.applicationServer.devices.get(uid);
	if (!device) throw ttsError('pkg/applicationserver:device_not_found', { device_uid: uid });
	const items = downlinks.map((input) => {
		const item: JsonObject = {};
		for (const field of keptFields)
			if (input[field] !== undefined) item[field] = deepClone(input[field]);
		item.correlation_ids = [
			...arrayAt(input, 'correlation_ids').map(String),
			`as:downlink:${ulid()}`,
		];
		return item;
	});
	for (const item of items) {
		const scope = formatterScope(call, device, item.correlation_ids as string[]);
		if (item.frm_payload !== undefined && item.decoded_payload === undefined) {
			decodeDownlink(scope, item);
		} else {
			encodeDownlink(scope, item);
		}
	}
	items.forEach((item) => publishDownlinkEvent(call, device, 'as.down.data.receive', item));
	try {
		queueOnNetworkServer(call, device, items, replace);
	} catch (error) {
		// attemptDownlinkQueueOp's ResultFunc: registerDropDownlinks, one event per item.
		if (error instanceof TtsError) {
			const details = error.detailsJson();
			items.forEach((item) =>
				publishDownlinkEvent(call, device, 'as.down.data.drop', item, details),
			);
		}
		throw error;
	}
	return {};
}

/** An event of a downlink item: the item itself as data, unless other data is given. */
function publishDownlinkEvent(
	call: Call,
	device: JsonObject,
	name: string,
	item: JsonObject,
	data: JsonObject = { '@type': downlinkType, ...deepClone(item) },
): void {
	call.services.events.publish(call.tenantId, {
		name,
		identifiers: [deviceIdentifiers(deepClone(objectAt(device, 'ids')))],
		correlationIds: item.correlation_ids as string[],
		data,
	});
}

/**
 * attemptDownlinkQueueOp: the FPort, the session, then the Network Server's validation and
 * capacity; the queued (encrypted) items carry no decoded_payload and publish as.down.data.forward.
 */
function queueOnNetworkServer(
	call: Call,
	device: JsonObject,
	items: JsonObject[],
	replace: boolean,
): void {
	const uid = endDeviceUid(
		stringAt(device, 'ids.application_ids.application_id'),
		stringAt(device, 'ids.device_id'),
	);
	if (items.some((item) => !Number(item.f_port ?? 0)))
		throw ttsError('pkg/applicationserver:no_f_port');
	// The session check runs even for an empty replace.
	if (!hasSession(device)) throw ttsError('pkg/applicationserver:no_device_session');
	// The Network Server validates the queue request too: an FPort from an encoder is checked here.
	validateFPorts(items);
	const session = objectAt(device, 'session');
	const existing = replace ? [] : (call.tenant.downlinkQueues.get(uid) ?? []);
	const capacity = call.services.options.downlinkQueueCapacity;
	if (existing.length + items.length > capacity)
		throw ttsError('pkg/networkserver:downlink_queue_capacity');
	let lastFCnt = Number(session.last_a_f_cnt_down ?? 0);
	// encryptDownlinks: the queued item carries no decoded payload (the simulator keeps the
	// FRMPayload in plain text).
	const queued = items.map((item) => {
		const downlink: JsonObject = {};
		for (const field of keptFields) {
			if (field !== 'decoded_payload' && item[field] !== undefined) downlink[field] = item[field];
		}
		lastFCnt++;
		downlink.session_key_id =
			stringAt(session, 'keys.session_key_id') || randomBytes(16).toString('base64');
		downlink.f_cnt = lastFCnt;
		return downlink;
	});
	session.last_a_f_cnt_down = lastFCnt;
	call.tenant.downlinkQueues.set(uid, [...existing, ...queued]);
	queued.forEach((downlink) =>
		publishDownlinkEvent(call, device, 'as.down.data.forward', downlink),
	);
}

/** DownlinkQueueList: each queued item decoded by the downlink formatter, as the AS lists it. */
const listQueue: Handler = (call) => {
	const applicationId = stringAt(call.message, 'application_ids.application_id');
	const deviceId = stringAt(call.message, 'device_id');
	call.caller.requireFromCluster(
		entityRef('application', applicationId),
		'RIGHT_APPLICATION_TRAFFIC_READ',
	);
	const uid = endDeviceUid(applicationId, deviceId);
	const device = call.tenant.applicationServer.devices.get(uid);
	if (!device) throw ttsError('pkg/applicationserver:device_not_found', { device_uid: uid });
	const queue = deepClone(call.tenant.downlinkQueues.get(uid) ?? []);
	for (const downlink of queue) {
		decodeDownlink(
			formatterScope(call, device, arrayAt(downlink, 'correlation_ids').map(String)),
			downlink,
		);
	}
	return listResponse('downlinks', queue);
};

// The validator checks the FPorts of the request first.
const validateDownlinks = (message: JsonObject) =>
	validateFPorts(arrayAt(message, 'downlinks').filter(isJsonObject));

export const downlinkQueueHandlers: Record<string, Handler> = {
	'AppAs.DownlinkQueuePush': withRequestValidation(validateDownlinks, (call) =>
		enqueue(call, false),
	),
	'AppAs.DownlinkQueueReplace': withRequestValidation(validateDownlinks, (call) =>
		enqueue(call, true),
	),
	'AppAs.DownlinkQueueList': listQueue,
};
