import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { testTheThingsStackCredential } from '../shared/transport';
import { resources } from './actions/resources';
import { router } from './actions/router';
import { listSearch, loadOptions } from './methods';

export class TheThingsStack implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'The Things Stack',
		name: 'theThingsStack',
		icon: {
			light: 'file:../../icons/thethingsstack.svg',
			dark: 'file:../../icons/thethingsstack.dark.svg',
		},
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description:
			'Manage LoRaWAN devices, gateways, applications and downlinks on The Things Stack and The Things Network, and look up device models in the LoRaWAN Device Repository',
		defaults: { name: 'The Things Stack' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'theThingsStackApi', required: true, testedBy: 'theThingsStackApiTest' }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Application', value: 'application' },
					{ name: 'Device', value: 'device' },
					{ name: 'Device Repository', value: 'deviceRepository' },
					{ name: 'Downlink', value: 'downlink' },
					{ name: 'Gateway', value: 'gateway' },
					{ name: 'Purge', value: 'purge' },
					{ name: 'Uplink', value: 'uplink' },
				],
				default: 'device',
			},
			...resources.application.description,
			...resources.device.description,
			...resources.deviceRepository.description,
			...resources.downlink.description,
			...resources.gateway.description,
			...resources.purge.description,
			...resources.uplink.description,
		],
	};

	methods = {
		listSearch,
		loadOptions,
		credentialTest: { theThingsStackApiTest: testTheThingsStackCredential },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
