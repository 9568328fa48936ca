import type { JsonObject } from '../encoding/json';

export type Owner = { userId: string } | { organizationId: string };

export interface SeedUser {
	userId: string;
	admin?: boolean;
	name?: string;
}

export interface SeedOrganization {
	organizationId: string;
	/** Member user id -> rights in the organization. */
	members?: Record<string, string[]>;
	name?: string;
}

export interface SeedApplication {
	applicationId: string;
	/** Collaborator with RIGHT_APPLICATION_ALL; default user `demo-user`. */
	owner?: Owner;
	name?: string;
	description?: string;
	attributes?: Record<string, string>;
	networkServerAddress?: string;
	applicationServerAddress?: string;
	joinServerAddress?: string;
	/** AS link default formatters (MessagePayloadFormatters), e.g. {up_formatter: 'FORMATTER_JAVASCRIPT', ...}. */
	defaultFormatters?: JsonObject;
}

export interface SeedDevice {
	applicationId: string;
	deviceId: string;
	/** `otaa` (default) registers on IS, JS, NS and AS; `abp` on IS, NS and AS with a session. */
	activation?: 'otaa' | 'abp';
	/** OTAA only: run a simulated join so the device has a session. Default false. */
	joined?: boolean;
	devEui?: string;
	joinEui?: string;
	name?: string;
	description?: string;
	attributes?: Record<string, string>;
	frequencyPlanId?: string;
	lorawanVersion?: string;
	lorawanPhyVersion?: string;
	appKey?: string;
	/** ABP only. */
	devAddr?: string;
	/** ABP only: FNwkSIntKey (copied to the other network keys for LoRaWAN < 1.1). */
	nwkSKey?: string;
	/** ABP only. */
	appSKey?: string;
	/** MessagePayloadFormatters on the AS. */
	formatters?: JsonObject;
	/** Server addresses stored on the IS (and JS). Default: the simulator's own host (`127.0.0.1`, or `<tenant>.localhost`). */
	serverAddress?: string;
}

export interface SeedGateway {
	gatewayId: string;
	eui?: string;
	owner?: Owner;
	name?: string;
	frequencyPlanId?: string;
	/** Connect it to the GS (gs.gateway.connect, connection stats). */
	connected?: boolean;
}

export interface SeedData {
	/** Tenant the data belongs to; default tenant if omitted. */
	tenant?: string;
	users?: SeedUser[];
	organizations?: SeedOrganization[];
	applications?: SeedApplication[];
	devices?: SeedDevice[];
	gateways?: SeedGateway[];
}
