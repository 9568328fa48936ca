import type { INodeProperties } from 'n8n-workflow';

export const optionFields: INodeProperties[] = [
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Catch Up From Storage (Hours)',
				name: 'catchUpHours',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 24,
				description:
					"How far back to read uplinks The Things Stack could not deliver while n8n was down, from the application's Storage Integration (0 = never). The Things Network keeps stored uplinks for 24 hours, The Things Stack Cloud for 30 days.",
			},
			{
				displayName: 'Storage Integration Delay (Seconds)',
				name: 'storageDelaySeconds',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 60,
				description:
					'How long the Storage Integration may take to store an uplink (it writes in batches). After a gap, the first delivery waits up to this long for the missed uplinks, so that everything is emitted in order.',
			},
		],
	},
];
