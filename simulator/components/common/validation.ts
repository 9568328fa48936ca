import { ttsError } from '../../errors/ttsError';
import { forbiddenPaths } from '../../encoding/fieldMask';
import { allowedFieldMaskPaths } from '../../spec/fieldMasks';

// identifiers.proto: application, device, gateway, organization and client IDs.
export const entityIdPattern = /^[a-z0-9](?:[-]?[a-z0-9]){2,}$/;
// identifiers.proto: user IDs may be two characters long.
export const userIdPattern = /^[a-z0-9](?:[-]?[a-z0-9]){1,}$/;

/**
 * pkg/identityserver/blocklist/builtin.go holds 731 reserved words; these are the common ones a
 * client is likely to hit.
 */
const blocklist = new Set([
	'about',
	'account',
	'accounts',
	'admin',
	'administrator',
	'administrators',
	'api',
	'app',
	'apps',
	'application',
	'applications',
	'auth',
	'authorize',
	'blog',
	'console',
	'contact',
	'dashboard',
	'docs',
	'documentation',
	'gateway',
	'gateways',
	'help',
	'home',
	'info',
	'login',
	'logout',
	'me',
	'new',
	'oauth',
	'organization',
	'organizations',
	'register',
	'root',
	'search',
	'settings',
	'signin',
	'signup',
	'support',
	'system',
	'the-things-network',
	'the-things-industries',
	'the-things-stack',
	'thethings',
	'thethingsnetwork',
	'ttn',
	'tti',
	'tts',
	'user',
	'users',
	'www',
]);

/** Validates an ID like the generated validators (pattern, max 36) and the IS blocklist. */
export function validateId(id: string, field: string, pattern: RegExp = entityIdPattern): void {
	if (id.length > 36) {
		throw ttsError('pkg/errors:validation', {
			field,
			reason: 'value length must be at most 36 runes',
			name: 'max_len',
		});
	}
	if (!pattern.test(id)) {
		throw ttsError('pkg/errors:validation', {
			field,
			reason: `value does not match regex pattern "${pattern.source}"`,
			name: 'pattern',
		});
	}
}

export function checkBlocklist(id: string): void {
	if (blocklist.has(id)) throw ttsError('pkg/identityserver/blocklist:forbidden_id', { id });
}

export function validateLength(value: string, field: string, max: number): void {
	if ([...value].length > max) {
		throw ttsError('pkg/errors:validation', {
			field,
			reason: `value length must be at most ${max} runes`,
			name: 'max_len',
		});
	}
}

/** pkg/rpcmiddleware/validator: field-mask paths outside the RPC's allowed list are rejected. */
export function validateFieldMask(rpc: string, paths: readonly string[]): void {
	const allowed = allowedFieldMaskPaths(rpc);
	if (!allowed) return;
	const forbidden = forbiddenPaths([...paths], allowed);
	if (forbidden.length > 0) {
		throw ttsError('pkg/rpcmiddleware/validator:field_mask_paths', { forbidden_paths: forbidden });
	}
}
