import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as deleteDevice from './deleteDevice.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export const operations = { create, deleteDevice, get, getAll, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['device'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description:
					'Register an OTAA or ABP device on the Identity, Join, Network and Application Server in one step, rolled back if any server refuses',
				action: 'Create a device',
			},
			{
				name: 'Delete',
				value: 'deleteDevice',
				description: 'Delete a device from every server it is registered on',
				action: 'Delete a device',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a device, with fields from every server that stores them',
				action: 'Get a device',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the devices of an application',
				action: 'Get many devices',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Change fields of a device on the servers that store them',
				action: 'Update a device',
			},
		],
		default: 'create',
	},
	...create.description,
	...deleteDevice.description,
	...get.description,
	...getAll.description,
	...update.description,
];
