import { clientRLC } from '../../descriptions/entityLocators';
import { purgeOperation } from './purgeEntity';

export const { description, prepare, execute } = purgeOperation('client', clientRLC);
