import { applyPaths, pickPaths } from '../../../encoding/fieldMask';
import { deepClone, isJsonObject, JsonObject } from '../../../encoding/json';
import { nowTimestamp } from '../../../encoding/time';
import { ttsError } from '../../../errors/ttsError';
import type { TenantState } from '../../../state/tenantState';
import { entityIdPattern, validateId, validateLength } from '../../common/validation';
import { applicationUpTypes } from '../../packages/storageIntegration';

/**
 * The ApplicationUp messages a webhook can subscribe to, each as an `ApplicationWebhook_Message`
 * field of the same name: the members of ApplicationUp's oneof `up`.
 */
export const WEBHOOK_MESSAGE_TYPES = applicationUpTypes;

export interface WebhookIds {
	applicationId: string;
	webhookId: string;
}

/** What a Set callback returns: the webhook to write and the paths of it to write, or nothing. */
export interface WebhookUpdate {
	webhook: JsonObject;
	sets: string[];
}

// pkg/applicationserver/io/web/redis/registry.go appendImplicitWebhookGetPaths: every read
// returns these besides the paths asked for (the gRPC layer adds base_url and format).
const IMPLICIT_GET_PATHS = ['created_at', 'ids', 'updated_at'];

function webhooksOf(tenant: TenantState, applicationId: string): Map<string, JsonObject> {
	let webhooks = tenant.webhooks.get(applicationId);
	if (!webhooks) {
		webhooks = new Map();
		tenant.webhooks.set(applicationId, webhooks);
	}
	return webhooks;
}

/** redis/registry.go Get: the stored webhook with the implicit and the asked paths; not_found. */
export function getWebhook(tenant: TenantState, ids: WebhookIds, paths: string[]): JsonObject {
	const stored = tenant.webhooks.get(ids.applicationId)?.get(ids.webhookId);
	if (!stored) throw ttsError('pkg/redis:not_found');
	return pickPaths(stored, [...IMPLICIT_GET_PATHS, ...paths]);
}

/** redis/registry.go List: every webhook of the application, in the order they were created. */
export function listWebhooks(
	tenant: TenantState,
	applicationId: string,
	paths: string[],
): JsonObject[] {
	return [...(tenant.webhooks.get(applicationId)?.values() ?? [])].map((stored) =>
		pickPaths(stored, [...IMPLICIT_GET_PATHS, ...paths]),
	);
}

/**
 * redis/registry.go Set: `update` gets the stored webhook (only the `gets` paths) or undefined,
 * and returns what to write, or undefined to delete it. A write with no paths changes nothing
 * and answers the stored webhook; a new webhook must set its identifiers; `updated_at` (and
 * `created_at` for a new one) is stamped; the result must pass ApplicationWebhook.ValidateFields.
 * Returns the written webhook (the `gets` paths), or undefined after a delete or a no-op on
 * nothing.
 */
export function setWebhook(
	tenant: TenantState,
	ids: WebhookIds,
	gets: string[],
	update: (stored: JsonObject | undefined) => WebhookUpdate | undefined,
): JsonObject | undefined {
	const webhooks = webhooksOf(tenant, ids.applicationId);
	const stored = webhooks.get(ids.webhookId);
	const returned = [...IMPLICIT_GET_PATHS, ...gets];
	const change = update(stored ? pickPaths(stored, returned) : undefined);
	if (!stored && !change) return undefined;
	if (change && change.sets.length === 0) return pickPaths(stored ?? {}, returned);
	if (!change) {
		webhooks.delete(ids.webhookId);
		return undefined;
	}
	const now = nowTimestamp();
	const updated: JsonObject = stored ? deepClone(stored) : {};
	const source: JsonObject = { ...change.webhook, updated_at: now };
	const sets = [...change.sets, 'updated_at'];
	if (!stored) {
		source.created_at = now;
		sets.push('created_at');
	}
	applyPaths(updated, source, sets);
	const written = compactWebhook(updated);
	validateWebhook(written);
	webhooks.set(ids.webhookId, written);
	return pickPaths(written, returned);
}

/**
 * The stack's JSON leaves out zero values: an enabled message type without a path reads `{}`,
 * `paused: false` and empty maps are not written.
 */
function compactWebhook(webhook: JsonObject): JsonObject {
	const compact: JsonObject = {};
	for (const [field, value] of Object.entries(webhook)) {
		if (value === '' || value === false || value === null) continue;
		if (isJsonObject(value) && WEBHOOK_MESSAGE_TYPES.includes(field)) {
			compact[field] = value.path ? { path: value.path } : {};
			continue;
		}
		if (isJsonObject(value) && ['headers', 'template_fields'].includes(field)) {
			if (Object.keys(value).length > 0) compact[field] = value;
			continue;
		}
		compact[field] = value;
	}
	return compact;
}

// ttnpb ApplicationWebhook.ValidateFields (pkg/ttnpb/applicationserver_web.pb.validate.go).
function validateWebhook(webhook: JsonObject): void {
	const ids = isJsonObject(webhook.ids) ? webhook.ids : {};
	validateId(String(ids.webhook_id ?? ''), 'webhook.ids.webhook_id', entityIdPattern);
	if (!isAbsoluteUri(String(webhook.base_url ?? ''))) {
		throw validationError('webhook.base_url', 'value must be absolute', 'uri');
	}
	const headers = isJsonObject(webhook.headers) ? webhook.headers : {};
	if (Object.keys(headers).length > 50) {
		throw validationError(
			'webhook.headers',
			'value must contain no more than 50 pair(s)',
			'max_pairs',
		);
	}
	for (const [key, value] of Object.entries(headers)) {
		validateLength(key, `webhook.headers[${key}]`, 64);
		validateLength(String(value), `webhook.headers[${key}]`, 4096);
	}
	const format = String(webhook.format ?? '');
	validateLength(format, 'webhook.format', 20);
	if (!entityIdPattern.test(format)) {
		throw validationError(
			'webhook.format',
			`value does not match regex pattern "${entityIdPattern.source}"`,
			'pattern',
		);
	}
	validateLength(String(webhook.downlink_api_key ?? ''), 'webhook.downlink_api_key', 128);
	for (const type of WEBHOOK_MESSAGE_TYPES) {
		const message = webhook[type];
		if (isJsonObject(message))
			validateLength(String(message.path ?? ''), `webhook.${type}.path`, 64);
	}
}

// url.Parse succeeds and IsAbs: a scheme, no control characters, no broken escapes.
function isAbsoluteUri(value: string): boolean {
	if (!/^[a-z][a-z0-9+.-]*:/i.test(value)) return false;
	if ([...value].some((character) => character < ' ' || character === '\u007f')) return false;
	return !/%(?![0-9a-f]{2})/i.test(value);
}

function validationError(field: string, reason: string, name: string) {
	return ttsError('pkg/errors:validation', { field, reason, name });
}
