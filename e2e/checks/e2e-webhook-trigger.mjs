// e2e/workflows/e2e-webhook-trigger.json: The Things Stack Webhook Trigger, active under
// `n8n start`. It must register its webhook on demo-app pointing at this n8n, turn every pushed
// uplink into exactly one execution, start nothing for a forged request, and take a test event
// ("Listen for test event") on a webhook of its own while the active one stays as it was.
import { countDeliveries, expectDeliveries } from '../lib/delivery.mjs';
import { E2E_OWNER } from '../lib/owner.mjs';

export const mode = 'active';

const applicationId = 'demo-app';
const deviceId = 'demo-sensor-2';
const readings = [
	{ temperature: 18.5, humidity: 44, battery: 3.3 },
	{ temperature: 19.25, humidity: 45, battery: 3.3 },
	{ temperature: 20, humidity: 46, battery: 3.2 },
];

export async function verify(t) {
	const { assert } = t;
	const trigger = t.workflow.nodes.find((node) =>
		node.type.endsWith('.theThingsStackWebhookTrigger'),
	);
	const productionUrl = `${t.n8n.url}/webhook/${trigger.webhookId}/tts`;
	const testUrl = `${t.n8n.url}/webhook-test/${trigger.webhookId}/tts`;
	const webhooks = async () => {
		const { body } = await t.simulator.api(
			'GET',
			`/as/webhooks/${applicationId}?field_mask=headers,uplink_message,join_accept,health_status`,
		);
		return body?.webhooks ?? [];
	};
	const itemsOf = (execution) => t.output(execution, trigger.name);
	const keyOf = (item) => `${item.deviceId}#${item.fCnt}`;

	const production = await t.check(
		'registers its webhook on demo-app: n8n’s production URL, JSON, a secret header, uplinks only',
		async () => {
			const webhook = await assert.eventually(
				async () => (await webhooks()).find((each) => each.base_url === productionUrl),
				{ what: `a webhook posting to ${productionUrl}`, timeoutMs: 60_000 },
			);
			assert.equal(webhook.format, 'json', 'format');
			assert.match(webhook.headers?.['X-N8n-Webhook-Secret'] ?? '', /^[0-9a-f]{64}$/, 'secret');
			assert.ok(webhook.uplink_message, 'uplink_message enabled');
			assert.ok(!webhook.join_accept, 'join_accept not enabled');
			return webhook.ids.webhook_id;
		},
	);
	if (!production) return;

	await t.check('every pushed uplink starts exactly one execution (webhook-deliver)', async () => {
		// The webhook gets every uplink of demo-app, also those the other active checks sent before
		// this one: only the executions started from here on are this scenario's.
		const earlier = new Set(
			(await t.n8n.executions(t.workflow.id)).map((execution) => execution.id),
		);
		const ours = (execution) => execution.mode === 'webhook' && !earlier.has(execution.id);
		const sent = [];
		for (const reading of readings) {
			const up = await t.simulator.sendUplink({ deviceId, reading });
			sent.push(`${deviceId}#${up.uplink_message.f_cnt}`);
		}
		const executions = await t.executions({ count: sent.length, where: ours });
		await new Promise((resolve) => setTimeout(resolve, 2_000));
		const all = (await t.executions({ count: sent.length })).filter(ours);
		const items = all.flatMap(itemsOf);
		assert.subset(itemsOf(executions[0])[0], { event: 'as.up.data.forward', deviceId });
		return expectDeliveries(
			'webhook-deliver',
			countDeliveries({ sent, received: items.map(keyOf) }),
		);
	});

	await t.check('a request without the secret gets 401 and starts nothing', async () => {
		const before = (await t.n8n.executions(t.workflow.id)).length;
		for (const headers of [{}, { 'X-N8n-Webhook-Secret': 'guessed' }]) {
			const response = await fetch(productionUrl, {
				method: 'POST',
				headers: { 'content-type': 'application/json', ...headers },
				body: JSON.stringify({
					end_device_ids: {
						device_id: deviceId,
						application_ids: { application_id: applicationId },
					},
					received_at: new Date().toISOString(),
					uplink_message: { f_port: 1, f_cnt: 999999, frm_payload: 'AQI=' },
				}),
			});
			assert.equal(response.status, 401, 'status');
		}
		await new Promise((resolve) => setTimeout(resolve, 3_000));
		assert.equal((await t.n8n.executions(t.workflow.id)).length, before, 'executions');
	});

	await t.check(
		'"Listen for test event" registers a test webhook beside the active one and removes it after the event',
		async () => {
			const [before] = (await webhooks()).filter((each) => each.base_url === productionUrl);
			const session = await t.n8n.login(E2E_OWNER);
			const workflowData = await session.get(`/rest/workflows/${t.workflow.id}`);
			const started = await session.post(`/rest/workflows/${t.workflow.id}/run`, {
				workflowData,
				triggerToStartFrom: { name: trigger.name },
			});
			assert.subset(started, { waitingForWebhook: true }, 'run answer');
			const test = await assert.eventually(
				async () => (await webhooks()).find((each) => each.base_url === testUrl),
				{ what: `a test webhook posting to ${testUrl}` },
			);
			assert.ok(test.ids.webhook_id !== production, 'the test webhook has an ID of its own');
			const up = await t.simulator.sendUplink({ deviceId, reading: readings[0] });
			const [manual] = await t.executions({
				where: (execution) => execution.mode === 'manual',
			});
			assert.subset(itemsOf(manual)[0], { deviceId, fCnt: up.uplink_message.f_cnt });
			await assert.eventually(
				async () => !(await webhooks()).some((each) => each.base_url === testUrl) || undefined,
				{ what: 'the test webhook deleted' },
			);
			const [after] = (await webhooks()).filter((each) => each.base_url === productionUrl);
			assert.equal(after, before, 'the active webhook');
			await t.executions({
				where: (execution) =>
					execution.mode === 'webhook' &&
					itemsOf(execution).some((item) => item.fCnt === up.uplink_message.f_cnt),
			});
			return `test webhook ${test.ids.webhook_id}`;
		},
	);
}
