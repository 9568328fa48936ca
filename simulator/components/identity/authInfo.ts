import { expandRights, universalRights } from '../../auth/rights';
import type { JsonObject } from '../../encoding/json';
import type { Handler } from '../../http/call';
import { entityKinds } from './entityKinds';
import { apiKeyMessage } from './apiKeys';

/**
 * `GET /api/v3/auth_info` (pkg/identityserver/entity_access.go authInfo): `{}` without
 * credentials; for an API key the key (rights expanded, secret blanked) and its entity, plus
 * is_admin and the universal rights (the key's rights but _KEYS and _ALL) for admin users.
 */
export const authInfo: Handler = (call) => {
	const { credentials } = call.caller;
	if (credentials.kind !== 'api_key') return {};
	const { key, user } = credentials;
	const kind = entityKinds[key.entity.type];
	const response: JsonObject = {
		api_key: {
			api_key: { ...apiKeyMessage(key), rights: expandRights(key.rights) },
			entity_ids: { [kind.idsField]: { [kind.idField]: key.entity.id } },
		},
	};
	if (user?.admin) {
		response.universal_rights = { rights: universalRights(key.rights) };
		response.is_admin = true;
	}
	return response;
};
