import { ErrorId } from '../errors/catalog';
import { ttsError } from '../errors/ttsError';
import { collaboratorKey } from '../state/records';
import type { Collaborators } from '../state/records';
import type { IdentityRegistry } from '../state/tenantState';
import type { Credentials } from './credentials';
import { EntityRef, EntityType, expandRights, intersectRights, rightsForEntity } from './rights';

/** What a caller may do, computed like the IS membership store (key rights ∩ membership rights). */
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

	rightsOn(entity: EntityRef): string[] {
		if (this.credentials.kind !== 'api_key') return [];
		const { key } = this.credentials;
		const keyRights = rightsForEntity(key.rights, entity.type);
		if (key.entity.type === entity.type && key.entity.id === entity.id) return keyRights;
		if (this.isAdmin) return keyRights;
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

	private userMembershipRights(userId: string, entity: EntityRef): string[] {
		if (entity.type === 'organization') {
			const members = this.identity.organizations.get(entity.id)?.collaborators;
			return expandRights(members?.get(collaboratorKey('user', userId)) ?? []);
		}
		const collaborators = this.collaboratorsOf(entity);
		if (!collaborators) return [];
		const rights = new Set(expandRights(collaborators.get(collaboratorKey('user', userId)) ?? []));
		for (const [organizationId, organization] of this.identity.organizations) {
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
	 * pkg/auth/rights/require.go: no rights at all -> no_<entity>_rights; some missing ->
	 * insufficient_<entity>_rights with the `missing` attribute. Unauthenticated calls fail first.
	 */
	require(entity: EntityRef, ...required: string[]): string[] {
		if (!this.authenticated) throw ttsError('pkg/auth/rights:unauthenticated');
		const rights = this.rightsOn(entity);
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

	requireAdmin(errorId: ErrorId = 'pkg/auth/rights:no_admin'): void {
		if (!this.authenticated) throw ttsError('pkg/auth/rights:unauthenticated');
		if (!this.isAdmin) throw ttsError(errorId);
	}

	hasRight(entity: EntityRef, right: string): boolean {
		return this.rightsOn(entity).includes(right);
	}
}

export function entity(type: EntityType, id: string): EntityRef {
	return { type, id };
}
