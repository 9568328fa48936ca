import type { IDataObject } from 'n8n-workflow';

import type { MessageType } from '../description/messageTypeFields';
import { MESSAGE_TYPES } from '../description/messageTypeFields';

const APPLICATION_UP_TYPE = 'type.googleapis.com/ttn.lorawan.v3.ApplicationUp';

// pkg/applicationserver/observability.go registerForwardUp: the event each ApplicationUp is
// published as after the Application Server handed it to its integrations; a queued downlink is
// published as as.down.data.forward (registerForwardDownlinks).
const FORWARD_EVENTS: Record<MessageType, string> = {
	uplink_message: 'as.up.data.forward',
	uplink_normalized: 'as.up.normalized.forward',
	join_accept: 'as.up.join.forward',
	location_solved: 'as.up.location.forward',
	service_data: 'as.up.service.forward',
	downlink_ack: 'as.down.data.ack.forward',
	downlink_nack: 'as.down.data.nack.forward',
	downlink_sent: 'as.down.data.sent.forward',
	downlink_failed: 'as.down.data.failed.forward',
	downlink_queued: 'as.down.data.forward',
	downlink_queue_invalidated: 'as.down.data.queue.invalidated.forward',
};

/** Which message an ApplicationUp carries, if one n8n knows. */
export function messageTypeOf(up: IDataObject): MessageType | undefined {
	return MESSAGE_TYPES.find((type) => up[type] !== undefined && up[type] !== null);
}

/**
 * An ApplicationUp (as a webhook posts it) as the event the event stream carries it in: the end
 * device's identifiers, the message as data, its correlation IDs; `time` is when the Application
 * Server received it. So items of the webhook trigger and of The Things Stack Trigger look the
 * same downstream.
 */
export function eventOfApplicationUp(up: IDataObject, type: MessageType): IDataObject {
	const { end_device_ids: ids, correlation_ids: correlationIds } = up;
	return {
		name: FORWARD_EVENTS[type],
		time: up.received_at,
		identifiers: [{ device_ids: ids }],
		data: { '@type': APPLICATION_UP_TYPE, ...up },
		correlation_ids: Array.isArray(correlationIds) ? correlationIds : [],
		visibility: { rights: ['RIGHT_APPLICATION_TRAFFIC_READ'] },
	};
}
