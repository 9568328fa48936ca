import type { INodeProperties } from 'n8n-workflow';

import { catchUpHoursOption, storageDelayOption } from '../../shared/delivery/catchUpOptions';

export const optionFields: INodeProperties[] = [
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			catchUpHoursOption('uplinks The Things Stack could not deliver while n8n was down'),
			storageDelayOption('After a gap, the first delivery'),
		],
	},
];
