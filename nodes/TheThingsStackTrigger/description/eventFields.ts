import type { INodeProperties } from 'n8n-workflow';

import { EVENT_PRESETS } from '../events/eventPresets';

export const eventFields: INodeProperties[] = [
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		options: EVENT_PRESETS.map(({ name, value, description }) => ({ name, value, description })),
		default: ['uplink'],
		description:
			'The events that start the workflow. Device events that The Things Stack does not pass on to application subscriptions are still delivered: the trigger then subscribes to the application’s devices as well.',
	},
	{
		displayName: 'Additional Event Names',
		name: 'customEvents',
		type: 'string',
		typeOptions: { multipleValues: true, multipleValueButtonText: 'Add Event Name' },
		default: [],
		placeholder: 'e.g. ns.up.data.receive or /^gs\\.up\\./',
		description:
			'More events by their exact name (as the Console shows them in Live data, e.g. ns.up.data.receive), or a regular expression between slashes',
	},
];
