import type { INodeProperties, INodePropertyMode } from 'n8n-workflow';

import { entityLocator, USER_ID_REGEX } from './locators';

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
