import type { EndDeviceIndexOrder } from './components/identity/endDevices';
import { DevAddrPrefix, devAddrPrefixes } from './components/network/devAddr';
import type { LatencySetting } from './faults/faultInjector';
import type { RateLimitProfile } from './ratelimit/rateLimiter';
import type { SeedData } from './seed/seedTypes';

export interface SimulatorOptions {
	/** Cluster (or single) port; 0 picks an ephemeral port. Default 0. */
	port?: number;
	/** Default 127.0.0.1. */
	host?: string;
	/**
	 * Serve the Identity Server on its own port (0 = ephemeral) and only cluster paths
	 * (/as/ /ns/ /js/ /gs/ /edtc/) on `port`, like TTS Cloud's eu1 vs. other clusters.
	 */
	identityServerPort?: number;
	/** Latency added to every request, in ms, or a function of the request. */
	latency?: LatencySetting;
	/** Rate-limit profiles; none by default (TTS's open-source default). */
	rateLimits?: RateLimitProfile[];
	/** Events kept per entity for tail/after replay (TTS Redis store default ~100). */
	eventHistoryPerEntity?: number;
	/**
	 * Model an events store (default true). Without one, tail/after are ignored with
	 * `X-Warning: Events storage is not enabled`.
	 */
	eventsStore?: boolean;
	/** Data created at start, in the default tenant unless a tenant is named. */
	seed?: SeedData;
	/** `origin` of published events. Default `simulator.local`. */
	origin?: string;
	/**
	 * Clock in ms since the epoch for rate limits, API key expiry, the restore window and the stats
	 * kept after a gateway disconnects. Default Date.now.
	 */
	now?: () => number;
	/** NS downlink queue capacity per device (TTS default 10000). */
	downlinkQueueCapacity?: number;
	/** Keep at most this many request log entries (oldest dropped). Default 10000. */
	requestLogLimit?: number;
	/**
	 * Model the Gateway Server's connection-stats registry (`cache.service: redis`, as clustered
	 * deployments run it): after a disconnect the stats stay readable for 48 h with
	 * `disconnected_at` set and no `connected_at`, instead of 404 `not_connected`. Default false
	 * (the open-source default has no cache service).
	 */
	gatewayStatsRegistry?: boolean;
	/**
	 * Which unique index the Identity Server's database checks first when a device is created
	 * again: `id` answers `id_taken`, `eui` answers `end_device_euis_taken` naming the device that
	 * holds the EUIs (see storeIsDevice). Default `id`.
	 */
	endDeviceIndexOrder?: EndDeviceIndexOrder;
	/**
	 * The Identity Server's DevEUI block (`is.dev-eui-block`). Default `{ applicationLimit: 100 }`:
	 * The Things Network and The Things Stack Cloud issue DevEUIs from The Things Industries' block
	 * (the Console's Generate button), with a per-application limit they do not publish. `false` is
	 * the open-source default: no block, so IssueDevEUI answers `dev_eui_issuing_not_enabled`.
	 * A limit of 0 issues without limit.
	 */
	devEuiBlock?: false | { applicationLimit: number };
	/**
	 * The Network Server's NetID (`ns.net-id`). Default `000013`, The Things Network's; the
	 * open-source default is `000000`.
	 */
	netId?: string;
	/**
	 * The Network Server's DevAddr prefixes (`ns.dev-addr-prefixes`), e.g. `260B0000/16`. Default
	 * `['260B0000/16']`, those of The Things Network's eu1 cluster; an empty list derives the prefix
	 * of the NetID, as the open-source default does (`000000` gives `00000000/7`).
	 */
	devAddrPrefixes?: string[];
}

export interface ResolvedOptions {
	port: number;
	host: string;
	identityServerPort: number | undefined;
	eventHistoryPerEntity: number;
	eventsStore: boolean;
	origin: string;
	now: () => number;
	downlinkQueueCapacity: number;
	requestLogLimit: number;
	gatewayStatsRegistry: boolean;
	endDeviceIndexOrder: EndDeviceIndexOrder;
	devEuiBlock: false | { applicationLimit: number };
	netId: string;
	devAddrPrefixes: DevAddrPrefix[];
}

export function resolveOptions(options: SimulatorOptions): ResolvedOptions {
	const netId = (options.netId ?? '000013').toUpperCase();
	return {
		port: options.port ?? 0,
		host: options.host ?? '127.0.0.1',
		identityServerPort: options.identityServerPort,
		eventHistoryPerEntity: options.eventHistoryPerEntity ?? 100,
		eventsStore: options.eventsStore ?? true,
		origin: options.origin ?? 'simulator.local',
		now: options.now ?? Date.now,
		downlinkQueueCapacity: options.downlinkQueueCapacity ?? 10000,
		requestLogLimit: options.requestLogLimit ?? 10000,
		gatewayStatsRegistry: options.gatewayStatsRegistry ?? false,
		endDeviceIndexOrder: options.endDeviceIndexOrder ?? 'id',
		devEuiBlock: options.devEuiBlock ?? { applicationLimit: 100 },
		netId,
		devAddrPrefixes: devAddrPrefixes(netId, options.devAddrPrefixes ?? ['260B0000/16']),
	};
}
