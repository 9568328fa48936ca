import type { INodeProperties } from 'n8n-workflow';

export const outputFields: INodeProperties[] = [
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		options: [
			{
				name: 'Raw Event',
				value: 'raw',
				description: 'The event exactly as The Things Stack sent it',
			},
			{
				name: 'Simplified',
				value: 'simplified',
				description:
					'Device and gateway IDs, DevEUI, and for uplinks f_port, f_cnt, decoded payload, payload as hex and base64, received time, best RSSI/SNR and gateway count; the raw event under "raw"',
			},
		],
		default: 'simplified',
	},
];
