import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as deleteApplication from './deleteApplication.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as restore from './restore.operation';
import * as update from './update.operation';

export const operations = { create, deleteApplication, get, getAll, restore, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['application'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description:
					'Create an application (the container for devices), owned by a user or an organization',
				action: 'Create an application',
			},
			{
				name: 'Delete',
				value: 'deleteApplication',
				description:
					'Delete an application that has no devices left; it can be restored for 24 hours, and its ID stays reserved until an admin purges it',
				action: 'Delete an application',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get the settings of an application (name, attributes, server addresses, ...)',
				action: 'Get an application',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description:
					'List the applications the API key can see, or those of a user or an organization',
				action: 'Get many applications',
			},
			{
				name: 'Restore',
				value: 'restore',
				description: 'Bring back an application deleted in the last 24 hours',
				action: 'Restore a deleted application',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Change settings of an application; only the given fields change',
				action: 'Update an application',
			},
		],
		default: 'get',
	},
	...create.description,
	...deleteApplication.description,
	...get.description,
	...getAll.description,
	...restore.description,
	...update.description,
];
