import * as application from './application';
import * as device from './device';
import * as deviceRepository from './deviceRepository';
import * as downlink from './downlink';
import * as gateway from './gateway';
import * as purge from './purge';
import type { ResourceModule } from './types';
import * as uplink from './uplink';

export const resources = {
	application,
	device,
	deviceRepository,
	downlink,
	gateway,
	purge,
	uplink,
} satisfies Record<string, ResourceModule>;

export type Resource = keyof typeof resources;
