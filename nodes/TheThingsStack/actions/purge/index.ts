import type { INodeProperties } from 'n8n-workflow';

import * as application from './application.operation';
import * as client from './client.operation';
import * as gateway from './gateway.operation';
import * as organization from './organization.operation';
import * as user from './user.operation';

export const operations = { application, client, gateway, organization, user };

export const description: INodeProperties[] = [
	{
		displayName:
			'Purging deletes an entity permanently, with its API keys and memberships, and releases its ID for reuse. It cannot be undone, and only an API key of an admin user of the deployment may purge.',
		name: 'purgeNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { resource: ['purge'] } },
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['purge'] } },
		options: [
			{
				name: 'Purge Application',
				value: 'application',
				description:
					'Permanently delete an application (deleted or not) and release its ID; its devices must be deleted first. Admin only, irreversible.',
				action: 'Purge an application permanently',
			},
			{
				name: 'Purge Gateway',
				value: 'gateway',
				description:
					'Permanently delete a gateway (deleted or not) and release its ID. Admin only, irreversible.',
				action: 'Purge a gateway permanently',
			},
			{
				name: 'Purge OAuth Client',
				value: 'client',
				description:
					'Permanently delete an OAuth client and release its ID. Admin only, irreversible.',
				action: 'Purge a client permanently',
			},
			{
				name: 'Purge Organization',
				value: 'organization',
				description:
					'Permanently delete an organization and release its ID. Admin only, irreversible.',
				action: 'Purge an organization permanently',
			},
			{
				name: 'Purge User',
				value: 'user',
				description:
					'Permanently delete a user account and release its ID. Admin only, irreversible.',
				action: 'Purge a user permanently',
			},
		],
		default: 'application',
	},
	...application.description,
	...client.description,
	...gateway.description,
	...organization.description,
	...user.description,
];
