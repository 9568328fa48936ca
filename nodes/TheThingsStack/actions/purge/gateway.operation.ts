import { gatewayRLC } from '../../descriptions';
import { listingWith } from '../../descriptions/entityLocators';
import { purgeOperation } from './purgeEntity';

export const { description, prepare, execute } = purgeOperation(
	'gateway',
	listingWith(gatewayRLC, 'searchPurgeableGateways'),
);
