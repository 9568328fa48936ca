import type { INodeProperties } from 'n8n-workflow';

import { organizationRLC, userRLC } from './entityLocators';

/** Who owns a new application or gateway: the key's own user or organization, or a chosen one. */
export function ownerFields(entity: 'application' | 'gateway'): INodeProperties[] {
	return [
		{
			displayName: 'Owner',
			name: 'owner',
			type: 'options',
			options: [
				{
					name: 'API Key Owner',
					value: 'apiKey',
					description: `The user or organization the API key belongs to becomes the ${entity}’s owner`,
				},
				{
					name: 'Organization',
					value: 'organization',
					description: `An organization the API key may create ${entity}s in`,
				},
				{
					name: 'User',
					value: 'user',
					description: `A user the API key may create ${entity}s for`,
				},
			],
			default: 'apiKey',
			description: `Who owns the ${entity}: its first collaborator and its administrative and technical contact`,
		},
		{ ...organizationRLC, displayOptions: { show: { owner: ['organization'] } } },
		{ ...userRLC, displayOptions: { show: { owner: ['user'] } } },
	];
}

/** Which entities a Get Many lists: all the key can see, or those of one user or organization. */
export function ownedByFields(entities: 'applications' | 'gateways'): INodeProperties[] {
	return [
		{
			displayName: 'Owned By',
			name: 'ownedBy',
			type: 'options',
			options: [
				{
					name: 'Anyone',
					value: 'all',
					description: `Every ${entities.slice(0, -1)} the API key has rights on`,
				},
				{
					name: 'Organization',
					value: 'organization',
					description: `The ${entities} an organization collaborates on`,
				},
				{ name: 'User', value: 'user', description: `The ${entities} a user collaborates on` },
			],
			default: 'all',
		},
		{ ...organizationRLC, displayOptions: { show: { ownedBy: ['organization'] } } },
		{ ...userRLC, displayOptions: { show: { ownedBy: ['user'] } } },
	];
}
