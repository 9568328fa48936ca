import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { Simulator } from '../../../simulator';
import { startSimulator } from '../../../simulator';
import { capturedLogs } from '../../support/logging';
import { waitFor } from '../../support/trigger';
import { N8nWebhookHost } from '../../support/webhookTrigger';
import { webhookIdFor } from '../../../nodes/TheThingsStackWebhookTrigger/registration/webhookIdentity';

const locator = (value: string) => ({ __rl: true, mode: 'id', value });
const DELIVERY_CHECK_HEADER = 'X-N8n-Webhook-Secret';

async function errorOf(promise: Promise<unknown>): Promise<Error & { description?: string }> {
	return await promise.then(
		() => {
			throw new Error('it succeeded');
		},
		(error: Error) => error,
	);
}

describe('The Things Stack Webhook Trigger', () => {
	let sim: Simulator;
	let key: string;
	let host: N8nWebhookHost;
	const productionId = webhookIdFor('webhookWorkflow01', 'tts-webhook-trigger', false);
	const testId = webhookIdFor('webhookWorkflow01', 'tts-webhook-trigger', true);

	beforeAll(async () => {
		sim = await startSimulator({
			seed: {
				applications: [
					{ applicationId: 'app1', owner: { userId: 'webhook-user' } },
					{ applicationId: 'app2', owner: { userId: 'webhook-user' } },
				],
				devices: [
					{ applicationId: 'app1', deviceId: 'dev1', joined: true },
					{ applicationId: 'app2', deviceId: 'dev2', joined: true },
				],
			},
		});
		key = sim.createUserKey('webhook-user').key;
	});
	afterAll(async () => {
		await sim.close();
		expect(sim.contractViolations()).toEqual([]);
	});

	const start = async (parameters: INodeParameters = {}, apiKey?: string) => {
		host = new N8nWebhookHost({
			parameters: { applicationId: locator('app1'), ...parameters },
			credentials: { apiKey: apiKey ?? key, serverAddress: sim.url },
		});
		await host.start();
		return host;
	};
	afterEach(async () => {
		await sim.webhooksIdle();
		await host?.close();
		sim.state().webhooks.clear();
		sim.clearWebhookDeliveries();
		sim.clearRequestLog();
	});

	const uplink = async (deviceId = 'dev1', applicationId = 'app1') => {
		sim.sendUplink({ applicationId, deviceId, payload: Buffer.from([0x01, 0x02]) });
		await sim.webhooksIdle();
		await host.idle();
	};

	it('registers a webhook on the application that posts the chosen messages to n8n with a secret', async () => {
		await start();
		await host.activate();
		const webhook = sim.webhook('app1', productionId);
		const secret = host.staticData.webhookSecret as string;
		expect(secret).toMatch(/^[0-9a-f]{64}$/);
		expect(webhook).toMatchObject({
			ids: { application_ids: { application_id: 'app1' }, webhook_id: productionId },
			base_url: host.productionUrl,
			format: 'json',
			headers: { [DELIVERY_CHECK_HEADER]: secret },
			uplink_message: {},
		});
		for (const type of ['join_accept', 'downlink_ack', 'location_solved']) {
			expect(webhook).not.toHaveProperty(type);
		}
	});

	it('starts one execution per uplink, shaped as The Things Stack Trigger shapes it', async () => {
		await start();
		await host.activate();
		await uplink();
		expect(host.executions).toHaveLength(1);
		const [item] = host.executions[0].items;
		expect(item.json).toMatchObject({
			event: 'as.up.data.forward',
			applicationId: 'app1',
			deviceId: 'dev1',
			fPort: 1,
			payloadHex: '0102',
			payloadBase64: 'AQI=',
			raw: { name: 'as.up.data.forward', data: { '@type': expect.any(String) } },
		});
		expect(host.executions[0].nextNodeItems).toHaveLength(1);
		expect(host.requests).toEqual([expect.objectContaining({ status: 200, started: true })]);
		expect(sim.webhookDeliveries()).toMatchObject([{ outcome: 'delivered', status: 200 }]);
	});

	it('gives the event as The Things Stack sent it with output Raw Event', async () => {
		await start({ output: 'raw' });
		await host.activate();
		await uplink();
		const [item] = host.executions[0].items;
		expect(item.json).toMatchObject({
			name: 'as.up.data.forward',
			identifiers: [{ device_ids: { device_id: 'dev1' } }],
			data: { uplink_message: { f_port: 1, frm_payload: 'AQI=' } },
		});
		expect(item.json).not.toHaveProperty('raw');
	});

	it('answers 401 to a request without the secret, starts nothing and logs no secret', async () => {
		await start();
		await host.activate();
		const secret = host.staticData.webhookSecret as string;
		const forged = async (headers: Record<string, string>) =>
			await fetch(host.productionUrl, {
				method: 'POST',
				headers: { 'content-type': 'application/json', ...headers },
				body: JSON.stringify({
					end_device_ids: { device_id: 'dev1', application_ids: { application_id: 'app1' } },
					received_at: new Date().toISOString(),
					uplink_message: { f_port: 1, frm_payload: 'AQI=' },
				}),
			});
		const attempts: Array<Record<string, string>> = [
			{},
			{ [DELIVERY_CHECK_HEADER]: 'wrong' },
			{ [DELIVERY_CHECK_HEADER]: secret.slice(1) },
		];
		for (const headers of attempts) {
			expect((await forged(headers)).status).toBe(401);
		}
		await host.idle();
		expect(host.executions).toEqual([]);
		const logged = JSON.stringify(capturedLogs());
		expect(logged).toContain('lacked the webhook');
		expect(logged).not.toContain(secret);
	});

	it('starts nothing for a message type it did not choose (the webhook was changed in the Console)', async () => {
		await start();
		await host.activate();
		const consoleKey = sim.createAdminKey().key;
		await fetch(`${sim.url}/api/v3/as/webhooks/app1/${productionId}`, {
			method: 'PUT',
			headers: { authorization: `Bearer ${consoleKey}`, 'content-type': 'application/json' },
			body: JSON.stringify({
				webhook: { join_accept: { path: '' } },
				field_mask: { paths: ['join_accept'] },
			}),
		});
		sim.joinDevice('app1', 'dev1');
		await sim.webhooksIdle();
		await host.idle();
		expect(host.requests).toEqual([
			expect.objectContaining({
				status: 200,
				started: false,
				body: '{"message":"Webhook call received"}',
			}),
		]);
		expect(host.executions).toEqual([]);
		expect(sim.webhookDeliveries()).toMatchObject([{ outcome: 'delivered' }]);
	});

	it('registers every chosen message type and switches the others off when the choice narrows', async () => {
		await start({ messageTypes: ['uplink_message', 'join_accept', 'downlink_sent'] });
		await host.activate();
		expect(sim.webhook('app1', productionId)).toMatchObject({
			uplink_message: {},
			join_accept: {},
			downlink_sent: {},
		});
		sim.joinDevice('app1', 'dev1');
		await sim.webhooksIdle();
		await host.idle();
		expect(host.executions[0].items[0].json).toMatchObject({
			event: 'as.up.join.forward',
			messageType: 'join_accept',
			deviceId: 'dev1',
		});
		const narrowed = new N8nWebhookHost({
			parameters: { applicationId: locator('app1'), messageTypes: ['uplink_message'] },
			credentials: { apiKey: key, serverAddress: sim.url },
		});
		narrowed.storedStaticData = host.storedStaticData;
		await host.close();
		host = narrowed;
		await host.start();
		await host.activate();
		const webhook = sim.webhook('app1', productionId);
		expect(webhook).toHaveProperty('uplink_message');
		expect(webhook).not.toHaveProperty('join_accept');
		expect(webhook).not.toHaveProperty('downlink_sent');
	});

	it('keeps a webhook that is as n8n wants it, and rewrites one whose URL, secret or messages drifted', async () => {
		await start();
		await host.activate();
		const secret = host.staticData.webhookSecret;
		sim.clearRequestLog();
		await host.activate();
		expect(sim.requestLog().map((entry) => `${entry.method} ${entry.rpc}`)).toEqual([
			'GET ApplicationWebhookRegistry.Get',
		]);
		const stored = () => sim.state().webhooks.get('app1')!.get(productionId)!;
		stored().base_url = 'https://old-n8n.example.com/webhook/x/tts';
		await host.activate();
		expect(sim.webhook('app1', productionId)?.base_url).toBe(host.productionUrl);
		expect(host.staticData.webhookSecret).toBe(secret);
		stored().headers = { [DELIVERY_CHECK_HEADER]: 'someone-else' };
		await host.activate();
		expect(sim.webhook('app1', productionId)?.headers).toEqual({ [DELIVERY_CHECK_HEADER]: secret });
		expect(JSON.stringify(capturedLogs())).toContain('its secret header differs');
	});

	it('reactivates an unhealthy webhook on activation without writing it again', async () => {
		await start();
		await host.activate();
		const stored = sim.state().webhooks.get('app1')!.get(productionId)!;
		stored.health_status = {
			unhealthy: {
				failed_attempts: '12',
				last_failed_attempt_at: new Date().toISOString(),
			},
		};
		sim.clearRequestLog();
		await host.activate();
		expect(sim.webhook('app1', productionId)).not.toHaveProperty('health_status');
		const writes = sim.requestLog().filter((entry) => entry.method === 'PUT');
		expect(writes.map((entry) => (entry.body as IDataObject).field_mask)).toEqual([
			{ paths: ['health_status'] },
		]);
	});

	it('resumes a webhook paused in the Console', async () => {
		await start();
		await host.activate();
		sim.state().webhooks.get('app1')!.get(productionId)!.paused = true;
		await host.activate();
		expect(sim.webhook('app1', productionId)).not.toHaveProperty('paused');
		await uplink();
		expect(host.executions).toHaveLength(1);
	});

	it('listens for a test event on a webhook of its own, leaving the active one as it was', async () => {
		await start();
		await host.activate();
		const production = sim.webhook('app1', productionId);
		const execution = await host.listenForTestEvent(async () => {
			const test = sim.webhook('app1', testId);
			expect(test).toMatchObject({ base_url: host.testUrl, uplink_message: {} });
			expect(test?.headers).not.toEqual(production?.headers);
			await uplink();
		});
		expect(execution.mode).toBe('manual');
		expect(execution.items[0].json).toMatchObject({
			deviceId: 'dev1',
			event: 'as.up.data.forward',
		});
		expect(sim.webhook('app1', testId)).toBeUndefined();
		expect(sim.webhook('app1', productionId)).toEqual(production);
		expect(host.executions.map((each) => each.mode).sort()).toEqual(['manual', 'webhook']);
		expect(host.staticData).not.toHaveProperty('testWebhookSecret');
	});

	it('deletes the webhook on deactivation, and succeeds when it is gone already', async () => {
		await start();
		await host.activate();
		await host.deactivate();
		expect(sim.webhook('app1', productionId)).toBeUndefined();
		expect(host.staticData).not.toHaveProperty('webhookSecret');
		await host.activate();
		sim.state().webhooks.get('app1')!.delete(productionId);
		await host.deactivate();
		expect(host.staticData).not.toHaveProperty('webhookSecret');
		await uplink();
		expect(host.executions).toEqual([]);
	});

	it('throws when the webhook could not be deleted, keeping what it needs to try again', async () => {
		await start();
		await host.activate();
		sim.faults.failComponent({
			component: 'as',
			rpcs: ['ApplicationWebhookRegistry.Delete'],
			error: 'pkg/auth/rights:insufficient_application_rights',
			times: 1,
		});
		const error = await errorOf(host.deactivate());
		expect(error.constructor.name).toBe('NodeApiError');
		expect(JSON.stringify(error)).not.toContain(key);
		expect(sim.webhook('app1', productionId)).toBeDefined();
		expect(host.staticData.webhookId).toBe(productionId);
		await host.deactivate();
		expect(sim.webhook('app1', productionId)).toBeUndefined();
	});

	it('moves the webhook when the application changes', async () => {
		await start();
		await host.activate();
		const moved = new N8nWebhookHost({
			parameters: { applicationId: locator('app2') },
			credentials: { apiKey: key, serverAddress: sim.url },
		});
		moved.storedStaticData = host.storedStaticData;
		// n8n deletes with the workflow as it was, then registers the new one.
		await host.deactivate();
		moved.storedStaticData = host.storedStaticData;
		await host.close();
		host = moved;
		await host.start();
		await host.activate();
		expect(sim.webhook('app1', productionId)).toBeUndefined();
		expect(sim.webhook('app2', productionId)?.base_url).toBe(host.productionUrl);
		await uplink('dev2', 'app2');
		expect(host.executions[0].items[0].json).toMatchObject({ applicationId: 'app2' });
	});

	it('refuses to activate, naming the missing rights, before writing anything', async () => {
		const readOnly = sim.createApiKey({
			owner: { application: 'app1' },
			rights: ['RIGHT_APPLICATION_TRAFFIC_READ', 'RIGHT_APPLICATION_INFO'],
		}).key;
		await start({}, readOnly);
		sim.clearRequestLog();
		const error = await errorOf(host.activate());
		expect(error.message).toBe(
			'The API key may not register webhooks on application "app1": it lacks RIGHT_APPLICATION_SETTINGS_BASIC, RIGHT_APPLICATION_TRAFFIC_DOWN_WRITE',
		);
		expect(sim.requestLog().filter((entry) => entry.method === 'PUT')).toEqual([]);
	});

	it('refuses a URL The Things Stack cannot reach, without a request', async () => {
		host = new N8nWebhookHost({
			parameters: { applicationId: locator('app1') },
			credentials: { apiKey: key, serverAddress: 'eu1.cloud.thethings.network' },
		});
		await host.start();
		const error = await errorOf(host.activate());
		expect(error.message).toBe(
			`n8n's webhook URL ${host.productionUrl} can be reached from this machine only, not by The Things Stack at https://eu1.cloud.thethings.network`,
		);
		expect(error.description).toMatch(/WEBHOOK_URL/);
	});

	it('never puts the downlink API key The Things Stack sends into the output', async () => {
		await start();
		await host.activate();
		sim.state().webhooks.get('app1')!.get(productionId)!.downlink_api_key = 'NNSXS.DOWNLINKKEY';
		await uplink();
		expect(sim.webhookDeliveries()[0].headers['X-Downlink-Apikey']).toBe('NNSXS.DOWNLINKKEY');
		expect(host.executions).toHaveLength(1);
		expect(JSON.stringify(host.executions[0].run.data)).not.toContain('NNSXS.DOWNLINKKEY');
		expect(JSON.stringify(host.executions[0].run.data)).not.toContain(
			host.staticData.webhookSecret as string,
		);
	});

	it('fails a request The Things Stack cannot be answered for while n8n is down, and takes the next', async () => {
		await start();
		await host.activate();
		await host.stop();
		await uplink();
		expect(sim.webhookDeliveries()).toMatchObject([{ outcome: 'failed', error: 'ECONNREFUSED' }]);
		await host.start();
		await uplink();
		await waitFor(() => host.executions.length === 1);
	});
});
