import type { IDataObject } from 'n8n-workflow';

import { USER_AGENT } from '../../../../nodes/shared/transport';
import type { Simulator } from '../../../../simulator';
import { startSimulator } from '../../../../simulator';
import { TEST_API_KEY } from '../../../support/constants';
import { capturedLogs } from '../../../support/logging';
import { resolveLocalhostSubdomains } from '../../../support/localhostDns';
import { TRANSPORT_PROBE_NODE_TYPE } from '../../../support/nodeTypes';
import type { ScriptedServer } from '../../../support/scriptedServer';
import { startScriptedServer, ttsErrorBody } from '../../../support/scriptedServer';
import { runActionNode } from '../../../support/workflow';

const probe = (
	server: ScriptedServer,
	items: IDataObject[],
	credentials: IDataObject = {},
	onError?: 'continueRegularOutput',
) =>
	runActionNode({
		type: TRANSPORT_PROBE_NODE_TYPE,
		parameters: {},
		items: items.map((json) => ({ json })),
		credentials: { apiKey: TEST_API_KEY, serverAddress: server.url, ...credentials },
		onError,
	});

const getDevice = {
	request: {
		method: 'GET',
		path: '/applications/{application_id}/devices/{device_id}',
		pathParams: { application_id: 'my-app', device_id: 'dev-1' },
		qs: { field_mask: 'name,description' },
	},
};

describe('ttsApiRequest through the n8n engine', () => {
	let server: ScriptedServer;

	beforeEach(async () => {
		server = await startScriptedServer(() => ({
			status: 200,
			body: { ids: { device_id: 'dev-1' } },
		}));
	});

	afterEach(async () => {
		await server.close();
	});

	it('authenticates with the Bearer key, names itself, and encodes the path below /api/v3', async () => {
		const result = await probe(server, [getDevice]);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.body).toEqual({ ids: { device_id: 'dev-1' } });
		const [request] = server.requests;
		expect(request.method).toBe('GET');
		expect(request.path).toBe('/api/v3/applications/my-app/devices/dev-1');
		expect(request.query.get('field_mask')).toBe('name,description');
		expect(request.headers.authorization).toBe(`Bearer ${TEST_API_KEY}`);
		expect(request.headers['user-agent']).toBe(USER_AGENT);
		expect(USER_AGENT).toMatch(/^n8n-nodes-the-things-stack\/\d+\.\d+\.\d+/);
	});

	it('repeats array query parameters as TTS expects', async () => {
		await probe(server, [
			{
				request: {
					method: 'GET',
					path: '/applications/{application_id}/devices/batch',
					pathParams: { application_id: 'my-app' },
					qs: { device_ids: ['a-1', 'b-2'] },
				},
			},
		]);
		expect(server.requests[0].query.getAll('device_ids')).toEqual(['a-1', 'b-2']);
	});

	it('refuses an invalid ID before sending anything, naming the field', async () => {
		const result = await probe(server, [
			{
				request: {
					...getDevice.request,
					pathParams: { application_id: 'my-app', device_id: 'Dev_1' },
				},
			},
		]);
		expect(result.error?.message).toMatch(/Device ID "Dev_1" is not valid/);
		expect(server.requests).toHaveLength(0);
	});

	it('sends Identity Server paths and cluster paths to their own hosts, with the tenant', async () => {
		const restore = resolveLocalhostSubdomains();
		const identityServer = await startScriptedServer(() => ({ status: 200, body: { from: 'is' } }));
		server.handle(() => ({ status: 200, body: { from: 'cluster' } }));
		try {
			const result = await probe(
				server,
				[
					getDevice,
					{
						request: {
							method: 'GET',
							path: '/ns/applications/{application_id}/devices/{device_id}',
							pathParams: { application_id: 'my-app', device_id: 'dev-1' },
						},
					},
				],
				{
					serverAddress: `http://localhost:${server.port}`,
					identityServerAddress: `http://localhost:${identityServer.port}`,
					tenantId: 'acme',
				},
			);
			expect(result.items.map((item) => (item.json.body as IDataObject).from)).toEqual([
				'is',
				'cluster',
			]);
			expect(identityServer.requests[0].host).toBe(`acme.localhost:${identityServer.port}`);
			expect(identityServer.requests[0].path).toBe('/api/v3/applications/my-app/devices/dev-1');
			expect(server.requests[0].host).toBe(`acme.localhost:${server.port}`);
			expect(server.requests[0].path).toBe('/api/v3/ns/applications/my-app/devices/dev-1');
		} finally {
			restore();
			await identityServer.close();
		}
	});

	it('waits as X-Rate-Limit-Retry says after a 429 and retries', async () => {
		let calls = 0;
		server.handle(() => {
			calls += 1;
			if (calls === 1) {
				return {
					status: 429,
					body: ttsErrorBody(
						'pkg/ratelimit',
						'rate_limit_exceeded',
						'rate limit of `{rate}` accesses per minute exceeded for resource `{key}`',
						8,
						{ rate: 60, key: 'k' },
					),
					headers: {
						'x-rate-limit-limit': '60',
						'x-rate-limit-available': '0',
						'x-rate-limit-reset': '60',
						'x-rate-limit-retry': '1',
					},
				};
			}
			return { status: 200, body: { ok: true } };
		});
		const result = await probe(server, [getDevice]);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.body).toEqual({ ok: true });
		expect(server.requests).toHaveLength(2);
		// X-Rate-Limit-Retry: 1 (whole seconds, truncated by TTS)
		expect(server.requests[1].receivedAt - server.requests[0].receivedAt).toBeGreaterThanOrEqual(
			950,
		);
	});

	it('gives up on a 429 that never clears, with a clear error', async () => {
		server.handle(() => ({
			status: 429,
			body: ttsErrorBody(
				'pkg/ratelimit',
				'rate_limit_exceeded',
				'rate limit of `{rate}` accesses per minute exceeded for resource `{key}`',
				8,
				{ rate: 6000, key: 'k' },
			),
			headers: {
				'x-rate-limit-limit': '6000',
				'x-rate-limit-available': '0',
				'x-rate-limit-reset': '1',
				'x-rate-limit-retry': '0',
			},
		}));
		const result = await probe(server, [getDevice]);
		expect(result.error?.message).toMatch(/Rate limit of `6000` accesses per minute exceeded/);
		expect(server.requests).toHaveLength(9);
	});

	it('retries 503 on idempotent calls but not on a create', async () => {
		let calls = 0;
		server.handle(() =>
			++calls < 3 ? { status: 503, body: {} } : { status: 200, body: { ok: true } },
		);
		const get = await probe(server, [getDevice]);
		expect(get.items[0].json.body).toEqual({ ok: true });
		expect(server.requests).toHaveLength(3);

		calls = 0;
		server.requests.length = 0;
		const create = await probe(server, [
			{
				request: {
					method: 'POST',
					path: '/applications/{application_id}/devices',
					pathParams: { application_id: 'my-app' },
					body: { end_device: {} },
				},
			},
		]);
		expect(create.error?.message).toMatch(/503/);
		expect(server.requests).toHaveLength(1);
	});

	it('retries a dropped connection on idempotent calls', async () => {
		let calls = 0;
		server.handle(() => (++calls === 1 ? 'reset' : { status: 200, body: { ok: true } }));
		const result = await probe(server, [getDevice]);
		expect(result.error).toBeUndefined();
		expect(calls).toBe(2);
	});

	it('reports an unreachable server without leaking the key', async () => {
		const port = server.port;
		await server.close();
		const result = await runActionNode({
			type: TRANSPORT_PROBE_NODE_TYPE,
			parameters: {},
			items: [{ json: getDevice }],
			credentials: { apiKey: TEST_API_KEY, serverAddress: `http://127.0.0.1:${port}` },
		});
		expect(result.error?.message).toMatch(
			/Could not reach the Identity Server at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/,
		);
		expect(JSON.stringify(result.run)).not.toContain(TEST_API_KEY.split('.')[2]);
		server = await startScriptedServer();
	});

	it('maps TTS errors to NodeApiErrors and keeps other items going with Continue On Fail', async () => {
		server.handle((request) =>
			request.path.endsWith('/dev-2')
				? {
						status: 404,
						body: ttsErrorBody(
							'pkg/identityserver/store',
							'end_device_not_found',
							'end device `{device_uid}` not found',
							5,
							{ device_uid: 'my-app.dev-2' },
						),
					}
				: { status: 200, body: { ok: true } },
		);
		const dev = (id: string) => ({
			request: { ...getDevice.request, pathParams: { application_id: 'my-app', device_id: id } },
		});
		const result = await probe(
			server,
			[dev('dev-1'), dev('dev-2'), dev('dev-3')],
			{},
			'continueRegularOutput',
		);
		expect(result.items.map((item) => item.json.error ?? 'ok')).toEqual([
			'ok',
			'End device `my-app.dev-2` not found',
			'ok',
		]);
		expect(result.items.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
	});

	it('passes X-Warning headers on to the item', async () => {
		server.handle(() => ({
			status: 200,
			body: {},
			headers: { 'x-warning': 'Contact info is deprecated' },
		}));
		const result = await probe(server, [getDevice]);
		expect(result.items[0].json.warnings).toEqual(['Contact info is deprecated']);
		expect(capturedLogs()).toContainEqual(
			expect.objectContaining({
				level: 'warn',
				message:
					'The Things Stack warning on /applications/my-app/devices/dev-1: Contact info is deprecated',
			}),
		);
	});

	it('reads all pages, or stops at the limit', async () => {
		const devices = Array.from({ length: 25 }, (_, i) => ({ ids: { device_id: `dev-${i}` } }));
		server.handle((request) => {
			const limit = Number(request.query.get('limit'));
			const page = Number(request.query.get('page'));
			return {
				status: 200,
				body: { end_devices: devices.slice((page - 1) * limit, page * limit) },
				headers: { 'x-total-count': String(devices.length) },
			};
		});
		const list = {
			method: 'GET',
			path: '/applications/{application_id}/devices',
			pathParams: { application_id: 'my-app' },
			listKey: 'end_devices',
		};
		const all = await probe(server, [{ list: { ...list, pageSize: 10 } }]);
		expect((all.items[0].json.list as IDataObject[]).length).toBe(25);
		expect(server.requests.map((request) => request.query.get('page'))).toEqual(['1', '2', '3']);

		server.requests.length = 0;
		const limited = await probe(server, [{ list: { ...list, limit: 12, pageSize: 10 } }]);
		expect(
			(limited.items[0].json.list as IDataObject[]).map((d) => (d.ids as IDataObject).device_id),
		).toEqual(devices.slice(0, 12).map((d) => d.ids.device_id));
		expect(
			server.requests.map((request) => [request.query.get('limit'), request.query.get('page')]),
		).toEqual([
			['10', '1'],
			['10', '2'],
		]);

		server.requests.length = 0;
		await probe(server, [{ list: { ...list, limit: 5 } }]);
		expect(server.requests.map((request) => request.query.get('limit'))).toEqual(['5']);
	});
});

describe('ttsApiRequest against a server that does not answer', () => {
	let sim: Simulator;
	let key: string;

	beforeEach(async () => {
		sim = await startSimulator({ seed: { applications: [{ applicationId: 'app1' }] } });
		key = sim.createApiKey({
			owner: { application: 'app1' },
			rights: ['RIGHT_APPLICATION_ALL'],
		}).key;
	});
	afterEach(async () => {
		expect(sim.contractViolations()).toEqual([]);
		await sim.close();
	});

	const getApplication = (applicationId: string) => ({
		request: {
			method: 'GET',
			path: '/applications/{application_id}',
			pathParams: { application_id: applicationId },
		},
	});
	const run = (items: IDataObject[], onError?: 'continueRegularOutput') =>
		runActionNode({
			type: TRANSPORT_PROBE_NODE_TYPE,
			parameters: {},
			items: items.map((json) => ({ json })),
			credentials: { apiKey: key, serverAddress: sim.url, requestTimeout: 0.5 },
			onError,
		});
	const requestsFor = (rpc: string) => sim.requestLog().filter((entry) => entry.rpc === rpc);

	it('gives up after the Request Timeout, having tried an idempotent call once more', async () => {
		sim.faults.hangRequests({ rpc: 'ApplicationRegistry.Get', times: Infinity });
		const result = await run([getApplication('app1')]);
		expect(result.error?.message).toMatch(
			/^The Identity Server at http:\/\/127\.0\.0\.1:\d+ did not answer within 0\.5 s/,
		);
		expect((result.error as { description?: string }).description).toMatch(
			/raise Request Timeout in the credential/,
		);
		expect(requestsFor('ApplicationRegistry.Get')).toHaveLength(2);
	});

	it('answers when the server recovers within the retry', async () => {
		sim.faults.hangRequests({ rpc: 'ApplicationRegistry.Get', times: 1 });
		const result = await run([getApplication('app1')]);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.body).toMatchObject({ ids: { application_id: 'app1' } });
	});

	it('does not send a timed-out create again', async () => {
		sim.faults.hangRequests({ rpc: 'EndDeviceRegistry.Create', times: Infinity });
		const result = await run([
			{
				request: {
					method: 'POST',
					path: '/applications/{application_id}/devices',
					pathParams: { application_id: 'app1' },
					body: { end_device: { ids: { device_id: 'dev-1' } } },
				},
			},
		]);
		expect(result.error?.message).toMatch(/did not answer within 0\.5 s/);
		expect((result.error as { description?: string }).description).toMatch(
			/may still carry the request out/,
		);
		expect(requestsFor('EndDeviceRegistry.Create')).toHaveLength(1);
	});

	it('lets the other items go on with Continue On Fail', async () => {
		sim.createApplication({ applicationId: 'app2' });
		sim.faults.hangRequests({ rpc: 'ApplicationRegistry.Get', times: 2 });
		const result = await run(
			[getApplication('app1'), getApplication('app1')],
			'continueRegularOutput',
		);
		expect(result.items.map((item) => item.json.error ?? 'answered')).toEqual([
			expect.stringMatching(/did not answer within/),
			'answered',
		]);
	});
});

describe('ttsApiRequest when The Things Stack does not know the key', () => {
	const cloudHost = 'eu1.cloud.thethings.industries';
	let sim: Simulator;
	let key: string;
	let restoreDns: () => void;

	beforeAll(() => {
		restoreDns = resolveLocalhostSubdomains([cloudHost]);
	});
	afterAll(() => restoreDns());
	beforeEach(async () => {
		sim = await startSimulator();
		sim.createApplication({ applicationId: 'app1', owner: { userId: 'cloud-user' } }, 'my-company');
		key = sim.createApiKey({
			owner: { user: 'cloud-user' },
			rights: ['RIGHT_ALL'],
			tenant: 'my-company',
		}).key;
	});
	afterEach(async () => await sim.close());

	const getApplication = (credentials: IDataObject) =>
		runActionNode({
			type: TRANSPORT_PROBE_NODE_TYPE,
			parameters: {},
			items: [
				{
					json: {
						request: {
							method: 'GET',
							path: '/applications/{application_id}',
							pathParams: { application_id: 'app1' },
						},
					},
				},
			],
			credentials: { apiKey: key, ...credentials },
		});

	it('names the missing Tenant ID of a Cloud host first, then the address, then the key', async () => {
		const result = await getApplication({
			serverAddress: `http://${cloudHost}:${new URL(sim.url).port}`,
		});
		const description = (result.error as { description?: string }).description ?? '';
		expect(description).toMatch(
			/^The API key in the credential was not accepted: The Things Stack does not know it\. Check, in this order:\n1\. The Tenant ID is empty, but eu1\.cloud\.thethings\.industries is The Things Stack Cloud/,
		);
		expect(description).toMatch(/\n2\. The server address: .*\n3\. The key itself: /);
	});

	it('works once the tenant is there', async () => {
		const result = await getApplication({ serverAddress: sim.tenantUrl('my-company') });
		expect(result.error).toBeUndefined();
	});
});
