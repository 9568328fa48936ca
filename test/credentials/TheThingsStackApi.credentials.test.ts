import type { INode } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { TheThingsStackApi } from '../../credentials/TheThingsStackApi.credentials';
import { startSimulator } from '../../simulator';
import { TEST_API_KEY } from '../support/constants';
import { credentialTestMethodOf, testCredential } from '../support/credentialTest';
import { resolveLocalhostSubdomains } from '../support/localhostDns';
import { ACTION_NODE_TYPE, nodeTypes, TRIGGER_NODE_TYPE } from '../support/nodeTypes';
import { TestCredentialsHelper } from '../support/credentialsHelper';
import type { ScriptedServer } from '../support/scriptedServer';
import { startScriptedServer, ttsErrorBody } from '../support/scriptedServer';

const credential = new TheThingsStackApi();

describe('TheThingsStackApi credential', () => {
	it('is tested by both nodes, with one test method', () => {
		expect(credential).not.toHaveProperty('test');
		const method = credentialTestMethodOf('theThingsStackApi');
		expect(method).toBeDefined();
		for (const type of [ACTION_NODE_TYPE, TRIGGER_NODE_TYPE]) {
			const nodeType = nodeTypes.getByNameAndVersion(type);
			const { testedBy } = nodeType.description.credentials?.[0] ?? {};
			expect(testedBy).toBe('theThingsStackApiTest');
			expect(nodeType.methods?.credentialTest?.theThingsStackApiTest).toBe(method);
		}
	});

	it('authenticates with a Bearer header, trimming pasted whitespace', async () => {
		const helper = new TestCredentialsHelper({});
		const nodeType = { description: { properties: [] } } as never;
		const node: INode = {
			id: '1',
			name: 'n',
			type: 'x',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		};
		const workflow = new Workflow({
			nodes: [node],
			connections: {},
			active: false,
			nodeTypes: {
				getByName: () => nodeType,
				getByNameAndVersion: () => nodeType,
				getKnownTypes: () => ({}),
			},
		});
		const options = await helper.authenticate(
			{ apiKey: `  ${TEST_API_KEY}\n` },
			'theThingsStackApi',
			{ url: '/x', headers: {} },
			workflow,
			node,
		);
		expect(options.headers?.Authorization).toBe(`Bearer ${TEST_API_KEY}`);
	});

	describe('credential test (GET /api/v3/auth_info)', () => {
		let server: ScriptedServer;
		const keyInfo = (rights: string[]) => ({
			api_key: {
				api_key: { id: 'TESTKEYID', name: 'n8n', rights },
				entity_ids: { application_ids: { application_id: 'my-app' } },
			},
		});

		beforeEach(async () => {
			server = await startScriptedServer((request) => {
				const authorization = request.headers.authorization ?? '';
				if (authorization === `Bearer ${TEST_API_KEY}`)
					return { status: 200, body: keyInfo(['RIGHT_APPLICATION_ALL']) };
				if (authorization === 'Bearer NNSXS.NORIGHTS.KEY')
					return { status: 200, body: keyInfo([]) };
				if (authorization === 'Bearer' || authorization === 'Bearer ')
					return { status: 200, body: {} };
				if (authorization.startsWith('Bearer NNSXS.')) {
					return {
						status: 401,
						body: ttsErrorBody('pkg/identityserver', 'api_key_not_found', 'API key not found', 16),
					};
				}
				return { status: 400, body: ttsErrorBody('pkg/auth', 'token', 'invalid token', 3) };
			});
		});

		afterEach(async () => {
			await server.close();
		});

		const run = (apiKey: string, extra: Record<string, unknown> = {}) =>
			testCredential('theThingsStackApi', { apiKey, serverAddress: server.url, ...extra });

		it('accepts a key the server names, with rights', async () => {
			expect(await run(TEST_API_KEY)).toEqual({ status: 'OK', message: 'Connection successful!' });
			expect(server.requests[0].path).toBe('/api/v3/auth_info');
			expect(server.requests[0].headers['user-agent']).toMatch(/^n8n-nodes-the-things-stack\//);
		});

		it('says when the API Key field is empty, before sending anything', async () => {
			expect(await run('')).toEqual({
				status: 'Error',
				message: 'The API Key is empty. Paste the whole key from the Console (NNSXS.…).',
			});
			expect(server.requests).toHaveLength(0);
		});

		it('rejects an answer that names no key, although it is 200', async () => {
			server.handle(() => ({ status: 200, body: {} }));
			const result = await run(TEST_API_KEY);
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(/did not recognise an API key/);
		});

		it('rejects an answer that is not The Things Stack’s', async () => {
			server.handle(() => ({ status: 200, body: '<html>Welcome</html>' }));
			expect((await run(TEST_API_KEY)).message).toMatch(
				/answered, but not as The Things Stack does\. Check the server address/,
			);
		});

		it('says what to check, in order, when the key is unknown', async () => {
			const result = await run('NNSXS.UNKNOWN.KEY');
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(
				/^The API key in the credential was not accepted: The Things Stack does not know it\. Check, in this order:\n1\. The Tenant ID: if your deployment has tenants.*\n2\. The server address: .*checked by the Identity Server at 127\.0\.0\.1\.\n3\. The key itself: /,
			);
		});

		it('says when the key is malformed', async () => {
			expect((await run('not-a-key')).message).toMatch(/malformed/);
		});

		it('says when the key has no rights', async () => {
			expect((await run('NNSXS.NORIGHTS.KEY')).message).toMatch(/has no rights/);
		});

		it('says when no Identity Server answers at the address', async () => {
			server.handle(() => ({ status: 404, body: {} }));
			expect((await run(TEST_API_KEY)).message).toMatch(/No Identity Server answered/);
		});

		it('says in words when nothing listens at the address', async () => {
			const port = server.port;
			await server.close();
			const result = await testCredential('theThingsStackApi', {
				apiKey: TEST_API_KEY,
				serverAddress: `http://127.0.0.1:${port}`,
			});
			expect(result).toEqual({
				status: 'Error',
				message: `Could not reach the Identity Server at http://127.0.0.1:${port} (ECONNREFUSED). Nothing accepts connections at 127.0.0.1:${port} (connection refused): check the host and the port of the address, and that the server is running.`,
			});
			server = await startScriptedServer();
		});

		it('tells to write http:// when a plain-HTTP server was given without a scheme', async () => {
			const result = await run(TEST_API_KEY, { serverAddress: `127.0.0.1:${server.port}` });
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(
				new RegExp(
					`^Could not reach the Identity Server at https://127\\.0\\.0\\.1:${server.port} \\(EPROTO\\)\\. 127\\.0\\.0\\.1:${server.port} does not speak HTTPS\\..*write the address as http://127\\.0\\.0\\.1:${server.port}\\.$`,
				),
			);
		});

		it('says so when the server does not answer within the Request Timeout', async () => {
			server.handle(async () => await new Promise(() => {}));
			const result = await run(TEST_API_KEY, { requestTimeout: 0.3 });
			expect(result.message).toMatch(
				/^The Identity Server at http:\/\/127\.0\.0\.1:\d+ did not answer within 0\.3 s\./,
			);
		});

		it('tests the Identity Server host when it is separate', async () => {
			const cluster = await startScriptedServer(() => ({ status: 500, body: {} }));
			try {
				const result = await testCredential('theThingsStackApi', {
					apiKey: TEST_API_KEY,
					serverAddress: cluster.url,
					identityServerAddress: server.url,
				});
				expect(result.status).toBe('OK');
				expect(cluster.requests).toHaveLength(0);
			} finally {
				await cluster.close();
			}
		});
	});

	describe('on The Things Stack Cloud', () => {
		const cloudHost = 'eu1.cloud.thethings.industries';
		let restoreDns: () => void;

		beforeAll(() => {
			restoreDns = resolveLocalhostSubdomains([cloudHost]);
		});
		afterAll(() => restoreDns());

		it('names the missing Tenant ID first, not the key', async () => {
			const sim = await startSimulator();
			try {
				const { key } = sim.createApiKey({
					owner: { user: 'cloud-user' },
					rights: ['RIGHT_ALL'],
					tenant: 'my-company',
				});
				const port = new URL(sim.url).port;
				const withoutTenant = await testCredential('theThingsStackApi', {
					apiKey: key,
					serverAddress: `http://${cloudHost}:${port}`,
				});
				expect(withoutTenant.status).toBe('Error');
				expect(withoutTenant.message).toMatch(
					/Check, in this order:\n1\. The Tenant ID is empty, but eu1\.cloud\.thethings\.industries is The Things Stack Cloud.*my-company in my-company\.eu1\.cloud\.thethings\.industries/,
				);
				const withTenant = await testCredential('theThingsStackApi', {
					apiKey: key,
					serverAddress: sim.tenantUrl('my-company'),
				});
				expect(withTenant.status).toBe('OK');
			} finally {
				await sim.close();
			}
		});
	});
});
