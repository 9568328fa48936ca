import type { IDataObject } from 'n8n-workflow';

import type { WebhookDefinition } from '../../../../nodes/TheThingsStackWebhookTrigger/registration/webhookDefinition';
import {
	failedAttempts,
	webhookDrift,
	webhookSetRequest,
} from '../../../../nodes/TheThingsStackWebhookTrigger/registration/webhookDefinition';

const definition: WebhookDefinition = {
	applicationId: 'app1',
	webhookId: 'n8n-0123456789abcdef01234567',
	baseUrl: 'https://n8n.example.com/webhook/abc/tts',
	secret: 'a'.repeat(64),
	messageTypes: ['uplink_message', 'join_accept'],
};

// The webhook as GET /as/webhooks/{app}/{id} returns it after webhookSetRequest.
const remote = (): IDataObject => ({
	base_url: definition.baseUrl,
	format: 'json',
	headers: { 'X-N8n-Webhook-Secret': definition.secret },
	uplink_message: {},
	join_accept: {},
});

describe('webhookSetRequest', () => {
	it('puts every message type in the mask, the chosen ones enabled and the rest null', () => {
		const request = webhookSetRequest(definition, { resume: false });
		const webhook = request.webhook as IDataObject;
		expect(webhook.uplink_message).toEqual({ path: '' });
		expect(webhook.join_accept).toEqual({ path: '' });
		expect(webhook.downlink_ack).toBeNull();
		expect(webhook.service_data).toBeNull();
		expect(webhook.health_status).toBeNull();
		expect(webhook).not.toHaveProperty('paused');
		expect([...(request.field_mask as { paths: string[] }).paths].sort()).toEqual([
			'base_url',
			'downlink_ack',
			'downlink_failed',
			'downlink_nack',
			'downlink_queue_invalidated',
			'downlink_queued',
			'downlink_sent',
			'format',
			'headers',
			'health_status',
			'join_accept',
			'location_solved',
			'service_data',
			'uplink_message',
			'uplink_normalized',
		]);
	});

	it('asks for paused only to resume a paused webhook', () => {
		const request = webhookSetRequest(definition, { resume: true });
		expect((request.webhook as IDataObject).paused).toBe(false);
		expect((request.field_mask as { paths: string[] }).paths).toContain('paused');
	});
});

describe('webhookDrift', () => {
	it('finds none in the webhook it wrote', () => {
		expect(webhookDrift(remote(), definition)).toEqual([]);
	});

	it('names each difference without showing the secret', () => {
		const drifted = {
			...remote(),
			base_url: 'https://old.example.com/webhook/abc/tts',
			format: 'protobuf',
			headers: { 'X-N8n-Webhook-Secret': 'b'.repeat(64) },
			join_accept: undefined,
			downlink_ack: {},
		};
		const drift = webhookDrift(drifted, definition);
		expect(drift).toEqual([
			'it posts to https://old.example.com/webhook/abc/tts instead of https://n8n.example.com/webhook/abc/tts',
			'its format is protobuf, not json',
			'its secret header differs',
			'it sends downlink_ack, uplink_message instead of uplink_message, join_accept',
		]);
		expect(drift.join()).not.toContain('b'.repeat(64));
	});

	it('notices a message type sent to another path', () => {
		expect(webhookDrift({ ...remote(), uplink_message: { path: 'up' } }, definition)).toEqual([
			'uplink_message go to another path',
		]);
	});
});

describe('failedAttempts', () => {
	it('reads the failure count of an unhealthy webhook only', () => {
		expect(failedAttempts(remote())).toBe(0);
		expect(failedAttempts({ health_status: { healthy: {} } })).toBe(0);
		expect(failedAttempts({ health_status: { unhealthy: { failed_attempts: '7' } } })).toBe(7);
	});
});
