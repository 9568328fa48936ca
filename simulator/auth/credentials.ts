import { ttsError } from '../errors/ttsError';
import type { ApiKeyRecord, EntityRecord } from '../state/records';
import type { IdentityRegistry } from '../state/tenantState';
import { parseToken } from './tokens';

export type Credentials =
	{ kind: 'none' } | { kind: 'api_key'; key: ApiKeyRecord; user?: EntityRecord; token: string };

/**
 * Resolves the Authorization header like the IS does (pkg/identityserver/entity_access.go
 * authInfo). pkg/rpcmetadata splits the header at its first space: without one there are no
 * credentials at all; a scheme other than Bearer -> unsupported_authorization; a malformed token
 * -> pkg/auth:token. The simulator issues API keys only, so other token types are never found.
 * For an API key: unknown id -> api_key_not_found, wrong secret -> invalid_authorization, past
 * expires_at -> api_key_expired, key of a user that no longer exists -> api_key_not_found.
 */
export function authenticate(
	authorization: string | undefined,
	identity: IdentityRegistry,
	now: number = Date.now(),
): Credentials {
	const separator = authorization?.indexOf(' ') ?? -1;
	if (!authorization || separator < 0) return { kind: 'none' };
	const scheme = authorization.slice(0, separator);
	const token = authorization.slice(separator + 1);
	if (scheme === '') return { kind: 'none' };
	if (scheme.toLowerCase() !== 'bearer') {
		throw ttsError('pkg/identityserver:unsupported_authorization');
	}
	const parsed = parseToken(token);
	if (!parsed) throw ttsError('pkg/auth:token');
	if (parsed.type === 'access_token' || parsed.type === 'session') {
		throw ttsError('pkg/identityserver:token_not_found');
	}
	if (parsed.type !== 'api_key') throw ttsError('pkg/identityserver:unsupported_authorization');
	const key = identity.apiKeys.get(parsed.id);
	if (!key) throw ttsError('pkg/identityserver:api_key_not_found');
	if (key.secret !== parsed.secret) throw ttsError('pkg/identityserver:invalid_authorization');
	if (key.expiresAt && Date.parse(key.expiresAt) < now) {
		throw ttsError('pkg/identityserver:api_key_expired');
	}
	const user = key.entity.type === 'user' ? identity.users.get(key.entity.id) : undefined;
	if (key.entity.type === 'user' && (!user || user.deletedAt)) {
		throw ttsError('pkg/identityserver:api_key_not_found');
	}
	return { kind: 'api_key', key, user, token };
}
