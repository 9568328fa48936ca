import { startSimulator, Simulator } from '../../../../../simulator';
import type { PublishedEvent } from '../../../../../simulator';
import { api } from '../../../helpers';
import { startWebhookReceiver, WebhookReceiver } from '../../../webhookReceiver';

const rights = ['RIGHT_APPLICATION_ALL'];

describe('Application Server webhooks: delivery (pkg/applicationserver/io/web, sink)', () => {
	let sim: Simulator;
	let receiver: WebhookReceiver;
	let key: string;
	let clock = Date.now();
	const events: PublishedEvent[] = [];

	beforeAll(async () => {
		sim = await startSimulator({
			now: () => clock,
			seed: {
				applications: [{ applicationId: 'app1' }],
				devices: [
					{ applicationId: 'app1', deviceId: 'dev1', joined: true, devEui: '70B3D57ED0000001' },
					{ applicationId: 'app1', deviceId: 'dev2', joined: true, devEui: '70B3D57ED0000002' },
				],
			},
		});
		key = sim.createApiKey({ owner: { application: 'app1' }, rights }).key;
		receiver = await startWebhookReceiver();
		sim.events.onPublish((event) => events.push(event));
	});
	afterAll(async () => {
		await sim.close();
		await receiver.close();
		expect(sim.contractViolations()).toEqual([]);
	});
	beforeEach(() => {
		receiver.requests.length = 0;
		receiver.answer((_, response) => response.writeHead(200).end());
		events.length = 0;
		sim.clearWebhookDeliveries();
		sim.configureWebhooks({
			timeoutMs: 5_000,
			unhealthyAttemptsThreshold: 0,
			unhealthyRetryIntervalMs: 0,
			workers: 1024,
			queueSize: 1024,
		});
		sim.state().webhooks.clear();
	});

	async function setWebhook(webhookId: string, webhook: object, paths?: string[]) {
		const response = await api(sim, 'PUT', `/as/webhooks/app1/${webhookId}`, {
			key,
			body: {
				webhook: { format: 'json', ...webhook },
				field_mask: { paths: paths ?? ['format', ...Object.keys(webhook)] },
			},
		});
		expect(response.status).toBe(200);
	}

	async function uplink(deviceId = 'dev1') {
		const up = sim.sendUplink({ applicationId: 'app1', deviceId, payload: Buffer.from([1, 2]) });
		await sim.webhooksIdle();
		return up;
	}

	const failEvents = () => events.filter((event) => event.name === 'as.webhook.fail');

	it('POSTs each ApplicationUp to the base URL with the configured headers, as JSON', async () => {
		await setWebhook('plain', {
			base_url: `${receiver.url}/hook`,
			headers: { 'x-n8n-secret': 'abc', Authorization: 'Basic dXNlcg==' },
			uplink_message: {},
		});
		const up = await uplink();
		expect(receiver.requests).toHaveLength(1);
		const [request] = receiver.requests;
		expect(request.method).toBe('POST');
		expect(request.url).toBe('/hook');
		expect(request.headers['content-type']).toBe('application/json');
		expect(request.headers['x-n8n-secret']).toBe('abc');
		expect(request.headers.authorization).toBe('Basic dXNlcg==');
		// http.Header.Set writes canonical names.
		expect(request.rawHeaderNames).toContain('X-N8n-Secret');
		expect(request.headers['x-tts-domain']).toBe(new URL(sim.url).host);
		expect(request.headers).not.toHaveProperty('x-downlink-apikey');
		const body = JSON.parse(request.body);
		const { '@type': type, ...withoutType } = up;
		expect(type).toBe('type.googleapis.com/ttn.lorawan.v3.ApplicationUp');
		expect(body).toEqual(withoutType);
		expect(sim.webhookDeliveries()).toMatchObject([
			{ webhookId: 'plain', deviceId: 'dev1', outcome: 'delivered', status: 200 },
		]);
		expect(failEvents()).toEqual([]);
	});

	it('sends only the message types the webhook subscribes to, each to its path', async () => {
		await setWebhook('joins', {
			base_url: `${receiver.url}/tts/`,
			join_accept: { path: 'join' },
		});
		await uplink();
		expect(receiver.requests).toEqual([]);
		sim.joinDevice('app1', 'dev2');
		await sim.webhooksIdle();
		expect(receiver.requests.map((request) => request.url)).toEqual(['/tts/join']);
		expect(JSON.parse(receiver.requests[0].body).join_accept).toBeDefined();
	});

	it('sends a queued downlink as downlink_queued', async () => {
		await setWebhook('queued', { base_url: receiver.url, downlink_queued: {} });
		const pushed = await api(sim, 'POST', '/as/applications/app1/devices/dev1/down/push', {
			key,
			body: { downlinks: [{ f_port: 3, frm_payload: 'AQI=' }] },
		});
		expect(pushed.status).toBe(200);
		await sim.webhooksIdle();
		expect(receiver.requests).toHaveLength(1);
		const body = JSON.parse(receiver.requests[0].body);
		expect(body.end_device_ids.device_id).toBe('dev1');
		expect(body.downlink_queued).toMatchObject({ f_port: 3, frm_payload: 'AQI=' });
	});

	it('expands URI templates and joins paths as request.go does', async () => {
		await setWebhook('templates', {
			base_url: `${receiver.url}/api/ttn/v3{/appID,devID}`,
			uplink_message: { path: '/up{?devEUI}' },
		});
		await uplink();
		expect(receiver.requests.map((request) => request.url)).toEqual([
			'/api/ttn/v3/app1/dev1/up?devEUI=70B3D57ED0000001',
		]);
	});

	it('adds X-Downlink-Apikey, -Push and -Replace when the webhook has a downlink API key', async () => {
		await setWebhook('downlinks', {
			base_url: receiver.url,
			downlink_api_key: 'NNSXS.DOWNLINK',
			uplink_message: {},
		});
		await uplink();
		const { headers } = receiver.requests[0];
		expect(headers['x-downlink-apikey']).toBe('NNSXS.DOWNLINK');
		expect(headers['x-downlink-push']).toBe(
			`${sim.url}/api/v3/as/applications/app1/webhooks/downlinks/devices/dev1/down/push`,
		);
		expect(headers['x-downlink-replace']).toBe(
			`${sim.url}/api/v3/as/applications/app1/webhooks/downlinks/devices/dev1/down/replace`,
		);
	});

	it('trims the body to the webhook’s field mask, `up.` paths for the message at hand', async () => {
		await setWebhook('masked', {
			base_url: receiver.url,
			uplink_message: {},
			field_mask: { paths: ['end_device_ids', 'up.uplink_message.f_port', 'up.join_accept'] },
		});
		await uplink();
		const body = JSON.parse(receiver.requests[0].body);
		expect(Object.keys(body).sort()).toEqual(['end_device_ids', 'uplink_message']);
		expect(body.uplink_message).toEqual({ f_port: 1 });
	});

	it('sends nothing for a paused webhook', async () => {
		await setWebhook('paused', { base_url: receiver.url, uplink_message: {}, paused: true });
		await uplink();
		expect(receiver.requests).toEqual([]);
		expect(sim.webhookDeliveries()).toEqual([]);
	});

	it('counts only 2xx as success: anything else publishes as.webhook.fail with the status and body', async () => {
		await setWebhook('failing', { base_url: `${receiver.url}/fail`, uplink_message: {} });
		receiver.answer((_, response) => response.writeHead(503).end('n8n is starting'));
		const up = await uplink();
		expect(sim.webhookDeliveries()).toMatchObject([{ outcome: 'failed', status: 503 }]);
		const [fail] = failEvents();
		expect(fail.event.identifiers).toEqual([
			{ device_ids: expect.objectContaining({ device_id: 'dev1' }) },
		]);
		// WithPropagateToParent: an application subscription sees it.
		expect(fail.keys).toContain('application:app1');
		expect(fail.event.correlation_ids).toEqual(up.correlation_ids);
		expect(fail.event.data).toMatchObject({
			'@type': 'type.googleapis.com/ttn.lorawan.v3.ErrorDetails',
			namespace: 'pkg/applicationserver/io/web/sink',
			name: 'request',
			code: 14,
			attributes: { webhook_id: 'failing', url: `${receiver.url}/fail`, status_code: 503 },
			details: [
				{
					'@type': 'type.googleapis.com/google.protobuf.Struct',
					value: { body: 'n8n is starting' },
				},
			],
		});
	});

	it('fails a request that is not answered within the timeout, or refused', async () => {
		await setWebhook('slow', { base_url: receiver.url, uplink_message: {} });
		sim.configureWebhooks({ timeoutMs: 100 });
		receiver.answer(async (_, response) => {
			await new Promise((resolve) => setTimeout(resolve, 400));
			response.writeHead(200).end();
		});
		await uplink();
		expect(sim.webhookDeliveries()).toMatchObject([{ outcome: 'failed', status: undefined }]);
		expect(sim.webhookDeliveries()[0].error).toMatch(/Client.Timeout/);
		expect(failEvents()[0].event.data).not.toHaveProperty('attributes.status_code');

		await setWebhook('refused', { base_url: 'http://127.0.0.1:1/', uplink_message: {} });
		sim.clearWebhookDeliveries();
		await uplink();
		const refused = sim.webhookDeliveries().find((record) => record.webhookId === 'refused');
		expect(refused).toMatchObject({ outcome: 'failed', error: 'ECONNREFUSED' });
	});

	it('sends to every webhook at once, without waiting for an earlier answer', async () => {
		await setWebhook('concurrent', { base_url: receiver.url, uplink_message: {} });
		let release!: () => void;
		const held = new Promise<void>((resolve) => (release = resolve));
		receiver.answer(async (_, response) => {
			await held;
			response.writeHead(204).end();
		});
		sim.sendUplink({ applicationId: 'app1', deviceId: 'dev1' });
		sim.sendUplink({ applicationId: 'app1', deviceId: 'dev2' });
		await waitUntil(() => receiver.pending() === 2);
		release();
		await sim.webhooksIdle();
		expect(sim.webhookDeliveries().map((record) => record.outcome)).toEqual([
			'delivered',
			'delivered',
		]);
	});

	it('drops requests when every worker is busy and the queue is full (pool_full)', async () => {
		await setWebhook('pool', { base_url: receiver.url, uplink_message: {} });
		sim.configureWebhooks({ workers: 1, queueSize: 1 });
		let release!: () => void;
		const held = new Promise<void>((resolve) => (release = resolve));
		receiver.answer(async (_, response) => {
			await held;
			response.writeHead(200).end();
		});
		for (let count = 0; count < 3; count++)
			sim.sendUplink({ applicationId: 'app1', deviceId: 'dev1' });
		expect(sim.webhookDeliveries()).toMatchObject([{ outcome: 'dropped' }]);
		expect(failEvents()[0].event.data).toMatchObject({
			namespace: 'pkg/workerpool',
			name: 'pool_full',
		});
		release();
		await sim.webhooksIdle();
		expect(
			sim
				.webhookDeliveries()
				.map((record) => record.outcome)
				.sort(),
		).toEqual(['delivered', 'delivered', 'dropped']);
	});

	describe('health (sink/health.go)', () => {
		const health = () => sim.webhook('app1', 'health')?.health_status;

		it('records nothing without a threshold and an interval (config.go: no health sink)', async () => {
			await setWebhook('health', { base_url: receiver.url, uplink_message: {} });
			receiver.answer((_, response) => response.writeHead(500).end());
			await uplink();
			await uplink();
			expect(health()).toBeUndefined();
			expect(sim.webhookDeliveries().map((record) => record.outcome)).toEqual(['failed', 'failed']);
		});

		it('disables a webhook at the threshold until the retry interval passed, then recovers it', async () => {
			sim.configureWebhooks({ unhealthyAttemptsThreshold: 2, unhealthyRetryIntervalMs: 60_000 });
			await setWebhook('health', { base_url: receiver.url, uplink_message: {} });
			await uplink();
			expect(health()).toEqual({ healthy: {} });

			receiver.answer((_, response) => response.writeHead(500).end('down'));
			await uplink();
			expect(health()).toMatchObject({
				unhealthy: {
					failed_attempts: '1',
					last_failed_attempt_at: new Date(clock).toISOString(),
					last_failed_attempt_details: {
						name: 'request',
						attributes: { status_code: 500 },
					},
				},
			});
			await uplink();
			expect(health()).toMatchObject({ unhealthy: { failed_attempts: '2' } });
			expect(receiver.requests).toHaveLength(3);

			await uplink();
			expect(receiver.requests).toHaveLength(3);
			expect(sim.webhookDeliveries().at(-1)).toMatchObject({ outcome: 'disabled' });
			expect(failEvents().at(-1)?.event.data).toMatchObject({ name: 'webhook_disabled', code: 10 });
			expect(health()).toMatchObject({ unhealthy: { failed_attempts: '2' } });

			clock += 60_001;
			receiver.answer((_, response) => response.writeHead(200).end());
			await uplink();
			expect(receiver.requests).toHaveLength(4);
			expect(health()).toEqual({ healthy: {} });
		});

		it('keeps counting after the cooldown when the next attempt fails too', async () => {
			sim.configureWebhooks({ unhealthyAttemptsThreshold: 1, unhealthyRetryIntervalMs: 60_000 });
			await setWebhook('health', { base_url: receiver.url, uplink_message: {} });
			receiver.answer((_, response) => response.writeHead(500).end());
			await uplink();
			await uplink();
			expect(sim.webhookDeliveries().map((record) => record.outcome)).toEqual([
				'failed',
				'disabled',
			]);
			clock += 60_001;
			await uplink();
			expect(health()).toMatchObject({ unhealthy: { failed_attempts: '2' } });
			await uplink();
			expect(sim.webhookDeliveries().at(-1)).toMatchObject({ outcome: 'disabled' });
		});

		it('only monitors with a threshold but no interval: never blocks, records every failure', async () => {
			sim.configureWebhooks({ unhealthyAttemptsThreshold: 1, unhealthyRetryIntervalMs: 0 });
			await setWebhook('health', { base_url: receiver.url, uplink_message: {} });
			receiver.answer((_, response) => response.writeHead(500).end());
			await uplink();
			clock += 1;
			await uplink();
			clock += 1;
			await uplink();
			expect(sim.webhookDeliveries().map((record) => record.outcome)).toEqual([
				'failed',
				'failed',
				'failed',
			]);
			expect(health()).toMatchObject({ unhealthy: { failed_attempts: '3' } });
		});

		it('monitors with an interval but no threshold: records a failure at most once per interval', async () => {
			sim.configureWebhooks({ unhealthyAttemptsThreshold: 0, unhealthyRetryIntervalMs: 60_000 });
			await setWebhook('health', { base_url: receiver.url, uplink_message: {} });
			receiver.answer((_, response) => response.writeHead(500).end());
			await uplink();
			await uplink();
			expect(health()).toMatchObject({ unhealthy: { failed_attempts: '1' } });
			clock += 60_001;
			await uplink();
			expect(health()).toMatchObject({ unhealthy: { failed_attempts: '2' } });
			expect(receiver.requests).toHaveLength(3);
		});
	});
});

async function waitUntil(condition: () => boolean): Promise<void> {
	const deadline = Date.now() + 5_000;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error('timed out');
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
}
