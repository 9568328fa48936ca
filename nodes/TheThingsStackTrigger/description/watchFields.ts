import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { applicationRLC, deviceRLC, gatewayRLC } from '../../TheThingsStack/descriptions';

// Inside the "Several Entities" list a device's application is its neighbour, not the top-level
// parameter the shared device search reads; searchEntityDevices looks there.
const entityDeviceRLC: INodeProperties = {
	...deviceRLC,
	typeOptions: undefined,
	modes: deviceRLC.modes?.map((mode) =>
		mode.name === 'list'
			? {
					...mode,
					typeOptions: { ...mode.typeOptions, searchListMethod: 'searchEntityDevices' },
				}
			: mode,
	),
};

export const watchFields: INodeProperties[] = [
	{
		displayName: 'Watch',
		name: 'watch',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Application',
				value: 'application',
				description: 'Events of an application and of all its devices',
			},
			{ name: 'Device', value: 'device', description: 'Events of one device' },
			{ name: 'Gateway', value: 'gateway', description: 'Events of one gateway' },
			{
				name: 'Several Entities',
				value: 'entities',
				description: 'Events of several applications, devices and gateways',
			},
		],
		default: 'application',
	},
	...updateDisplayOptions({ show: { watch: ['application', 'device'] } }, [applicationRLC]),
	...updateDisplayOptions({ show: { watch: ['device'] } }, [deviceRLC]),
	...updateDisplayOptions({ show: { watch: ['gateway'] } }, [gatewayRLC]),
	{
		displayName: 'Entities',
		name: 'entities',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Entity',
		default: {},
		displayOptions: { show: { watch: ['entities'] } },
		options: [
			{ displayName: 'Application', name: 'applications', values: [applicationRLC] },
			{ displayName: 'Device', name: 'devices', values: [applicationRLC, entityDeviceRLC] },
			{ displayName: 'Gateway', name: 'gateways', values: [gatewayRLC] },
		],
	},
];
