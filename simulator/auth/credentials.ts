import { ttsError } from '../errors/ttsError';
import type { ApiKeyRecord, EntityRecord } from '../state/records';
import type { IdentityRegistry } from '../state/tenantState';
import { parseToken } from './tokens';

export type Credentials =
	{ kind: 'none' } | { kind: 'api_key'; key: ApiKeyRecord; user?: EntityRecord; token: string };

/**
 * Resolves the Authorization header like the IS does for API keys
 * (pkg/identityserver/entity_access.go): malformed token -> pkg/auth:token, unknown id ->
 * api_key_not_found, wrong secret -> invalid_authorization, past expires_at -> api_key_expired.
 */
export function authenticate(
	authorization: string | undefined,
	identity: IdentityRegistry,
	now: number = Date.now(),
): Credentials {
	if (!authorization) return { kind: 'none' };
	const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
	const parsed = match ? parseToken(match[1].trim()) : undefined;
	if (!match || !parsed) throw ttsError('pkg/auth:token');
	if (parsed.type !== 'api_key') throw ttsError('pkg/identityserver:invalid_authorization');
	const key = identity.apiKeys.get(parsed.id);
	if (!key) throw ttsError('pkg/identityserver:api_key_not_found');
	if (key.secret !== parsed.secret) throw ttsError('pkg/identityserver:invalid_authorization');
	if (key.expiresAt && Date.parse(key.expiresAt) <= now) {
		throw ttsError('pkg/identityserver:api_key_expired');
	}
	const user = key.entity.type === 'user' ? identity.users.get(key.entity.id) : undefined;
	return { kind: 'api_key', key, user, token: match[1].trim() };
}
