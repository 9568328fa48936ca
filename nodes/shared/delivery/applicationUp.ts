import type { IDataObject } from 'n8n-workflow';

// ApplicationUp (api/ttn/lorawan/v3/messages.proto): exactly one of these carries the message.
export const APPLICATION_UP_MESSAGES = [
	'uplink_message',
	'uplink_normalized',
	'join_accept',
	'downlink_ack',
	'downlink_nack',
	'downlink_sent',
	'downlink_failed',
	'downlink_queued',
	'downlink_queue_invalidated',
	'location_solved',
	'service_data',
] as const;

export const APPLICATION_UP_TYPE = 'type.googleapis.com/ttn.lorawan.v3.ApplicationUp';
export const UPLINK_FORWARD_EVENT = 'as.up.data.forward';

/** Which message an ApplicationUp carries (`uplink_message`, `join_accept`, …), if any. */
export function messageTypeOf(up: IDataObject): string | undefined {
	if (up.uplink_message !== undefined) return 'uplink_message';
	return APPLICATION_UP_MESSAGES.find((type) => up[type] !== undefined);
}

/**
 * What identifies an ApplicationUp wherever it is read: the event stream (as the data of
 * `as.*.forward` events), the Storage Integration and webhooks all carry the same message, which
 * the Application Server stamps once with `received_at` (pkg/applicationserver
 * applicationserver.go processUp publishes the one `up` to the packages and to the event).
 * `uplink_message:app1/dev1@2024-10-01T12:00:00.123456789Z`; undefined without those fields.
 */
export function applicationUpKey(up: IDataObject): string | undefined {
	const receivedAt = up.received_at;
	const ids = up.end_device_ids as IDataObject | undefined;
	if (typeof receivedAt !== 'string' || !ids || typeof ids !== 'object') return undefined;
	const type = messageTypeOf(up);
	if (!type) return undefined;
	const application = (ids.application_ids as IDataObject | undefined)?.application_id;
	return `${type}:${String(application)}/${String(ids.device_id)}@${receivedAt}`;
}

/**
 * A stored uplink as the `as.up.data.forward` event that carried it live
 * (pkg/applicationserver/observability.go registerForwardUp: the end device's identifiers, the
 * ApplicationUp as data), so that recovered and live uplinks look the same downstream. What the
 * event stream alone knows (`unique_id`, `origin`) is left out; `time` is when the Application
 * Server received the uplink.
 */
export function eventOfStoredUplink(up: IDataObject): IDataObject {
	const { end_device_ids: ids, correlation_ids: correlationIds } = up;
	const time = up.received_at ?? (up.uplink_message as IDataObject | undefined)?.received_at;
	return {
		name: UPLINK_FORWARD_EVENT,
		time,
		identifiers: [{ device_ids: ids }],
		data: { '@type': APPLICATION_UP_TYPE, ...up },
		correlation_ids: Array.isArray(correlationIds) ? correlationIds : [],
		visibility: { rights: ['RIGHT_APPLICATION_TRAFFIC_READ'] },
	};
}
