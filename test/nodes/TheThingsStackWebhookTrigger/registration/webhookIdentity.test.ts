import { webhookIdFor } from '../../../../nodes/TheThingsStackWebhookTrigger/registration/webhookIdentity';

// api/ttn/lorawan/v3/applicationserver_web.proto ApplicationWebhookIdentifiers.webhook_id.
const WEBHOOK_ID = /^[a-z0-9](?:[-]?[a-z0-9]){2,}$/;

describe('webhookIdFor', () => {
	it('is a valid webhook ID of at most 36 characters, for production and test', () => {
		for (const test of [false, true]) {
			const id = webhookIdFor('w8XbY2kQ9mN4pL1z', 'c3f6a1e2-0b9d-4e7f-8a5c-2d1b0e9f7a6c', test);
			expect(id).toMatch(WEBHOOK_ID);
			expect(id.length).toBeLessThanOrEqual(36);
		}
	});

	it('differs per workflow and node, and for a test, and stays the same otherwise', () => {
		const id = webhookIdFor('workflow-a', 'node-1', false);
		expect(webhookIdFor('workflow-a', 'node-1', false)).toBe(id);
		expect(webhookIdFor('workflow-b', 'node-1', false)).not.toBe(id);
		expect(webhookIdFor('workflow-a', 'node-2', false)).not.toBe(id);
		expect(webhookIdFor('workflow-a', 'node-1', true)).not.toBe(id);
		expect(webhookIdFor('workflow-a', 'node-1', true)).toMatch(/^n8n-test-/);
	});
});
