export { limit, returnAll } from './common';
export { applicationRLC, deviceRLC, gatewayRLC } from './locators';
