import type { INodeProperties } from 'n8n-workflow';

import * as getPayloadFormatter from './getPayloadFormatter.operation';
import * as getTemplate from './getTemplate.operation';
import * as searchBrands from './searchBrands.operation';
import * as searchModels from './searchModels.operation';

export const operations = { getPayloadFormatter, getTemplate, searchBrands, searchModels };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['deviceRepository'] } },
		options: [
			{
				name: 'Get Payload Formatter',
				value: 'getPayloadFormatter',
				description:
					'Get the vendor’s payload formatter of a device model (JavaScript that decodes uplinks or encodes downlinks) with examples of payloads and what they mean',
				action: 'Get the payload formatter of a device model',
			},
			{
				name: 'Get Template',
				value: 'getTemplate',
				description:
					'Get the profile of a device model for a firmware version and band: LoRaWAN version, regional parameters, activation, classes and MAC settings, as The Things Stack applies them to a new device',
				action: 'Get the device template of a device model',
			},
			{
				name: 'Search Brands',
				value: 'searchBrands',
				description:
					'Find device makers in the LoRaWAN Device Repository by name, with their LoRa Alliance vendor ID and website',
				action: 'Search device brands',
			},
			{
				name: 'Search Models',
				value: 'searchModels',
				description:
					'Find device models by words of their name, description or sensors (which sensor is this?), with their hardware and firmware versions and the bands each firmware supports',
				action: 'Search device models',
			},
		],
		default: 'searchModels',
	},
	...getPayloadFormatter.description,
	...getTemplate.description,
	...searchBrands.description,
	...searchModels.description,
];
