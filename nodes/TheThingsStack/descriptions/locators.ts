import type { INodeProperties } from 'n8n-workflow';

// api/ttn/lorawan/v3/identifiers.proto: 3–36 lowercase letters, digits and single inner hyphens.
const ID_VALIDATION = [
	{
		type: 'regex' as const,
		properties: {
			regex: '^[a-z0-9](?:-?[a-z0-9]){2,35}$',
			errorMessage: 'Use 3–36 lowercase letters, digits and single hyphens',
		},
	},
];

function locator(
	displayName: string,
	name: string,
	searchListMethod: string,
	example: string,
	description: string,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: `Select a${/^[AEIOU]/.test(displayName) ? 'n' : ''} ${displayName.toLowerCase()}…`,
				typeOptions: { searchListMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: example,
				validation: ID_VALIDATION,
			},
		],
	};
}

export const applicationRLC = locator(
	'Application',
	'applicationId',
	'searchApplications',
	'my-application',
	'The application, picked from the list or given by its ID',
);

export const deviceRLC: INodeProperties = {
	...locator(
		'Device',
		'deviceId',
		'searchDevices',
		'my-device-01',
		'The end device, picked from the application’s devices or given by its ID',
	),
	typeOptions: { loadOptionsDependsOn: ['applicationId.value'] },
};

export const gatewayRLC = locator(
	'Gateway',
	'gatewayId',
	'searchGateways',
	'my-gateway',
	'The gateway, picked from the list or given by its ID',
);
