import { randomBytes } from 'node:crypto';
import type { EntityRef } from '../auth/rights';
import { canonicalEnumValue, macVersionValues, phyVersionValues } from '../encoding/enumAliases';
import type { JsonObject } from '../encoding/json';
import { nowTimestamp } from '../encoding/time';
import { connectGateway } from '../components/gateway/gatewayServer';
import { joinDevice, TrafficContext } from '../components/application/traffic';
import { storeComponentDevice } from '../components/common/componentRegistry';
import { storeApiKey, NewApiKey } from '../components/identity/apiKeys';
import { storeIsDevice } from '../components/identity/endDevices';
import { entityKinds } from '../components/identity/entityKinds';
import { storeNewEntity } from '../components/identity/entityRegistry';
import { completeNetworkSession } from '../components/network/deviceValidation';
import { issueDevAddr } from '../components/network/devAddr';
import { defaultTenant } from '../http/tenantHost';
import { collaboratorKey, endDeviceUid } from '../state/records';
import type {
	Owner,
	SeedApplication,
	SeedData,
	SeedDevice,
	SeedGateway,
	SeedOrganization,
	SeedUser,
} from './seedTypes';

function randomHex(bytes: number): string {
	return randomBytes(bytes).toString('hex').toUpperCase();
}

export const defaultOwnerUserId = 'demo-user';

function ownerCollaborator(owner: Owner | undefined): {
	type: 'user' | 'organization';
	id: string;
} {
	if (owner && 'organizationId' in owner) return { type: 'organization', id: owner.organizationId };
	return { type: 'user', id: owner?.userId ?? defaultOwnerUserId };
}

/** Writes seed data straight into a tenant's registries, as if created through the API. */
export class Seeder {
	constructor(private readonly context: TrafficContext) {}

	private get identity() {
		return this.context.tenant.identity;
	}

	user(seed: SeedUser): void {
		if (this.identity.users.has(seed.userId)) return;
		const record = storeNewEntity(this.identity, entityKinds.user, {
			ids: { user_id: seed.userId },
			name: seed.name ?? seed.userId,
			primary_email_address: `${seed.userId}@example.com`,
			state: 'STATE_APPROVED',
			admin: seed.admin ?? false,
		});
		record.admin = seed.admin ?? false;
	}

	organization(seed: SeedOrganization): void {
		const record = storeNewEntity(this.identity, entityKinds.organization, {
			ids: { organization_id: seed.organizationId },
			name: seed.name ?? seed.organizationId,
		});
		for (const [userId, rights] of Object.entries(seed.members ?? {})) {
			this.ensureUser(userId);
			record.collaborators.set(collaboratorKey('user', userId), rights);
		}
	}

	application(seed: SeedApplication): void {
		const collaborator = ownerCollaborator(seed.owner);
		if (collaborator.type === 'user') this.ensureUser(collaborator.id);
		const application: JsonObject = { ids: { application_id: seed.applicationId } };
		if (seed.name) application.name = seed.name;
		if (seed.description) application.description = seed.description;
		if (seed.attributes) application.attributes = seed.attributes;
		if (seed.networkServerAddress) application.network_server_address = seed.networkServerAddress;
		if (seed.applicationServerAddress)
			application.application_server_address = seed.applicationServerAddress;
		if (seed.joinServerAddress) application.join_server_address = seed.joinServerAddress;
		storeNewEntity(this.identity, entityKinds.application, application, collaborator);
		if (seed.defaultFormatters) {
			this.context.tenant.applicationLinks.set(seed.applicationId, {
				default_formatters: seed.defaultFormatters,
			});
		}
	}

	device(seed: SeedDevice): void {
		const { tenant } = this.context;
		const activation = seed.activation ?? 'otaa';
		const address = seed.serverAddress ?? this.clusterHost();
		const devEui = (
			seed.devEui ?? `70B3D57ED01${(tenant.nextSeedDevEui++).toString(16).padStart(5, '0')}`
		).toUpperCase();
		const joinEui = (seed.joinEui ?? '0000000000000000').toUpperCase();
		const ids: JsonObject = {
			device_id: seed.deviceId,
			application_ids: { application_id: seed.applicationId },
			dev_eui: devEui,
		};
		if (activation === 'otaa') ids.join_eui = joinEui;
		const isDevice: JsonObject = {
			ids,
			network_server_address: address,
			application_server_address: address,
		};
		if (activation === 'otaa') isDevice.join_server_address = address;
		if (seed.name) isDevice.name = seed.name;
		if (seed.description) isDevice.description = seed.description;
		if (seed.attributes) isDevice.attributes = seed.attributes;
		storeIsDevice(this.identity, seed.applicationId, isDevice);
		const uid = endDeviceUid(seed.applicationId, seed.deviceId);
		const now = nowTimestamp();
		const macVersion =
			canonicalEnumValue('v3MACVersion', macVersionValues, seed.lorawanVersion ?? 'MAC_V1_0_3') ??
			'MAC_V1_0_3';
		const phyVersion =
			canonicalEnumValue(
				'v3PHYVersion',
				phyVersionValues,
				seed.lorawanPhyVersion ?? 'PHY_V1_0_3_REV_A',
			) ?? 'PHY_V1_0_3_REV_A';
		const ns: JsonObject = {
			ids: structuredClone(ids),
			frequency_plan_id: seed.frequencyPlanId ?? 'EU_863_870_TTN',
			lorawan_version: macVersion,
			lorawan_phy_version: phyVersion,
			supports_join: activation === 'otaa',
			created_at: now,
			updated_at: now,
		};
		const as: JsonObject = { ids: structuredClone(ids) };
		if (seed.formatters) as.formatters = seed.formatters;
		if (activation === 'abp') {
			const devAddr = (
				seed.devAddr ?? issueDevAddr(tenant, this.context.services.options.devAddrPrefixes)
			).toUpperCase();
			const sessionKeyId = randomBytes(16).toString('base64');
			ns.session = {
				dev_addr: devAddr,
				keys: {
					session_key_id: sessionKeyId,
					f_nwk_s_int_key: { key: (seed.nwkSKey ?? randomHex(16)).toUpperCase() },
				},
				started_at: now,
			};
			completeNetworkSession(ns);
			(ns.ids as JsonObject).dev_addr = devAddr;
			as.session = {
				dev_addr: devAddr,
				keys: {
					session_key_id: sessionKeyId,
					app_s_key: { key: (seed.appSKey ?? randomHex(16)).toUpperCase() },
				},
			};
			(as.ids as JsonObject).dev_addr = devAddr;
		} else {
			storeComponentDevice(tenant.joinServer, uid, {
				ids: structuredClone(ids),
				network_server_address: address,
				application_server_address: address,
				root_keys: { app_key: { key: (seed.appKey ?? randomHex(16)).toUpperCase() } },
			});
		}
		storeComponentDevice(tenant.networkServer, uid, ns);
		storeComponentDevice(tenant.applicationServer, uid, as);
		if (activation === 'otaa' && seed.joined)
			joinDevice(this.context, seed.applicationId, seed.deviceId);
	}

	gateway(seed: SeedGateway): void {
		const collaborator = ownerCollaborator(seed.owner);
		if (collaborator.type === 'user') this.ensureUser(collaborator.id);
		const ids: JsonObject = { gateway_id: seed.gatewayId };
		if (seed.eui) ids.eui = seed.eui.toUpperCase();
		storeNewEntity(
			this.identity,
			entityKinds.gateway,
			{
				ids,
				name: seed.name ?? seed.gatewayId,
				frequency_plan_id: seed.frequencyPlanId ?? 'EU_863_870_TTN',
				gateway_server_address: 'localhost',
			},
			collaborator,
		);
		if (seed.connected) connectGateway(this.context, seed.gatewayId);
	}

	/**
	 * The host a device registered on this simulator names as its servers, as the Console stores
	 * its own host (sdk/js/src/service/devices/index.js create): the listen host, or
	 * `<tenant>.localhost` for another tenant (see tenantUrl).
	 */
	private clusterHost(): string {
		const { tenantId, services } = this.context;
		return tenantId === defaultTenant ? services.options.host : `${tenantId}.localhost`;
	}

	apiKey(owner: EntityRef, rights: string[], name = ''): NewApiKey {
		return storeApiKey(this.identity, owner, rights, name);
	}

	ensureUser(userId: string, admin = false): void {
		if (!this.identity.users.has(userId)) this.user({ userId, admin });
	}

	all(seed: SeedData): void {
		seed.users?.forEach((user) => this.user(user));
		seed.organizations?.forEach((organization) => this.organization(organization));
		seed.applications?.forEach((application) => this.application(application));
		seed.devices?.forEach((device) => this.device(device));
		seed.gateways?.forEach((gateway) => this.gateway(gateway));
	}
}
