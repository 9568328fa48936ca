import { forbiddenPaths } from '../../encoding/fieldMask';
import type { JsonObject } from '../../encoding/json';
import { ttsError } from '../../errors/ttsError';
import type { Handler } from '../../http/call';
import { arrayAt, maskAt, numberAt } from './messageFields';
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

// api/ttn/lorawan/v3/*.proto List*Request, Search*Request: limit lte 1000.
const maximumLimit = 1000;

/**
 * pkg/rpcmiddleware/validator UnaryServerInterceptor, before the rate limiter and the handler:
 * the field mask against the RPC's allowed paths, then the message's rules (a `limit` of at most
 * 1000 in every list and search, and the RPC's own through `handler.validateRequest`).
 */
export function validateRequestMessage(
	rpc: string,
	message: JsonObject,
	handler: Handler | undefined,
): void {
	validateFieldMask(rpc, maskAt(message));
	if (numberAt(message, 'limit') > maximumLimit) {
		throw ttsError('pkg/errors:validation', {
			field: 'limit',
			reason: `value must be less than or equal to ${maximumLimit}`,
			name: 'lte',
		});
	}
	handler?.validateRequest?.(message);
}

/**
 * BatchGetEndDevicesRequest, BatchDeleteEndDevicesRequest (end_device.proto): 1 to 20 device IDs,
 * each a valid ID.
 */
export function validateBatchDeviceIds(message: JsonObject): void {
	const ids = arrayAt(message, 'device_ids');
	if (ids.length < 1 || ids.length > 20) {
		throw ttsError('pkg/errors:validation', {
			field: 'device_ids',
			reason: 'value must contain between 1 and 20 items, inclusive',
			name: 'items',
		});
	}
	ids.forEach((id, index) => validateId(String(id), `device_ids[${index}]`));
}
