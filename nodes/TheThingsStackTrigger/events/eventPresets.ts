export interface EventPreset {
	value: string;
	name: string;
	description: string;
	/** TTS event names; empty means every event. */
	events: string[];
}

export const ALL_EVENTS_PRESET = 'all';

// The ApplicationUp a webhook would get for each, as the Application Server publishes it
// (pkg/applicationserver/observability.go); gateway events from pkg/gatewayserver, device
// registry events from pkg/identityserver.
export const EVENT_PRESETS: EventPreset[] = [
	{
		value: ALL_EVENTS_PRESET,
		name: 'All Events',
		description: 'Every event of the watched entities the API key may see',
		events: [],
	},
	{
		value: 'deviceCreated',
		name: 'Device Created',
		description: 'A device was added to the registry (end_device.create)',
		events: ['end_device.create'],
	},
	{
		value: 'deviceDeleted',
		name: 'Device Deleted',
		description: 'A device was deleted (end_device.delete, end_device.batch.delete)',
		events: ['end_device.delete', 'end_device.batch.delete'],
	},
	{
		value: 'deviceUpdated',
		name: 'Device Updated',
		description: 'A device was changed in the registry (end_device.update)',
		events: ['end_device.update'],
	},
	{
		value: 'downlinkAck',
		name: 'Downlink Acknowledged',
		description: 'The device acknowledged a confirmed downlink (as.down.data.ack.forward)',
		events: ['as.down.data.ack.forward'],
	},
	{
		value: 'downlinkFailed',
		name: 'Downlink Failed',
		description: 'A downlink could not be sent (as.down.data.failed.forward)',
		events: ['as.down.data.failed.forward'],
	},
	{
		value: 'downlinkNack',
		name: 'Downlink Not Acknowledged',
		description: 'The device did not acknowledge a confirmed downlink (as.down.data.nack.forward)',
		events: ['as.down.data.nack.forward'],
	},
	{
		value: 'downlinkQueued',
		name: 'Downlink Queued',
		description: 'A downlink was pushed to the queue (as.down.data.receive)',
		events: ['as.down.data.receive'],
	},
	{
		value: 'downlinkSent',
		name: 'Downlink Sent',
		description: 'A downlink was sent to a gateway (as.down.data.sent.forward)',
		events: ['as.down.data.sent.forward'],
	},
	{
		value: 'gatewayConnected',
		name: 'Gateway Connected',
		description: 'A gateway connected to the Gateway Server (gs.gateway.connect)',
		events: ['gs.gateway.connect'],
	},
	{
		value: 'gatewayDisconnected',
		name: 'Gateway Disconnected',
		description: 'A gateway disconnected (gs.gateway.disconnect)',
		events: ['gs.gateway.disconnect'],
	},
	{
		value: 'gatewayStatus',
		name: 'Gateway Status',
		description: 'A gateway reported its status (gs.status.receive)',
		events: ['gs.status.receive'],
	},
	{
		value: 'join',
		name: 'Join Accepted',
		description: 'A device joined the network (as.up.join.forward)',
		events: ['as.up.join.forward'],
	},
	{
		value: 'uplink',
		name: 'Uplink Message',
		description: 'A device sent data, decoded by the payload formatter (as.up.data.forward)',
		events: ['as.up.data.forward'],
	},
];
