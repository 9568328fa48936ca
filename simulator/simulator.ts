import { entity as entityRef } from './auth/callerRights';
import type { EntityType } from './auth/rights';
import {
	sendRadioUplink,
	joinDevice as joinDeviceOnStack,
	TrafficContext,
} from './components/application/traffic';
import type { WebhookDeliveryRecord } from './components/application/webhooks/delivery';
import { WebhookDelivery } from './components/application/webhooks/delivery';
import type { WebhookSettings } from './components/application/webhooks/settings';
import {
	connectGateway as connectGatewayOnStack,
	disconnectGateway as disconnectGatewayOnStack,
} from './components/gateway/gatewayServer';
import { createHandlers } from './components/handlers';
import { associationIds } from './components/packages/packageRegistry';
import {
	storageIntegrationPackage,
	storeForwardedApplicationUp,
} from './components/packages/storageIntegration';
import { checkRequests, ContractIssue, ContractReport } from './contract/contractCheck';
import type { JsonObject } from './encoding/json';
import { EventBus, EventInput, PublishedEvent } from './events/eventBus';
import { EventStore } from './events/eventStore';
import { EventStreamRegistry, EventStreamStats } from './events/streamRegistry';
import { FaultInjector } from './faults/faultInjector';
import type { SimulatorServices } from './http/call';
import { ConnectionTracker } from './http/connectionTracker';
import { Dispatcher } from './http/dispatcher';
import { RequestLog, RequestLogEntry } from './http/requestLog';
import { closeServer, listen, ListeningServer } from './http/server';
import { defaultTenant } from './http/tenantHost';
import { nowTimestamp } from './encoding/time';
import { resolveOptions, SimulatorOptions } from './options';
import { RateLimiter, RateLimitProfile } from './ratelimit/rateLimiter';
import { DemoReading, encodeDemoReading } from './seed/demoSeed';
import { Seeder } from './seed/seeder';
import type {
	SeedApplication,
	SeedData,
	SeedDevice,
	SeedGateway,
	SeedOrganization,
} from './seed/seedTypes';
import { RouteTable } from './spec/routeTable';
import type { StoredApplicationUp } from './state/applicationUpStorage';
import { endDeviceUid } from './state/records';
import { TenantRegistry, TenantState } from './state/tenantState';

export interface CreatedApiKey {
	/** The API key ID (the middle part of the token). */
	id: string;
	/** The full secret `NNSXS.<id>.<secret>` to send as `Authorization: Bearer <key>`. */
	key: string;
}

export interface ApiKeyRequest {
	/** The entity that owns the key. */
	owner:
		{ application: string } | { gateway: string } | { user: string } | { organization: string };
	rights: string[];
	name?: string;
	/** RFC 3339 UTC. */
	expiresAt?: string;
	tenant?: string;
}

export interface StorageIntegrationRequest {
	applicationId: string;
	/** Associate one device; the whole application (a default association) when omitted. */
	deviceId?: string;
	/** Default 100, as in the docs (for the Storage Integration the FPort does not matter). */
	fPort?: number;
	tenant?: string;
}

export interface UplinkRequest {
	applicationId: string;
	deviceId: string;
	fPort?: number;
	/** Raw FRMPayload; or `reading`, encoded as the demo sensors send it (demoUplinkDecoder). */
	payload?: Buffer | Uint8Array;
	reading?: DemoReading;
	gatewayId?: string;
	rssi?: number;
	snr?: number;
	tenant?: string;
}

/** A running simulator. See simulator/README.md. */
export class Simulator {
	readonly faults: FaultInjector;
	private readonly requestLogStore: RequestLog;
	private readonly services: SimulatorServices;

	private readonly webhookDelivery: WebhookDelivery;

	constructor(
		private readonly servers: ListeningServer[],
		services: SimulatorServices,
		requestLog: RequestLog,
		private readonly hostname: string,
	) {
		this.services = services;
		this.faults = services.faults;
		this.requestLogStore = requestLog;
		this.webhookDelivery = new WebhookDelivery(services, () => `${this.url}/api/v3`);
		this.webhookDelivery.start();
	}

	/** Cluster base URL (all components in single mode), without /api/v3 and trailing slash. */
	get url(): string {
		return `http://${this.hostname}:${this.clusterServer.port}`;
	}

	/** Identity Server base URL; equals `url` unless started with identityServerPort. */
	get identityServerUrl(): string {
		const identity = this.servers.find((server) => server.host === 'identity');
		return identity ? `http://${this.hostname}:${identity.port}` : this.url;
	}

	/** Base URL that selects a tenant through the Host header: `http://<tenant>.localhost:<port>`. */
	tenantUrl(tenant: string, component: 'cluster' | 'identity' = 'cluster'): string {
		const base = new URL(component === 'identity' ? this.identityServerUrl : this.url);
		return `http://${tenant}.localhost:${base.port}`;
	}

	private get clusterServer(): ListeningServer {
		return this.servers.find((server) => server.host !== 'identity') ?? this.servers[0];
	}

	/** The registries of a tenant (default tenant when omitted). */
	state(tenant: string = defaultTenant): TenantState {
		return this.services.tenants.get(tenant);
	}

	get tenants(): TenantRegistry {
		return this.services.tenants;
	}

	get events(): EventBus {
		return this.services.events;
	}

	get rateLimiter(): RateLimiter {
		return this.services.rateLimiter;
	}

	/** Replaces the rate-limit profiles (none = no limits and no headers). */
	setRateLimits(profiles: RateLimitProfile[]): void {
		this.services.rateLimiter.clear();
		profiles.forEach((profile) => this.services.rateLimiter.addProfile(profile));
	}

	private context(tenant: string = defaultTenant): TrafficContext {
		return { services: this.services, tenantId: tenant, tenant: this.services.tenants.get(tenant) };
	}

	private seeder(tenant?: string): Seeder {
		return new Seeder(this.context(tenant));
	}

	seed(data: SeedData): void {
		this.seeder(data.tenant).all(data);
	}

	createUser(userId: string, options: { admin?: boolean; tenant?: string } = {}): void {
		this.seeder(options.tenant).user({ userId, admin: options.admin });
	}

	createOrganization(seed: SeedOrganization, tenant?: string): void {
		this.seeder(tenant).organization(seed);
	}

	createApplication(seed: SeedApplication, tenant?: string): void {
		this.seeder(tenant).application(seed);
	}

	createDevice(seed: SeedDevice, tenant?: string): void {
		this.seeder(tenant).device(seed);
	}

	createGateway(seed: SeedGateway, tenant?: string): void {
		this.seeder(tenant).gateway(seed);
	}

	/** An API key with the given rights on an entity. */
	createApiKey(request: ApiKeyRequest): CreatedApiKey {
		const [type, id] = Object.entries(request.owner)[0] as [EntityType, string];
		const seeder = this.seeder(request.tenant);
		if (type === 'user') seeder.ensureUser(id);
		const created = seeder.apiKey(entityRef(type, id), request.rights, request.name ?? '');
		if (request.expiresAt) created.record.expiresAt = request.expiresAt;
		return { id: created.record.id, key: created.key };
	}

	/** A key of a (non-admin) user; the user is created if needed. */
	createUserKey(userId: string, rights: string[] = ['RIGHT_ALL'], tenant?: string): CreatedApiKey {
		return this.createApiKey({ owner: { user: userId }, rights, tenant });
	}

	/** A RIGHT_ALL key of the admin user `admin` (is_admin, may purge). */
	createAdminKey(tenant?: string): CreatedApiKey {
		const seeder = this.seeder(tenant);
		seeder.ensureUser('admin', true);
		const admin = this.state(tenant).identity.users.get('admin');
		if (admin) {
			admin.admin = true;
			admin.entity.admin = true;
		}
		return this.createApiKey({ owner: { user: 'admin' }, rights: ['RIGHT_ALL'], tenant });
	}

	/** Deletes an API key; open event streams using it end with an error. */
	revokeApiKey(keyId: string, tenant: string = defaultTenant): void {
		this.state(tenant).identity.apiKeys.delete(keyId);
		this.services.streams.revalidate(tenant);
	}

	publishEvent(input: EventInput, tenant: string = defaultTenant): PublishedEvent {
		return this.services.events.publish(tenant, input);
	}

	/** Simulates an OTAA join (js.join.accept, as.up.join.forward, new NS/AS session). */
	joinDevice(applicationId: string, deviceId: string, tenant?: string): JsonObject {
		return joinDeviceOnStack(this.context(tenant), applicationId, deviceId);
	}

	/** An uplink as if received over the radio (gs/ns/as events, decoded payload). */
	sendUplink(request: UplinkRequest): JsonObject {
		const payload = request.reading
			? encodeDemoReading(request.reading)
			: Buffer.from(request.payload ?? [0x01]);
		return sendRadioUplink(this.context(request.tenant), {
			applicationId: request.applicationId,
			deviceId: request.deviceId,
			fPort: request.fPort ?? 1,
			payload,
			gatewayId: request.gatewayId,
			rssi: request.rssi,
			snr: request.snr,
		});
	}

	connectGateway(gatewayId: string, tenant?: string): JsonObject {
		return connectGatewayOnStack(this.context(tenant), gatewayId);
	}

	disconnectGateway(gatewayId: string, tenant?: string): void {
		disconnectGatewayOnStack(this.context(tenant), gatewayId);
	}

	/**
	 * Associates the `storage-integration` package with an application or device, as
	 * `PUT …/packages/associations/{f_port}` would (without the request).
	 */
	enableStorageIntegration(request: StorageIntegrationRequest): void {
		const fPort = request.fPort ?? 100;
		const now = nowTimestamp();
		const registry = this.state(request.tenant).packageAssociations;
		const association: JsonObject = {
			ids: associationIds(request, fPort),
			created_at: now,
			updated_at: now,
			package_name: String(storageIntegrationPackage.name),
		};
		const ports =
			request.deviceId === undefined
				? registry.defaultsOf(request.applicationId)
				: registry.deviceOf(request.applicationId, request.deviceId);
		ports.set(fPort, association);
	}

	/** What the Storage Integration stored for an application, readable yet or not. */
	storedApplicationUps(applicationId: string, tenant?: string): readonly StoredApplicationUp[] {
		return this.state(tenant).storedApplicationUps.all(applicationId);
	}

	/** The downlink queue of a device as the AS holds it. */
	downlinkQueue(applicationId: string, deviceId: string, tenant?: string): JsonObject[] {
		return this.state(tenant).downlinkQueues.get(endDeviceUid(applicationId, deviceId)) ?? [];
	}

	/** A webhook as the Application Server stores it (every field), or undefined. */
	webhook(applicationId: string, webhookId: string, tenant?: string): JsonObject | undefined {
		const stored = this.state(tenant).webhooks.get(applicationId)?.get(webhookId);
		return stored ? structuredClone(stored) : undefined;
	}

	/** Every webhook request the Application Server made (oldest first). */
	webhookDeliveries(): WebhookDeliveryRecord[] {
		return this.webhookDelivery.deliveries();
	}

	clearWebhookDeliveries(): void {
		this.webhookDelivery.clearDeliveries();
	}

	/** Resolves once every webhook request started so far has been answered or has failed. */
	async webhooksIdle(): Promise<void> {
		await this.webhookDelivery.idle();
	}

	/** Changes the Application Server's webhook settings (timeout, health threshold and interval). */
	configureWebhooks(settings: Partial<WebhookSettings>): void {
		Object.assign(this.services.options.webhooks, settings);
	}

	requestLog(): RequestLogEntry[] {
		return this.requestLogStore.all();
	}

	clearRequestLog(): void {
		this.requestLogStore.clear();
	}

	/** Requests real TTS would reject as malformed (route, method, types, enums, masks, ...). */
	contractViolations(): ContractIssue[] {
		return this.contractReport().violations;
	}

	/** Requests with fields real TTS ignores (unknown body or query fields). */
	contractWarnings(): ContractIssue[] {
		return this.contractReport().warnings;
	}

	contractReport(): ContractReport {
		return checkRequests(this.requestLogStore.all());
	}

	get openSockets(): number {
		return this.services.connections.openSockets;
	}

	get openStreams(): number {
		return this.services.connections.openStreams;
	}

	/** What each event stream (the last 1,000, open or closed) pushed, dropped and wrote. */
	eventStreams(): EventStreamStats[] {
		return this.services.streams.stats();
	}

	/** Events dropped on all streams because their channel was full (TTS tells nobody). */
	get droppedEvents(): number {
		return this.services.streams.dropped;
	}

	/** Ends every event stream and socket and stops listening. */
	async close(): Promise<void> {
		this.webhookDelivery.close();
		const serversClosed = Promise.all(this.servers.map(closeServer));
		await this.services.connections.endAll();
		await serversClosed;
	}
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
	const resolved = resolveOptions(options);
	const faults = new FaultInjector();
	if (options.latency !== undefined) faults.setLatency(options.latency);
	const services: SimulatorServices = {
		options: resolved,
		tenants: new TenantRegistry(),
		events: new EventBus({
			origin: resolved.origin,
			split: resolved.identityServerPort !== undefined,
			store: resolved.eventsStore
				? new EventStore({
						entityCount: resolved.eventHistoryPerEntity,
						payloadTtlMs: resolved.eventPayloadTtlMs,
						entityTtlMs: resolved.eventEntityTtlMs,
						now: resolved.now,
					})
				: undefined,
		}),
		faults,
		rateLimiter: new RateLimiter(options.rateLimits),
		connections: new ConnectionTracker(),
		streams: new EventStreamRegistry(),
	};
	services.events.onPublish((published) => storeForwardedApplicationUp(services, published));
	const requestLog = new RequestLog(resolved.requestLogLimit);
	const dispatcher = new Dispatcher({
		services,
		routes: new RouteTable(),
		handlers: createHandlers(),
		requestLog,
	});
	const servers: ListeningServer[] = [];
	if (resolved.identityServerPort === undefined) {
		servers.push(
			await listen(dispatcher, services.connections, 'combined', resolved.port, resolved.host),
		);
	} else {
		servers.push(
			await listen(dispatcher, services.connections, 'cluster', resolved.port, resolved.host),
		);
		servers.push(
			await listen(
				dispatcher,
				services.connections,
				'identity',
				resolved.identityServerPort,
				resolved.host,
			),
		);
	}
	const simulator = new Simulator(servers, services, requestLog, resolved.host);
	if (options.seed) simulator.seed(options.seed);
	return simulator;
}
