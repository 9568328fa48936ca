import { listingWith, userRLC } from '../../descriptions/entityLocators';
import { purgeOperation } from './purgeEntity';

export const { description, prepare, execute } = purgeOperation(
	'user',
	listingWith(
		userRLC,
		'searchPurgeableUsers',
		'The user, picked from the list or given by their ID',
	),
);
