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
 * `as.*.forward` events), the Storage Integration and webhooks all carry the same message
 * (pkg/applicationserver applicationserver.go processUp publishes the one `up` to the packages
 * and to the event). Its `received_at` alone does not tell two apart: the Application Server sets
 * one time for all messages the Network Server hands over in one request (grpc.go HandleUplink),
 * so the message's own reception time and frame counter are part of the key.
 * `uplink_message:app1/dev1@2024-10-01T12:00:00.123456789Z|2024-10-01T12:00:00.1Z#42`; undefined
 * without the identifiers, `received_at` or a message.
 */
export function applicationUpKey(up: IDataObject): string | undefined {
	const receivedAt = up.received_at;
	const ids = up.end_device_ids as IDataObject | undefined;
	if (typeof receivedAt !== 'string' || !ids || typeof ids !== 'object') return undefined;
	const type = messageTypeOf(up);
	if (!type) return undefined;
	const application = (ids.application_ids as IDataObject | undefined)?.application_id;
	const message = up[type] as IDataObject | undefined;
	const own = message && typeof message === 'object' ? message : {};
	const ownReceivedAt = typeof own.received_at === 'string' ? `|${own.received_at}` : '';
	const frameCounter = type === 'uplink_message' ? `#${String(own.f_cnt ?? 0)}` : '';
	return `${type}:${String(application)}/${String(ids.device_id)}@${receivedAt}${ownReceivedAt}${frameCounter}`;
}

// pkg/applicationserver/observability.go registerForwardUp: the event each ApplicationUp is
// published in after the Application Server handed it to its integrations; a queued downlink is
// published as as.down.data.forward (registerForwardDownlinks).
const FORWARD_EVENTS: Record<(typeof APPLICATION_UP_MESSAGES)[number], string> = {
	uplink_message: UPLINK_FORWARD_EVENT,
	uplink_normalized: 'as.up.normalized.forward',
	join_accept: 'as.up.join.forward',
	downlink_ack: 'as.down.data.ack.forward',
	downlink_nack: 'as.down.data.nack.forward',
	downlink_sent: 'as.down.data.sent.forward',
	downlink_failed: 'as.down.data.failed.forward',
	downlink_queued: 'as.down.data.forward',
	downlink_queue_invalidated: 'as.down.data.queue.invalidated.forward',
	location_solved: 'as.up.location.forward',
	service_data: 'as.up.service.forward',
};

/**
 * An ApplicationUp read elsewhere than on the event stream (from the Storage Integration, posted
 * by a webhook) as the event that carried it live: the end device's identifiers, the ApplicationUp
 * as data, so that both look the same downstream. What the event stream alone knows (`unique_id`,
 * `origin`) is left out; `time` is when the Application Server received the message.
 */
export function eventOfApplicationUp(up: IDataObject): IDataObject {
	const { end_device_ids: ids, correlation_ids: correlationIds } = up;
	const type = (messageTypeOf(up) ?? 'uplink_message') as keyof typeof FORWARD_EVENTS;
	const time = up.received_at ?? (up[type] as IDataObject | undefined)?.received_at;
	return {
		name: FORWARD_EVENTS[type],
		time,
		identifiers: [{ device_ids: ids }],
		data: { '@type': APPLICATION_UP_TYPE, ...up },
		correlation_ids: Array.isArray(correlationIds) ? correlationIds : [],
		visibility: { rights: ['RIGHT_APPLICATION_TRAFFIC_READ'] },
	};
}
