import type { IDataObject, IHookFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { grantsRight, rightsOnEntity } from '../../shared/rights/entityRights';
import { getConnection, ttsApiRequest } from '../../shared/transport';
import { generateSecret } from '../delivery/secret';
import type { WebhookTriggerParameters } from '../webhookParameters';
import { readWebhookParameters } from '../webhookParameters';
import { unreachableWebhookUrl } from './reachability';
import type { Registration } from './registrationState';
import {
	clearRegistration,
	readRegistration,
	startActivation,
	writeRegistration,
} from './registrationState';
import type { WebhookDefinition } from './webhookDefinition';
import {
	failedAttempts,
	WEBHOOK_READ_MASK,
	webhookDrift,
	webhookSetRequest,
} from './webhookDefinition';
import { webhookIdFor } from './webhookIdentity';

const WEBHOOK_PATH = '/as/webhooks/{application_id}/{webhook_id}';

// pkg/applicationserver/io/web/grpc_webhooks.go Set and Delete.
const REGISTRATION_RIGHTS = [
	'RIGHT_APPLICATION_SETTINGS_BASIC',
	'RIGHT_APPLICATION_TRAFFIC_READ',
	'RIGHT_APPLICATION_TRAFFIC_DOWN_WRITE',
];

/**
 * `checkExists`: whether The Things Stack has the webhook exactly as n8n wants it. A missing
 * webhook, another URL (WEBHOOK_URL changed), another secret, other message types, JSON not the
 * format, or a pause make it false, so that n8n writes it again with `create`. An unhealthy
 * webhook is reactivated on the spot, as the Console's "Reactivate" does.
 */
export async function webhookIsCurrent(this: IHookFunctions): Promise<boolean> {
	const parameters = readWebhookParameters.call(this);
	const test = isTestRegistration.call(this);
	const staticData = this.getWorkflowStaticData('node');
	const registration = readRegistration(staticData, test);
	if (!registration.secret || registration.applicationId !== parameters.applicationId) return false;
	const definition = definitionOf.call(this, parameters, registration.secret, test);
	const remote = await readWebhook.call(this, definition);
	if (!remote) return false;
	const drift = webhookDrift(remote, definition);
	if (remote.paused === true) drift.push('it is paused');
	if (drift.length > 0) {
		this.logger.info(
			`The Things Stack Webhook Trigger: webhook ${definition.webhookId} of application "${definition.applicationId}" is written again: ${drift.join('; ')}`,
		);
		return false;
	}
	const failures = failedAttempts(remote);
	if (failures > 0) {
		await ttsApiRequest.call(this, {
			method: 'PUT',
			path: WEBHOOK_PATH,
			pathParams: webhookPathParams(definition),
			body: { webhook: { health_status: null }, field_mask: { paths: ['health_status'] } },
		});
		this.logger.info(
			`The Things Stack Webhook Trigger: webhook ${definition.webhookId} had ${failures} failed deliveries and was reactivated`,
		);
	}
	if (!test) startActivation(staticData);
	return true;
}

/**
 * `create`: registers (or rewrites) the webhook on the application, pointing at n8n's URL for this
 * node, with a secret header that `webhook()` checks. Fails with a clear message when The Things
 * Stack cannot reach the URL or the API key lacks the rights to write webhooks.
 */
export async function registerWebhook(this: IHookFunctions): Promise<boolean> {
	const parameters = readWebhookParameters.call(this);
	const test = isTestRegistration.call(this);
	const staticData = this.getWorkflowStaticData('node');
	const url = nodeWebhookUrl.call(this);
	const { hosts } = await getConnection.call(this);
	const unreachable = unreachableWebhookUrl(url, hosts.cluster);
	if (unreachable) {
		throw new NodeOperationError(this.getNode(), unreachable, {
			description:
				'The Things Stack delivers webhooks from its own servers. Give n8n a public URL (set WEBHOOK_URL to the address a reverse proxy or tunnel serves n8n at), or use The Things Stack Trigger, which opens an event stream from n8n and needs no public URL.',
		});
	}
	await ensureRegistrationRights.call(this, parameters.applicationId);
	// A secret is kept once made: a delivery that loaded the static data before a rewrite still
	// holds the same one, and so does what it saves back.
	const secret = readRegistration(staticData, test).secret ?? generateSecret();
	const definition = definitionOf.call(this, parameters, secret, test);
	const existing = await readWebhook.call(this, definition);
	await ttsApiRequest.call(this, {
		method: 'PUT',
		path: WEBHOOK_PATH,
		pathParams: webhookPathParams(definition),
		body: webhookSetRequest(definition, { resume: existing?.paused === true }),
	});
	writeRegistration(staticData, test, {
		secret,
		applicationId: definition.applicationId,
		webhookId: definition.webhookId,
		url,
	});
	if (!test) startActivation(staticData);
	return true;
}

/**
 * `delete`: removes the webhook n8n registered (on the application it was registered on, also
 * when the parameter changed since). A webhook that is gone already is fine; any other failure
 * is thrown, so that n8n tries again.
 */
export async function deregisterWebhook(this: IHookFunctions): Promise<boolean> {
	const test = isTestRegistration.call(this);
	const staticData = this.getWorkflowStaticData('node');
	const registration = readRegistration(staticData, test);
	const target = registration.applicationId
		? {
				applicationId: registration.applicationId,
				webhookId:
					registration.webhookId ??
					webhookIdFor(this.getWorkflow().id ?? '', this.getNode().id, test),
			}
		: undefined;
	if (!target) {
		this.logger.debug(
			'The Things Stack Webhook Trigger: no webhook was registered, none to delete',
		);
		return true;
	}
	try {
		await ttsApiRequest.call(this, {
			method: 'DELETE',
			path: WEBHOOK_PATH,
			pathParams: { application_id: target.applicationId, webhook_id: target.webhookId },
		});
	} catch (error) {
		if ((error as { httpCode?: string }).httpCode !== '404') {
			throw new NodeApiError(this.getNode(), error as JsonObject);
		}
		this.logger.debug(
			`The Things Stack Webhook Trigger: webhook ${target.webhookId} was already gone`,
		);
	}
	clearRegistration(staticData, test);
	return true;
}

/**
 * "Listen for test event" registers with mode `manual`; n8n deletes a test webhook with the same
 * mode as the production one, but with the test URL, which the test registration recorded.
 */
function isTestRegistration(this: IHookFunctions): boolean {
	if (this.getMode() === 'manual') return true;
	const test = readRegistration(this.getWorkflowStaticData('node'), true);
	return test.url !== undefined && test.url === this.getNodeWebhookUrl('default');
}

function nodeWebhookUrl(this: IHookFunctions): string {
	const url = this.getNodeWebhookUrl('default');
	if (!url) throw new NodeOperationError(this.getNode(), 'n8n gave no URL for the webhook');
	return url;
}

function definitionOf(
	this: IHookFunctions,
	parameters: WebhookTriggerParameters,
	secret: string,
	test: boolean,
): WebhookDefinition {
	return {
		applicationId: parameters.applicationId,
		webhookId: webhookIdFor(this.getWorkflow().id ?? '', this.getNode().id, test),
		baseUrl: nodeWebhookUrl.call(this),
		secret,
		messageTypes: parameters.messageTypes,
	};
}

/** The webhook as The Things Stack has it, or undefined when it has none by that ID. */
async function readWebhook(
	this: IHookFunctions,
	definition: WebhookDefinition,
): Promise<IDataObject | undefined> {
	try {
		return await ttsApiRequest.call(this, {
			method: 'GET',
			path: WEBHOOK_PATH,
			pathParams: webhookPathParams(definition),
			qs: { field_mask: WEBHOOK_READ_MASK },
		});
	} catch (error) {
		if ((error as { httpCode?: string }).httpCode === '404') return undefined;
		throw new NodeApiError(this.getNode(), error as JsonObject);
	}
}

async function ensureRegistrationRights(
	this: IHookFunctions,
	applicationId: string,
): Promise<void> {
	const rights = await rightsOnEntity.call(this, { kind: 'application', applicationId });
	if (!rights || rights.length === 0) return;
	const missing = REGISTRATION_RIGHTS.filter((right) => !grantsRight(rights, right));
	if (missing.length === 0) return;
	throw new NodeOperationError(
		this.getNode(),
		`The API key may not register webhooks on application "${applicationId}": it lacks ${missing.join(', ')}`,
		{
			description:
				'The Things Stack needs RIGHT_APPLICATION_SETTINGS_BASIC, RIGHT_APPLICATION_TRAFFIC_READ and RIGHT_APPLICATION_TRAFFIC_DOWN_WRITE to write an application’s webhooks. Add the missing rights to the API key in the Console, or use a key that has them.',
		},
	);
}

function webhookPathParams(definition: WebhookDefinition) {
	return { application_id: definition.applicationId, webhook_id: definition.webhookId };
}

export type { Registration };
