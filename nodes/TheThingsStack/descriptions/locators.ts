import type { INodeProperties } from 'n8n-workflow';

// api/ttn/lorawan/v3/identifiers.proto: user IDs may be 2 characters long, other IDs at least 3.
const ENTITY_ID_REGEX = '^[a-z0-9](?:-?[a-z0-9]){2,35}$';
export const USER_ID_REGEX = '^[a-z0-9](?:-?[a-z0-9]){1,35}$';

interface LocatorSpec {
	displayName: string;
	name: string;
	searchListMethod: string;
	example: string;
	description: string;
	idRegex?: string;
	minLength?: number;
}

export function entityLocator(spec: LocatorSpec): INodeProperties {
	const minLength = spec.minLength ?? 3;
	return {
		displayName: spec.displayName,
		name: spec.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: spec.description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: `Select ${/^[AEIOU]/.test(spec.displayName) ? 'an' : 'a'} ${spec.displayName.toLowerCase()}…`,
				typeOptions: { searchListMethod: spec.searchListMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: spec.example,
				validation: [
					{
						type: 'regex',
						properties: {
							regex: spec.idRegex ?? ENTITY_ID_REGEX,
							errorMessage: `Use ${minLength}–36 lowercase letters, digits and single hyphens`,
						},
					},
				],
			},
		],
	};
}

export const applicationRLC = entityLocator({
	displayName: 'Application',
	name: 'applicationId',
	searchListMethod: 'searchApplications',
	example: 'my-application',
	description: 'The application, picked from the list or given by its ID',
});

export const deviceRLC: INodeProperties = {
	...entityLocator({
		displayName: 'Device',
		name: 'deviceId',
		searchListMethod: 'searchDevices',
		example: 'my-device-01',
		description: 'The end device, picked from the application’s devices or given by its ID',
	}),
	typeOptions: { loadOptionsDependsOn: ['applicationId.value'] },
};

export const gatewayRLC = entityLocator({
	displayName: 'Gateway',
	name: 'gatewayId',
	searchListMethod: 'searchGateways',
	example: 'my-gateway',
	description: 'The gateway, picked from the list or given by its ID',
});
