import { entityKinds } from '../components/identity/entityKinds';
import { ErrorId } from '../errors/catalog';
import { ttsError } from '../errors/ttsError';
import { collaboratorKey } from '../state/records';
import type { Collaborators, EntityRecord } from '../state/records';
import type { IdentityRegistry } from '../state/tenantState';
import type { Credentials } from './credentials';
import {
	EntityRef,
	EntityType,
	expandRights,
	intersectRights,
	rightsForEntity,
	unionRights,
	universalRights,
} from './rights';

export interface RightsLookup {
	/** Count soft-deleted entities as existing, as Restore does (store.WithSoftDeleted(ctx, false)). */
	includeDeleted?: boolean;
}

/**
 * What a caller may do, computed like the Identity Server (pkg/identityserver/rights.go getRights
 * and the *Rights fetchers): key rights ∩ membership rights, plus universal rights for admins,
 * plus the public gateway rights; nothing on an entity that does not exist or is deleted.
 */
export class CallerRights {
	constructor(
		readonly credentials: Credentials,
		private readonly identity: IdentityRegistry,
	) {}

	get authenticated(): boolean {
		return this.credentials.kind !== 'none';
	}

	get isAdmin(): boolean {
		return this.credentials.kind === 'api_key' && this.credentials.user?.admin === true;
	}

	/** The token's identifier for rate-limit keys, e.g. `key:<id>`. */
	get tokenId(): string | undefined {
		return this.credentials.kind === 'api_key' ? this.credentials.key.id : undefined;
	}

	/** The user or organization the key acts for (authInfo GetOrganizationOrUserIdentifiers). */
	get account(): EntityRef | undefined {
		if (this.credentials.kind !== 'api_key') return undefined;
		const { entity } = this.credentials.key;
		return entity.type === 'user' || entity.type === 'organization' ? entity : undefined;
	}

	rightsOn(entity: EntityRef, lookup: RightsLookup = {}): string[] {
		const record = this.existing(entity, lookup);
		if (!record) return [];
		return unionRights(
			this.keyRightsOn(entity),
			this.universalRightsOn(entity.type),
			publicGatewayRights(record),
		);
	}

	private keyRightsOn(entity: EntityRef): string[] {
		if (this.credentials.kind !== 'api_key') return [];
		const { key } = this.credentials;
		if (key.entity.type === entity.type && key.entity.id === entity.id) {
			return expandRights(key.rights);
		}
		const keyRights = rightsForEntity(key.rights, entity.type);
		if (keyRights.length === 0 || entity.type === 'user') return [];
		if (key.entity.type === 'user') {
			return intersectRights(keyRights, this.userMembershipRights(key.entity.id, entity));
		}
		if (key.entity.type === 'organization') {
			const collaborators = this.collaboratorsOf(entity);
			const rights = collaborators?.get(collaboratorKey('organization', key.entity.id)) ?? [];
			return intersectRights(keyRights, expandRights(rights));
		}
		return [];
	}

	private universalRightsOn(type: EntityType): string[] {
		if (!this.isAdmin || this.credentials.kind !== 'api_key') return [];
		return rightsForEntity(universalRights(this.credentials.key.rights), type);
	}

	private existing(entity: EntityRef, lookup: RightsLookup): EntityRecord | undefined {
		const record = this.identity.entities[entity.type].get(entity.id);
		if (!record || (record.deletedAt && !lookup.includeDeleted)) return undefined;
		return record;
	}

	private userMembershipRights(userId: string, entity: EntityRef): string[] {
		if (entity.type === 'organization') {
			const members = this.identity.organizations.get(entity.id)?.collaborators;
			return expandRights(members?.get(collaboratorKey('user', userId)) ?? []);
		}
		const collaborators = this.collaboratorsOf(entity);
		if (!collaborators) return [];
		const rights = new Set(expandRights(collaborators.get(collaboratorKey('user', userId)) ?? []));
		for (const [organizationId, organization] of this.identity.organizations) {
			if (organization.deletedAt) continue;
			const memberRights = organization.collaborators.get(collaboratorKey('user', userId));
			const organizationRights = collaborators.get(collaboratorKey('organization', organizationId));
			if (!memberRights || !organizationRights) continue;
			intersectRights(expandRights(organizationRights), expandRights(memberRights)).forEach(
				(right) => rights.add(right),
			);
		}
		return [...rights];
	}

	private collaboratorsOf(entity: EntityRef): Collaborators | undefined {
		if (entity.type === 'user' || entity.type === 'organization') return undefined;
		return this.identity.entities[entity.type].get(entity.id)?.collaborators;
	}

	/**
	 * pkg/auth/rights/require.go: no rights at all -> no_<entity>_rights (also without
	 * credentials: the IS then finds no rights); some missing -> insufficient_<entity>_rights with
	 * the `missing` attribute. An admin asking about an entity that does not exist gets its
	 * not-found error instead (pkg/identityserver/rights.go ApplicationRights and siblings).
	 */
	require(entity: EntityRef, ...required: string[]): string[];
	require(entity: EntityRef, lookup: RightsLookup, ...required: string[]): string[];
	require(entity: EntityRef, ...rest: Array<string | RightsLookup>): string[] {
		const lookup = typeof rest[0] === 'object' ? (rest.shift() as RightsLookup) : {};
		const required = rest as string[];
		if (this.isAdmin && !this.existing(entity, lookup)) {
			const kind = entityKinds[entity.type];
			throw ttsError(kind.notFound, { [kind.idField]: entity.id });
		}
		const rights = this.rightsOn(entity, lookup);
		if (rights.length === 0) {
			throw ttsError(`pkg/auth/rights:no_${entity.type}_rights` as ErrorId, { uid: entity.id });
		}
		const missing = required.filter((right) => !rights.includes(right));
		if (missing.length > 0) {
			throw ttsError(`pkg/auth/rights:insufficient_${entity.type}_rights` as ErrorId, {
				uid: entity.id,
				missing,
			});
		}
		return rights;
	}

	/** rights.RequireAny: at least one right on the entity. */
	requireAny(entity: EntityRef): string[] {
		return this.require(entity);
	}

	/**
	 * A Network, Application, Join or Gateway Server asks the Identity Server for the caller's
	 * rights with the caller's own credentials (pkg/auth/rights/fetcher.go accessFetcher,
	 * pkg/rpcmetadata WithForwardedAuth): without any, it fails before any rights are known.
	 */
	requireForwardedCredentials(): void {
		if (!this.authenticated) throw ttsError('pkg/rpcmetadata:unauthenticated');
	}

	/**
	 * `rights.Require<Entity>` in a Network, Application, Join or Gateway Server: the caller's
	 * credentials are forwarded to the Identity Server first (see requireForwardedCredentials).
	 * No required rights means at least one right on the entity.
	 */
	requireFromCluster(entity: EntityRef, ...required: string[]): string[] {
		this.requireForwardedCredentials();
		return this.require(entity, ...required);
	}

	/** pkg/identityserver/entity_access.go RequireAuthenticated. */
	requireAuthenticated(): void {
		if (!this.authenticated) throw ttsError('pkg/identityserver:unauthenticated');
	}

	hasRight(entity: EntityRef, right: string): boolean {
		return this.rightsOn(entity).includes(right);
	}
}

// pkg/identityserver/rights.go GatewayRights: anyone may read the status or location of a
// gateway that makes it public.
function publicGatewayRights(record: EntityRecord): string[] {
	if (record.type !== 'gateway') return [];
	const rights: string[] = [];
	if (record.entity.status_public === true) rights.push('RIGHT_GATEWAY_STATUS_READ');
	if (record.entity.location_public === true) rights.push('RIGHT_GATEWAY_LOCATION_READ');
	return rights;
}

export function entity(type: EntityType, id: string): EntityRef {
	return { type, id };
}
