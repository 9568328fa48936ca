import type { INodeProperties } from 'n8n-workflow';

import * as clear from './clear.operation';
import * as list from './list.operation';
import * as push from './push.operation';
import * as replace from './replace.operation';

export const operations = { clear, list, push, replace };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['downlink'] } },
		options: [
			{
				name: 'Clear Queue',
				value: 'clear',
				description: 'Remove every downlink queued for a device',
				action: 'Clear the downlink queue of a device',
			},
			{
				name: 'List Queue',
				value: 'list',
				description: 'Get the downlinks queued for a device, waiting for its next uplink',
				action: 'List the downlink queue of a device',
			},
			{
				name: 'Push',
				value: 'push',
				description:
					'Send a message to a device: add one or more downlinks (hex, base64 or JSON for the payload formatter) to the end of its queue',
				action: 'Push a downlink to a device',
			},
			{
				name: 'Replace Queue',
				value: 'replace',
				description:
					'Send a message to a device instead of whatever is queued: replace its queue with one or more downlinks',
				action: 'Replace the downlink queue of a device',
			},
		],
		default: 'push',
	},
	...clear.description,
	...list.description,
	...push.description,
	...replace.description,
];
