import { version } from '../../../package.json';

export const PACKAGE_NAME = 'n8n-nodes-the-things-stack';

export const USER_AGENT = `${PACKAGE_NAME}/${version}`;
