import type { JsonObject } from '../encoding/json';
import type { EntityType } from '../auth/rights';
import { ApplicationUpStorage } from './applicationUpStorage';
import { PackageAssociations } from './packageAssociations';
import type { ApiKeyRecord, EntityRecord } from './records';

/** The Identity Server registries of one tenant. */
export class IdentityRegistry {
	readonly entities: Record<EntityType, Map<string, EntityRecord>> = {
		application: new Map(),
		gateway: new Map(),
		organization: new Map(),
		user: new Map(),
		client: new Map(),
	};
	/** Application id -> device id -> EndDevice (IS fields only). */
	readonly endDevices = new Map<string, Map<string, JsonObject>>();
	/** `JOINEUI:DEVEUI` -> end device uid, for end_device_euis_taken. */
	readonly endDeviceEuis = new Map<string, string>();
	/** Gateway EUI -> gateway id, for gateway_eui_taken. */
	readonly gatewayEuis = new Map<string, string>();
	readonly apiKeys = new Map<string, ApiKeyRecord>();

	devicesOf(applicationId: string): Map<string, JsonObject> {
		let devices = this.endDevices.get(applicationId);
		if (!devices) {
			devices = new Map();
			this.endDevices.set(applicationId, devices);
		}
		return devices;
	}

	/** User and organization IDs share one namespace (identifiers.proto). */
	accountIdTaken(id: string): boolean {
		return this.entities.user.has(id) || this.entities.organization.has(id);
	}

	get applications(): Map<string, EntityRecord> {
		return this.entities.application;
	}

	get gateways(): Map<string, EntityRecord> {
		return this.entities.gateway;
	}

	get users(): Map<string, EntityRecord> {
		return this.entities.user;
	}

	get organizations(): Map<string, EntityRecord> {
		return this.entities.organization;
	}
}

/** A component's end-device registry keyed by end device uid (`<app>.<device>`). */
export class DeviceRegistry {
	readonly devices = new Map<string, JsonObject>();
	/** `JOINEUI:DEVEUI` -> end device uid: the registry's unique index (end_device_euis_taken). */
	readonly euis = new Map<string, string>();
}

export interface GatewayConnection {
	stats: JsonObject;
	uplinkCount: number;
	downlinkCount: number;
}

/** Everything one tenant owns: IS registries, NS/AS/JS registries, queues, gateway connections. */
export class TenantState {
	readonly identity = new IdentityRegistry();
	readonly networkServer = new DeviceRegistry();
	readonly applicationServer = new DeviceRegistry();
	readonly joinServer = new DeviceRegistry();
	/** End device uid -> queued ApplicationDownlinks. */
	readonly downlinkQueues = new Map<string, JsonObject[]>();
	/** Application id -> AS link (ApplicationLink, e.g. default_formatters). */
	readonly applicationLinks = new Map<string, JsonObject>();
	/** Application id -> webhook id -> ApplicationWebhook (pkg/applicationserver/io/web/redis). */
	readonly webhooks = new Map<string, Map<string, JsonObject>>();
	/** Gateway id -> live connection. */
	readonly gatewayConnections = new Map<string, GatewayConnection>();
	/** Gateway id -> stats kept by the connection-stats registry after a disconnect. */
	readonly disconnectedGatewayStats = new Map<string, { stats: JsonObject; expiresAt: number }>();
	/** AS application package associations (default and per device). */
	readonly packageAssociations = new PackageAssociations();
	/** What the Storage Integration stored. */
	readonly storedApplicationUps = new ApplicationUpStorage();
	/** DevAddrs issued by /ns/dev_addr and joins (see issueDevAddr). */
	devAddrsIssued = 0;
	/** Sequence for DevEUIs of seeded devices that do not name one. */
	nextSeedDevEui = 1;
	/** Next DevEUI issued by /applications/{id}/dev-eui. */
	nextIssuedDevEui = 0x70b3d57ed0000001n;

	constructor(readonly id: string) {}
}

export class TenantRegistry {
	private readonly tenants = new Map<string, TenantState>();

	get(id: string): TenantState {
		let tenant = this.tenants.get(id);
		if (!tenant) {
			tenant = new TenantState(id);
			this.tenants.set(id, tenant);
		}
		return tenant;
	}

	ids(): string[] {
		return [...this.tenants.keys()];
	}
}
