import type { INodeProperties } from 'n8n-workflow';

/**
 * The messages an Application Server webhook can carry: the members of ApplicationUp's `up`
 * oneof, each enabled by its own field of the webhook (api/ttn/lorawan/v3/applicationserver_web.proto).
 */
export const MESSAGE_TYPE_OPTIONS = [
	{
		name: 'Downlink Acknowledged',
		value: 'downlink_ack',
		description: 'The device acknowledged a confirmed downlink',
	},
	{
		name: 'Downlink Failed',
		value: 'downlink_failed',
		description: 'A downlink could not be sent',
	},
	{
		name: 'Downlink Not Acknowledged',
		value: 'downlink_nack',
		description: 'The device did not acknowledge a confirmed downlink',
	},
	{
		name: 'Downlink Queue Invalidated',
		value: 'downlink_queue_invalidated',
		description: 'The queued downlinks no longer fit the session (e.g. after a join)',
	},
	{
		name: 'Downlink Queued',
		value: 'downlink_queued',
		description: 'A downlink was added to the queue',
	},
	{
		name: 'Downlink Sent',
		value: 'downlink_sent',
		description: 'A downlink was sent to a gateway',
	},
	{
		name: 'Join Accepted',
		value: 'join_accept',
		description: 'A device joined the network (OTAA)',
	},
	{
		name: 'Location Solved',
		value: 'location_solved',
		description: 'A location solver computed the position of a device',
	},
	{
		name: 'Normalized Uplink',
		value: 'uplink_normalized',
		description: 'The decoded payload in the normalized format of the Device Repository',
	},
	{
		name: 'Service Data',
		value: 'service_data',
		description: 'Data from a service of an application package',
	},
	{
		name: 'Uplink Message',
		value: 'uplink_message',
		description: 'An uplink with its decoded payload',
	},
] as const;

export type MessageType = (typeof MESSAGE_TYPE_OPTIONS)[number]['value'];

export const MESSAGE_TYPES: readonly MessageType[] = MESSAGE_TYPE_OPTIONS.map(({ value }) => value);

export const messageTypeFields: INodeProperties[] = [
	{
		displayName: 'Messages',
		name: 'messageTypes',
		type: 'multiOptions',
		options: MESSAGE_TYPE_OPTIONS.map((option) => ({ ...option })),
		default: ['uplink_message'],
		description:
			'The messages The Things Stack sends to n8n. Only these are registered on the webhook, so others are not sent at all.',
	},
];
