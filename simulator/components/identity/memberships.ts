import type { EntityRef } from '../../auth/rights';
import { collaboratorKey, EntityRecord } from '../../state/records';
import type { IdentityRegistry } from '../../state/tenantState';

export type Account = EntityRef & { type: 'user' | 'organization' };

/**
 * Whether the account is a member (collaborator) of the entity, directly or, for a user and
 * `indirect`, through an organization it belongs to (pkg/identityserver/bunstore/
 * membership_store.go FindMemberships with includeIndirect, used by the IS lists and searches).
 */
export function isMemberOf(
	identity: IdentityRegistry,
	account: Account,
	record: EntityRecord,
	indirect: boolean,
): boolean {
	if (record.collaborators.has(collaboratorKey(account.type, account.id))) return true;
	if (!indirect || account.type !== 'user' || record.type === 'organization') return false;
	for (const [organizationId, organization] of identity.organizations) {
		if (organization.deletedAt) continue;
		if (!organization.collaborators.has(collaboratorKey('user', account.id))) continue;
		if (record.collaborators.has(collaboratorKey('organization', organizationId))) return true;
	}
	return false;
}
