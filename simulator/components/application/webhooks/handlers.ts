import { entity as entityRef } from '../../../auth/callerRights';
import type { JsonObject } from '../../../encoding/json';
import { ttsError } from '../../../errors/ttsError';
import type { Handler } from '../../../http/call';
import { listResponse } from '../../common/listResponse';
import { maskAt, objectAt, stringAt } from '../../common/messageFields';
import { validateFieldMask } from '../../common/validation';
import { getWebhook, listWebhooks, setWebhook } from './registry';

// pkg/applicationserver/io/web/grpc_webhooks.go appendImplicitWebhookGetPaths.
const IMPLICIT_GET_PATHS = ['base_url', 'format'];
// grpc_webhooks.go Set and Delete.
const SET_RIGHTS = [
	'RIGHT_APPLICATION_SETTINGS_BASIC',
	'RIGHT_APPLICATION_TRAFFIC_READ',
	'RIGHT_APPLICATION_TRAFFIC_DOWN_WRITE',
];

// format_json.go and format_protobuf.go register these; GetFormats lists their names.
const getFormats: Handler = () => ({ formats: { json: 'JSON', protobuf: 'Protocol Buffers' } });

// templates.go noopTemplateStore: the store of a deployment that configures no templates source.
const listTemplates: Handler = () => ({});
const getTemplate: Handler = (call) => {
	throw ttsError('pkg/applicationserver/io/web:template_not_found', {
		template_id: stringAt(call.message, 'ids.template_id'),
	});
};

const get: Handler = (call) => {
	const applicationId = stringAt(call.message, 'ids.application_ids.application_id');
	const webhookId = stringAt(call.message, 'ids.webhook_id');
	const paths = maskAt(call.message);
	validateFieldMask('ApplicationWebhookRegistry.Get', paths);
	call.caller.requireFromCluster(
		entityRef('application', applicationId),
		'RIGHT_APPLICATION_TRAFFIC_READ',
	);
	return getWebhook(call.tenant, { applicationId, webhookId }, [...IMPLICIT_GET_PATHS, ...paths]);
};

const list: Handler = (call) => {
	const applicationId = stringAt(call.message, 'application_ids.application_id');
	const paths = maskAt(call.message);
	validateFieldMask('ApplicationWebhookRegistry.List', paths);
	call.caller.requireFromCluster(
		entityRef('application', applicationId),
		'RIGHT_APPLICATION_TRAFFIC_READ',
	);
	const webhooks = listWebhooks(call.tenant, applicationId, [...IMPLICIT_GET_PATHS, ...paths]);
	call.setTotalCount(webhooks.length);
	return listResponse('webhooks', webhooks);
};

// Set is an upsert: an existing webhook changes only in the masked paths; a new one also gets its
// identifiers (grpc_webhooks.go Set).
const set: Handler = (call) => {
	const webhook = objectAt(call.message, 'webhook');
	const applicationId = stringAt(webhook, 'ids.application_ids.application_id');
	const webhookId = stringAt(webhook, 'ids.webhook_id');
	const paths = maskAt(call.message);
	validateFieldMask('ApplicationWebhookRegistry.Set', paths);
	call.caller.requireFromCluster(entityRef('application', applicationId), ...SET_RIGHTS);
	const written = setWebhook(
		call.tenant,
		{ applicationId, webhookId },
		[...IMPLICIT_GET_PATHS, ...paths],
		(stored) => ({
			webhook,
			sets: stored ? paths : [...paths, 'ids.application_ids', 'ids.webhook_id'],
		}),
	);
	return written ?? {};
};

// Delete writes "nothing" with Set: deleting a webhook that does not exist succeeds.
const remove: Handler = (call) => {
	const applicationId = stringAt(call.message, 'application_ids.application_id');
	const webhookId = stringAt(call.message, 'webhook_id');
	call.caller.requireFromCluster(entityRef('application', applicationId), ...SET_RIGHTS);
	setWebhook(call.tenant, { applicationId, webhookId }, [], () => undefined);
	return {};
};

/**
 * pkg/applicationserver/grpc.go GetConfiguration (no rights needed): the webhook health settings
 * (config.go WebhooksConfig.toProto) and the pub/sub providers, both enabled by default (the zero
 * status, which the JSON leaves out).
 */
const getConfiguration: Handler = (call) => {
	const { unhealthyAttemptsThreshold, unhealthyRetryIntervalMs } = call.services.options.webhooks;
	const webhooks: JsonObject = {
		unhealthy_retry_interval: formatDuration(unhealthyRetryIntervalMs),
	};
	if (unhealthyAttemptsThreshold !== 0) {
		webhooks.unhealthy_attempts_threshold = String(unhealthyAttemptsThreshold);
	}
	return { configuration: { pubsub: { providers: {} }, webhooks } };
};

// google.protobuf.Duration in JSON: seconds with 0, 3, 6 or 9 fractional digits.
function formatDuration(milliseconds: number): string {
	const seconds = Math.floor(milliseconds / 1000);
	const fraction = milliseconds % 1000;
	return fraction === 0 ? `${seconds}s` : `${seconds}.${String(fraction).padStart(3, '0')}s`;
}

export const webhookHandlers: Record<string, Handler> = {
	'ApplicationWebhookRegistry.GetFormats': getFormats,
	'ApplicationWebhookRegistry.ListTemplates': listTemplates,
	'ApplicationWebhookRegistry.GetTemplate': getTemplate,
	'ApplicationWebhookRegistry.Get': get,
	'ApplicationWebhookRegistry.List': list,
	'ApplicationWebhookRegistry.Set': set,
	'ApplicationWebhookRegistry.Delete': remove,
	'As.GetConfiguration': getConfiguration,
};
