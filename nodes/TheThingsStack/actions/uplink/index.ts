import type { INodeProperties } from 'n8n-workflow';

import * as simulate from './simulate.operation';

export const operations = { simulate };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['uplink'] } },
		options: [
			{
				name: 'Simulate',
				value: 'simulate',
				description:
					'Pretend a device sent a message (FPort and payload bytes): runs the payload decoder, webhooks and workflows without real hardware',
				action: 'Simulate an uplink from a device',
			},
		],
		default: 'simulate',
	},
	...simulate.description,
];
