import type { WebhookSettings } from './components/application/webhooks/settings';
import { DEFAULT_WEBHOOK_SETTINGS } from './components/application/webhooks/settings';
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
	/**
	 * Model an events store (default true; TTS's `internal` backend has none). Without one there is
	 * no history: tail/after are ignored with `X-Warning: Events storage is not enabled`.
	 */
	eventsStore?: boolean;
	/** Events kept per entity (`events.redis.store.entity-count`, default 100). */
	eventHistoryPerEntity?: number;
	/**
	 * How long an event's payload is kept; older events replay without `data`
	 * (`events.redis.store.ttl`, default 10 minutes).
	 */
	eventPayloadTtlMs?: number;
	/**
	 * An entity's event history expires this long after its last event
	 * (`events.redis.store.entity-ttl`, default 24 hours).
	 */
	eventEntityTtlMs?: number;
	/**
	 * Not TTS: every event stream's channel gets this size instead of clamp(tail, 8, 1024), for
	 * benchmarks that replay more than a real server could. Leave unset everywhere else.
	 */
	eventChannelSize?: number;
	/** The Storage Integration (TTS Cloud / Enterprise), on by default; `false` for open source TTS. */
	storageIntegration?: StorageIntegrationOptions | false;
	/** Data created at start, in the default tenant unless a tenant is named. */
	seed?: SeedData;
	/** `origin` of published events. Default `simulator.local`. */
	origin?: string;
	/**
	 * Clock in ms since the epoch for rate limiting, API key expiry, restore windows, gateway stats kept after a disconnect, the events
	 * store (its stream entry IDs and TTLs: Redis's clock) and the Storage Integration. Default
	 * Date.now. Event times always come from the system clock.
	 */
	now?: () => number;
	/** NS downlink queue capacity per device (TTS default 10000). */
	downlinkQueueCapacity?: number;
	/** Keep at most this many request log entries (oldest dropped). Default 10000. */
	requestLogLimit?: number;
	/** The Application Server's webhook settings (timeout, health, workers); see webhooks/settings.ts. */
	webhooks?: Partial<WebhookSettings>;
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

export interface StorageIntegrationOptions {
	/** How long stored messages are kept (30 days on TTS Cloud, 24 h on the Sandbox). Default 30 days. */
	retentionMs?: number;
	/** Stored messages become readable this long after they were received (batched writes). Default 1 s. */
	writeLagMs?: number;
	/** The ApplicationUp types stored. Default `['uplink_message']`: TTS Cloud stores only uplinks. */
	types?: string[];
	/**
	 * Send `X-Continuation-Token` when a page is full. Default false: the open-source HTTP gateway
	 * forwards no such header (pkg/rpcserver/rpcserver.go WithOutgoingHeaderMatcher).
	 */
	continuationTokenHeader?: boolean;
}

export interface ResolvedStorageOptions {
	retentionMs: number;
	writeLagMs: number;
	types: string[];
	continuationTokenHeader: boolean;
}

export interface ResolvedOptions {
	port: number;
	host: string;
	identityServerPort: number | undefined;
	eventsStore: boolean;
	eventHistoryPerEntity: number;
	eventPayloadTtlMs: number;
	eventEntityTtlMs: number;
	eventChannelSize: number | undefined;
	/** undefined when the Storage Integration is off. */
	storageIntegration: ResolvedStorageOptions | undefined;
	origin: string;
	now: () => number;
	downlinkQueueCapacity: number;
	requestLogLimit: number;
	webhooks: WebhookSettings;
	gatewayStatsRegistry: boolean;
	endDeviceIndexOrder: EndDeviceIndexOrder;
	devEuiBlock: false | { applicationLimit: number };
	netId: string;
	devAddrPrefixes: DevAddrPrefix[];
}

const minute = 60_000;
const hour = 60 * minute;

// Events store defaults: cmd/internal/shared/config.go DefaultEventsConfig.
export function resolveOptions(options: SimulatorOptions): ResolvedOptions {
	const netId = (options.netId ?? '000013').toUpperCase();
	return {
		port: options.port ?? 0,
		host: options.host ?? '127.0.0.1',
		identityServerPort: options.identityServerPort,
		eventsStore: options.eventsStore ?? true,
		eventHistoryPerEntity: options.eventHistoryPerEntity ?? 100,
		eventPayloadTtlMs: options.eventPayloadTtlMs ?? 10 * minute,
		eventEntityTtlMs: options.eventEntityTtlMs ?? 24 * hour,
		eventChannelSize: options.eventChannelSize,
		storageIntegration:
			options.storageIntegration === false
				? undefined
				: {
						retentionMs: options.storageIntegration?.retentionMs ?? 30 * 24 * hour,
						writeLagMs: options.storageIntegration?.writeLagMs ?? 1_000,
						types: options.storageIntegration?.types ?? ['uplink_message'],
						continuationTokenHeader: options.storageIntegration?.continuationTokenHeader ?? false,
					},
		origin: options.origin ?? 'simulator.local',
		now: options.now ?? Date.now,
		downlinkQueueCapacity: options.downlinkQueueCapacity ?? 10000,
		requestLogLimit: options.requestLogLimit ?? 10000,
		webhooks: { ...DEFAULT_WEBHOOK_SETTINGS, ...options.webhooks },
		gatewayStatsRegistry: options.gatewayStatsRegistry ?? false,
		endDeviceIndexOrder: options.endDeviceIndexOrder ?? 'id',
		devEuiBlock: options.devEuiBlock ?? { applicationLimit: 100 },
		netId,
		devAddrPrefixes: devAddrPrefixes(netId, options.devAddrPrefixes ?? ['260B0000/16']),
	};
}
