import { randomBytes } from 'node:crypto';
import { entity as entityRef } from '../../auth/callerRights';
import { deepClone, isJsonObject, JsonObject } from '../../encoding/json';
import { ttsError } from '../../errors/ttsError';
import { deviceIdentifiers } from '../../events/identifiers';
import { ulid } from '../../events/ulid';
import type { Call, Handler } from '../../http/call';
import { endDeviceUid } from '../../state/records';
import { listResponse } from '../common/listResponse';
import { arrayAt, objectAt, stringAt } from '../common/messageFields';
import { activeFormatter, encodeDownlinkPayload } from './payloadFormatter';
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

function enqueue(call: Call, replace: boolean): JsonObject {
	const applicationId = stringAt(call.message, 'end_device_ids.application_ids.application_id');
	const deviceId = stringAt(call.message, 'end_device_ids.device_id');
	const downlinks = arrayAt(call.message, 'downlinks').filter(isJsonObject);
	validateFPorts(downlinks);
	call.caller.require(
		entityRef('application', applicationId),
		'RIGHT_APPLICATION_TRAFFIC_DOWN_WRITE',
	);
	const uid = endDeviceUid(applicationId, deviceId);
	const device = call.tenant.applicationServer.devices.get(uid);
	if (!device) throw ttsError('pkg/applicationserver:device_not_found', { device_uid: uid });
	// The session check runs even for an empty replace.
	if (!hasSession(device)) throw ttsError('pkg/applicationserver:no_device_session');
	if (downlinks.some((downlink) => !Number(downlink.f_port ?? 0)))
		throw ttsError('pkg/applicationserver:no_f_port');
	const session = objectAt(device, 'session');
	const formatter =
		activeFormatter(isJsonObject(device.formatters) ? device.formatters : undefined, 'down') ??
		activeFormatter(
			objectAt(call.tenant.applicationLinks.get(applicationId) ?? {}, 'default_formatters'),
			'down',
		);
	const existing = replace ? [] : (call.tenant.downlinkQueues.get(uid) ?? []);
	const capacity = call.services.options.downlinkQueueCapacity;
	if (existing.length + downlinks.length > capacity)
		throw ttsError('pkg/networkserver:downlink_queue_capacity');
	let lastFCnt = Number(session.last_a_f_cnt_down ?? 0);
	const queued = downlinks.map((input) => {
		const downlink: JsonObject = {};
		for (const field of keptFields)
			if (input[field] !== undefined) downlink[field] = deepClone(input[field]);
		if (isJsonObject(input.decoded_payload) && formatter) {
			downlink.frm_payload = encodeDownlinkPayload(input.decoded_payload).toString('base64');
		}
		lastFCnt++;
		downlink.session_key_id =
			stringAt(session, 'keys.session_key_id') || randomBytes(16).toString('base64');
		downlink.f_cnt = lastFCnt;
		downlink.correlation_ids = [
			...arrayAt(input, 'correlation_ids').map(String),
			`as:downlink:${ulid()}`,
		];
		return downlink;
	});
	session.last_a_f_cnt_down = lastFCnt;
	call.tenant.downlinkQueues.set(uid, [...existing, ...queued]);
	const identifiers = [deviceIdentifiers(deepClone(objectAt(device, 'ids')))];
	for (const downlink of queued) {
		const correlationIds = (downlink.correlation_ids as string[]) ?? [];
		const data = { '@type': downlinkType, ...deepClone(downlink) };
		call.services.events.publish(call.tenantId, {
			name: 'as.down.data.receive',
			identifiers,
			correlationIds,
			data,
		});
		call.services.events.publish(call.tenantId, {
			name: 'as.down.data.forward',
			identifiers,
			correlationIds,
			data,
		});
	}
	return {};
}

const listQueue: Handler = (call) => {
	const applicationId = stringAt(call.message, 'application_ids.application_id');
	const deviceId = stringAt(call.message, 'device_id');
	call.caller.require(entityRef('application', applicationId), 'RIGHT_APPLICATION_TRAFFIC_READ');
	const uid = endDeviceUid(applicationId, deviceId);
	if (!call.tenant.applicationServer.devices.has(uid)) {
		throw ttsError('pkg/applicationserver:device_not_found', { device_uid: uid });
	}
	return listResponse('downlinks', deepClone(call.tenant.downlinkQueues.get(uid) ?? []));
};

export const downlinkQueueHandlers: Record<string, Handler> = {
	'AppAs.DownlinkQueuePush': (call) => enqueue(call, false),
	'AppAs.DownlinkQueueReplace': (call) => enqueue(call, true),
	'AppAs.DownlinkQueueList': listQueue,
};
