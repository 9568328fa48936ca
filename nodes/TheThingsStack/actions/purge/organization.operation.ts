import { listingWith, organizationRLC } from '../../descriptions/entityLocators';
import { purgeOperation } from './purgeEntity';

export const { description, prepare, execute } = purgeOperation(
	'organization',
	listingWith(organizationRLC, 'searchPurgeableOrganizations'),
);
