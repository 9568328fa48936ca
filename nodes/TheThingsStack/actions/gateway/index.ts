import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as deleteGateway from './deleteGateway.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getConnectionStats from './getConnectionStats.operation';
import * as restore from './restore.operation';
import * as update from './update.operation';

export const operations = {
	create,
	deleteGateway,
	get,
	getAll,
	getConnectionStats,
	restore,
	update,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['gateway'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description:
					'Register a gateway by its ID and EUI, with its frequency plan, owned by a user or an organization',
				action: 'Create a gateway',
			},
			{
				name: 'Delete',
				value: 'deleteGateway',
				description:
					'Delete a gateway; it can be restored for 24 hours, and its ID stays reserved until an admin purges it',
				action: 'Delete a gateway',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get the settings of a gateway (frequency plans, location, addresses, ...)',
				action: 'Get a gateway',
			},
			{
				name: 'Get Connection Stats',
				value: 'getConnectionStats',
				description:
					'Check whether a gateway is connected, and get its uplink and downlink counts and last status',
				action: 'Get the connection stats of a gateway',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the gateways the API key can see, or those of a user or an organization',
				action: 'Get many gateways',
			},
			{
				name: 'Restore',
				value: 'restore',
				description: 'Bring back a gateway deleted in the last 24 hours',
				action: 'Restore a deleted gateway',
			},
			{
				name: 'Update',
				value: 'update',
				description:
					'Change settings of a gateway (name, frequency plans, location, ...); only the given fields change',
				action: 'Update a gateway',
			},
		],
		default: 'get',
	},
	...create.description,
	...deleteGateway.description,
	...get.description,
	...getAll.description,
	...getConnectionStats.description,
	...restore.description,
	...update.description,
];
