import type { INode, INodeTypes } from 'n8n-workflow';
import { NodeHelpers, Workflow } from 'n8n-workflow';

import { TheThingsStackApi } from '../../credentials/TheThingsStackApi.credentials';
import { resolveStackHosts } from '../../nodes/shared/transport/hosts';
import { TEST_API_KEY } from '../support/constants';
import { testCredential } from '../support/credentialTest';
import { TestCredentialsHelper } from '../support/credentialsHelper';
import type { ScriptedServer } from '../support/scriptedServer';
import { startScriptedServer, ttsErrorBody } from '../support/scriptedServer';

const credential = new TheThingsStackApi();

function evaluate(expression: string, credentials: Record<string, unknown>): unknown {
	const nodeType = { description: { properties: [] } } as never;
	const nodeTypes: INodeTypes = {
		getByName: () => nodeType,
		getByNameAndVersion: () => NodeHelpers.getVersionedNodeType(nodeType),
		getKnownTypes: () => ({}),
	};
	const node: INode = {
		id: '1',
		name: 'n',
		type: 'x',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	return workflow.expression.getSimpleParameterValue(
		node,
		expression,
		'internal',
		{ $credentials: credentials },
		undefined,
		'',
	);
}

describe('TheThingsStackApi credential', () => {
	it.each([
		{ serverAddress: 'eu1.cloud.thethings.network' },
		{ serverAddress: 'nam1.cloud.thethings.network' },
		{ serverAddress: 'https://au1.cloud.thethings.network/' },
		{ serverAddress: 'eu2.cloud.thethings.industries', tenantId: 'acme' },
		{ serverAddress: 'acme.nam1.cloud.thethings.industries', tenantId: 'acme' },
		{ serverAddress: 'https://tts.example.com:8443/api/v3' },
		{ serverAddress: 'http://localhost:1885', tenantId: 'acme' },
		{
			serverAddress: 'nam1.cloud.thethings.network',
			identityServerAddress: 'https://is.example.com/',
		},
		{
			serverAddress: 'tts.example.com/prefix',
			identityServerAddress: 'is.example.com',
			tenantId: 'team-a',
		},
	])('tests against the same Identity Server the nodes use: %j', (fields) => {
		const expected = resolveStackHosts({ apiKey: 'k', ...fields }).identityServer;
		expect(evaluate(credential.test.request.baseURL as string, fields)).toBe(expected);
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

		it('rejects an answer that names no key, although it is 200', async () => {
			const result = await run('');
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(/did not recognise an API key/);
		});

		it('says when the key is unknown or revoked', async () => {
			const result = await run('NNSXS.UNKNOWN.KEY');
			expect(result).toEqual({
				status: 'Error',
				message: expect.stringMatching(/rejected the API key/),
			});
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

		it('says when the host cannot be reached', async () => {
			const port = server.port;
			await server.close();
			const result = await testCredential('theThingsStackApi', {
				apiKey: TEST_API_KEY,
				serverAddress: `http://127.0.0.1:${port}`,
			});
			expect(result).toEqual({ status: 'Error', message: 'ECONNREFUSED' });
			server = await startScriptedServer();
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
});
