import type { IDataObject } from 'n8n-workflow';

import type { MessageType } from '../description/messageTypeFields';
import { MESSAGE_TYPES } from '../description/messageTypeFields';
import { DELIVERY_CHECK_HEADER } from './webhookIdentity';

/** The webhook n8n wants The Things Stack to have for this node. */
export interface WebhookDefinition {
	applicationId: string;
	webhookId: string;
	/** n8n's URL for this node (production or test). */
	baseUrl: string;
	secret: string;
	messageTypes: readonly MessageType[];
}

/**
 * What to read of a webhook to compare it: base_url and format come with every read
 * (pkg/applicationserver/io/web/grpc_webhooks.go appendImplicitWebhookGetPaths).
 */
export const WEBHOOK_READ_MASK = ['headers', 'health_status', 'paused', ...MESSAGE_TYPES].join(',');

/**
 * The Set request (`PUT /as/webhooks/{app}/{id}`, an upsert) that makes the webhook exactly the
 * definition: JSON, the secret header, every message type in the mask, enabled ones as
 * `{"path": ""}` (posted to the base URL itself) and the others `null`, so that a narrower choice
 * switches the rest off; `health_status: null` clears a failure count (the Console's
 * Reactivate). `paused` is sent only to resume a paused webhook: servers before 3.32.1 do not
 * know the field.
 */
export function webhookSetRequest(
	definition: WebhookDefinition,
	{ resume }: { resume: boolean },
): IDataObject {
	const webhook: IDataObject = {
		base_url: definition.baseUrl,
		format: 'json',
		headers: { [DELIVERY_CHECK_HEADER]: definition.secret },
		health_status: null,
	};
	for (const type of MESSAGE_TYPES) {
		webhook[type] = definition.messageTypes.includes(type) ? { path: '' } : null;
	}
	const paths = ['base_url', 'format', 'headers', ...MESSAGE_TYPES, 'health_status'];
	if (resume) {
		webhook.paused = false;
		paths.push('paused');
	}
	return { webhook, field_mask: { paths } };
}

/**
 * How the webhook The Things Stack has differs from the definition, in words that never show the
 * secret; empty when it is as n8n wants it.
 */
export function webhookDrift(remote: IDataObject, definition: WebhookDefinition): string[] {
	const drift: string[] = [];
	if (remote.base_url !== definition.baseUrl) {
		drift.push(`it posts to ${String(remote.base_url)} instead of ${definition.baseUrl}`);
	}
	if (remote.format !== 'json') drift.push(`its format is ${String(remote.format)}, not json`);
	const headers = asObject(remote.headers);
	if (headers[DELIVERY_CHECK_HEADER] !== definition.secret) drift.push('its secret header differs');
	const enabled = MESSAGE_TYPES.filter(
		(type) => remote[type] !== undefined && remote[type] !== null,
	);
	const wanted = new Set<string>(definition.messageTypes);
	const missing = definition.messageTypes.filter((type) => !enabled.includes(type));
	const extra = enabled.filter((type) => !wanted.has(type));
	if (missing.length > 0 || extra.length > 0) {
		drift.push(
			`it sends ${enabled.join(', ') || 'no messages'} instead of ${definition.messageTypes.join(', ')}`,
		);
	}
	const withPath = enabled.filter((type) => wanted.has(type) && asObject(remote[type]).path);
	if (withPath.length > 0) drift.push(`${withPath.join(', ')} go to another path`);
	return drift;
}

/** The failure count of an unhealthy webhook (`health_status.unhealthy`), or 0 when it is not. */
export function failedAttempts(remote: IDataObject): number {
	const unhealthy = asObject(asObject(remote.health_status).unhealthy);
	if (Object.keys(unhealthy).length === 0 && !('unhealthy' in asObject(remote.health_status))) {
		return 0;
	}
	return Math.max(1, Number(unhealthy.failed_attempts ?? 0));
}

function asObject(value: unknown): IDataObject {
	return value && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : {};
}
