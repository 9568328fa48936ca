import type { EntityRef, EntityType } from '../auth/rights';
import type { JsonObject } from '../encoding/json';

/** Collaborator (or organization member) rights keyed by `user:<id>` or `organization:<id>`. */
export type Collaborators = Map<string, string[]>;

/** An Identity Server entity: application, gateway, organization, user or client. */
export interface EntityRecord {
	type: EntityType;
	/** The entity message as TTS writes it (snake_case, canonical values). */
	entity: JsonObject;
	/**
	 * Applications, gateways, clients: collaborators. Organizations: members (`user:<id>`).
	 * Users: unused.
	 */
	collaborators: Collaborators;
	deletedAt?: string;
	/** Users only. */
	admin?: boolean;
	/** Applications only: DevEUIs issued from the application's block. */
	issuedDevEuis?: number;
}

export interface ApiKeyRecord {
	id: string;
	secret: string;
	name: string;
	rights: string[];
	entity: EntityRef;
	createdAt: string;
	updatedAt: string;
	expiresAt?: string;
}

export function collaboratorKey(type: 'user' | 'organization', id: string): string {
	return `${type}:${id}`;
}

export function endDeviceUid(applicationId: string, deviceId: string): string {
	return `${applicationId}.${deviceId}`;
}
