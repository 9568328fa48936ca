import type { INodeProperties, INodePropertyMode } from 'n8n-workflow';

// api/ttn/lorawan/v3/identifiers.proto: user IDs may be 2 characters long, other IDs at least 3.
const ENTITY_ID_REGEX = '^[a-z0-9](?:-?[a-z0-9]){2,35}$';
const USER_ID_REGEX = '^[a-z0-9](?:-?[a-z0-9]){1,35}$';

interface LocatorSpec {
	displayName: string;
	name: string;
	searchListMethod: string;
	example: string;
	description: string;
	idRegex?: string;
	minLength?: number;
}

function entityLocator(spec: LocatorSpec): INodeProperties {
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

export const organizationRLC = entityLocator({
	displayName: 'Organization',
	name: 'organizationId',
	searchListMethod: 'searchOrganizations',
	example: 'my-organization',
	description: 'The organization, picked from the list or given by its ID',
});

export const userRLC = entityLocator({
	displayName: 'User',
	name: 'userId',
	searchListMethod: 'searchUsers',
	example: 'my-user',
	description:
		'The user, picked from the list (listing all users needs an admin key; others see their own user) or given by their ID',
	idRegex: USER_ID_REGEX,
	minLength: 2,
});

export const clientRLC = entityLocator({
	displayName: 'OAuth Client',
	name: 'clientId',
	searchListMethod: 'searchPurgeableClients',
	example: 'my-oauth-client',
	description: 'The OAuth client, picked from the list or given by its ID',
});

/** The same locator, listing with another search method (e.g. deleted entities for Restore). */
export function listingWith(
	locator: INodeProperties,
	searchListMethod: string,
	description = locator.description,
): INodeProperties {
	return {
		...locator,
		description,
		modes: (locator.modes ?? []).map((mode): INodePropertyMode =>
			mode.type === 'list'
				? { ...mode, typeOptions: { ...mode.typeOptions, searchListMethod } }
				: mode,
		),
	};
}
