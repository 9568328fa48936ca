import type { ICredentialDataDecryptedObject, INode, IWorkflowBase } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';
import { TriggerContext } from 'n8n-core';

import {
	forEachChunk,
	openTtsStream,
	StreamFramingParser,
	streamFailureOf,
	USER_AGENT,
} from '../../../../nodes/shared/transport';
import type { TtsStreamRequest } from '../../../../nodes/shared/transport';
import type { Simulator } from '../../../../simulator';
import { startSimulator } from '../../../../simulator';
import { createAdditionalData } from '../../../support/additionalData';
import { TEST_API_KEY } from '../../../support/constants';
import { resolveLocalhostSubdomains } from '../../../support/localhostDns';
import { nodeTypes, TRIGGER_NODE_TYPE } from '../../../support/nodeTypes';
import type { ScriptedServer } from '../../../support/scriptedServer';
import { startScriptedServer, ttsErrorBody } from '../../../support/scriptedServer';

/** A real n8n-core TriggerContext, which is where the trigger opens its streams. */
function triggerContext(credentials: ICredentialDataDecryptedObject): TriggerContext {
	const node: INode = {
		id: 'stream-test',
		name: 'Stream test',
		type: TRIGGER_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { theThingsStackApi: { id: 'c', name: 'c' } },
	};
	const workflow = new Workflow({
		id: 'w',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes,
	});
	const { additionalData } = createAdditionalData(
		{ id: 'w', nodes: [node], connections: {} } as unknown as IWorkflowBase,
		{ theThingsStackApi: credentials },
	);
	return new TriggerContext(
		workflow,
		node,
		additionalData,
		'trigger',
		'activate',
		() => {},
		() => {},
	);
}

const request = (overrides: Partial<TtsStreamRequest> = {}): TtsStreamRequest => ({
	path: '/events',
	server: 'cluster',
	body: { identifiers: [{ application_ids: { application_id: 'app1' } }] },
	signal: new AbortController().signal,
	...overrides,
});

async function failureOf(context: TriggerContext, overrides: Partial<TtsStreamRequest> = {}) {
	const error = await openTtsStream.call(context, request(overrides)).then(
		() => undefined,
		(thrown: Error) => thrown,
	);
	if (!error) throw new Error('the stream opened');
	return error as Error & { description?: string; httpCode?: string };
}

describe('openTtsStream against a scripted server', () => {
	let server: ScriptedServer;
	let identityServer: ScriptedServer;
	let restoreDns: () => void;

	beforeAll(() => {
		restoreDns = resolveLocalhostSubdomains();
	});
	afterAll(() => restoreDns());

	beforeEach(async () => {
		server = await startScriptedServer(() => ({ status: 200, body: {} }));
		identityServer = await startScriptedServer(() => ({ status: 200, body: {} }));
	});
	afterEach(async () => {
		await server.close();
		await identityServer.close();
	});

	it('posts the subscription with the key, the User-Agent and the event-stream Accept header', async () => {
		const context = triggerContext({ apiKey: TEST_API_KEY, serverAddress: server.url });
		const stream = await openTtsStream.call(context, request());
		await forEachChunk(stream, () => {});
		const [recorded] = server.requests;
		expect(recorded.method).toBe('POST');
		expect(recorded.path).toBe('/api/v3/events');
		expect(recorded.headers.authorization).toBe(`Bearer ${TEST_API_KEY}`);
		expect(recorded.headers['user-agent']).toBe(USER_AGENT);
		expect(recorded.headers.accept).toBe('text/event-stream');
		expect(recorded.body).toEqual({
			identifiers: [{ application_ids: { application_id: 'app1' } }],
		});
	});

	it('sends Identity Server streams to the Identity Server, with the tenant in the host', async () => {
		const context = triggerContext({
			apiKey: TEST_API_KEY,
			serverAddress: `http://localhost:${server.port}`,
			identityServerAddress: `http://localhost:${identityServer.port}`,
			tenantId: 'acme',
		});
		await forEachChunk(
			await openTtsStream.call(context, request({ server: 'identityServer' })),
			() => {},
		);
		await forEachChunk(await openTtsStream.call(context, request({ server: 'cluster' })), () => {});
		expect(identityServer.requests.map((each) => each.host)).toEqual([
			`acme.localhost:${identityServer.port}`,
		]);
		expect(server.requests.map((each) => each.host)).toEqual([`acme.localhost:${server.port}`]);
	});

	it('returns the X-Warning headers of the answer', async () => {
		server.handle(() => ({
			status: 200,
			body: {},
			headers: { 'X-Warning': 'Events storage is not enabled' },
		}));
		const context = triggerContext({ apiKey: TEST_API_KEY, serverAddress: server.url });
		const stream = await openTtsStream.call(context, request());
		expect(stream.warnings).toEqual(['Events storage is not enabled']);
		await forEachChunk(stream, () => {});
	});

	it('turns TTS errors into the messages users read, and says they are permanent', async () => {
		const context = triggerContext({ apiKey: TEST_API_KEY, serverAddress: server.url });
		server.handle(() => ({
			status: 401,
			body: ttsErrorBody('pkg/identityserver', 'api_key_not_found', 'API key not found', 16),
		}));
		const unauthenticated = await failureOf(context);
		expect(unauthenticated.message).toBe('API key not found');
		expect(unauthenticated.description).toMatch(/API key in the credential was not accepted/);
		expect(unauthenticated.httpCode).toBe('401');
		expect(streamFailureOf(unauthenticated)).toEqual({
			kind: 'permanent',
			statusCode: 401,
			retryAfterMs: undefined,
		});

		server.handle(() => ({
			status: 403,
			body: ttsErrorBody(
				'pkg/auth/rights',
				'no_application_rights',
				'no rights for application `{uid}`',
				7,
				{ uid: 'app1' },
			),
		}));
		const forbidden = await failureOf(context);
		expect(forbidden.message).toBe('No rights for application `app1`');
		expect(forbidden.description).toMatch(/no rights on this entity/);
		expect(streamFailureOf(forbidden).kind).toBe('permanent');

		server.handle(() => ({
			status: 400,
			body: ttsErrorBody('pkg/events', 'unknown_event_name', 'unknown event `{name}`', 3, {
				name: 'as.up.nope',
			}),
		}));
		expect((await failureOf(context)).message).toBe('Unknown event `as.up.nope`');
	});

	it('calls 5xx and 429 transient, with the wait the rate limit asks for', async () => {
		const context = triggerContext({ apiKey: TEST_API_KEY, serverAddress: server.url });
		server.handle(() => ({ status: 503, body: { code: 14, message: 'upstream unavailable' } }));
		expect(streamFailureOf(await failureOf(context))).toEqual({
			kind: 'transient',
			statusCode: 503,
			retryAfterMs: undefined,
		});
		// 501 is grpc-gateway's Unimplemented; 520, 522 and 524 are what a CDN in front of the
		// stack answers while the origin is down or slow. None of them says the request is wrong.
		for (const status of [500, 501, 505, 520, 522, 524, 599]) {
			server.handle(() => ({ status, body: { message: `status ${status}` } }));
			expect(streamFailureOf(await failureOf(context))).toMatchObject({
				kind: 'transient',
				statusCode: status,
			});
		}
		server.handle(() => ({
			status: 429,
			body: ttsErrorBody('pkg/ratelimit', 'rate_limit_exceeded', 'rate limit exceeded', 8),
			headers: {
				'X-Rate-Limit-Limit': '10',
				'X-Rate-Limit-Available': '0',
				'X-Rate-Limit-Retry': '3',
			},
		}));
		expect(streamFailureOf(await failureOf(context))).toEqual({
			kind: 'transient',
			statusCode: 429,
			retryAfterMs: 3000,
		});
	});

	it('calls every network failure transient (a refused connection, a host that does not resolve), without the key', async () => {
		const closed = await startScriptedServer();
		await closed.close();
		const refused = await failureOf(
			triggerContext({ apiKey: TEST_API_KEY, serverAddress: closed.url }),
		);
		expect(refused.message).toBe(`Could not reach the cluster at ${closed.url} (ECONNREFUSED)`);
		expect(streamFailureOf(refused)).toMatchObject({ kind: 'transient', code: 'ECONNREFUSED' });
		const unknown = await failureOf(
			triggerContext({ apiKey: TEST_API_KEY, serverAddress: 'https://no-such-host.invalid' }),
		);
		// A name that does not resolve may be a DNS outage as well as a typo: the trigger keeps
		// trying (and says so in its log); a test run in the editor reports it at once.
		expect(streamFailureOf(unknown)).toMatchObject({ kind: 'transient', code: 'ENOTFOUND' });
		for (const error of [refused, unknown]) {
			expect(JSON.stringify(error)).not.toContain(TEST_API_KEY.split('.')[2]);
			expect(String(error.stack)).not.toContain(TEST_API_KEY.split('.')[2]);
		}
	});

	it('says "aborted" when the caller aborted the request', async () => {
		server.handle(async () => await new Promise(() => {}));
		const context = triggerContext({ apiKey: TEST_API_KEY, serverAddress: server.url });
		const controller = new AbortController();
		const opening = failureOf(context, { signal: controller.signal });
		await new Promise((resolve) => setTimeout(resolve, 50));
		controller.abort();
		expect(streamFailureOf(await opening).kind).toBe('aborted');
	});
});

describe('openTtsStream against the simulator', () => {
	let sim: Simulator;

	beforeEach(async () => {
		sim = await startSimulator({ port: 0 });
		sim.seed({
			applications: [{ applicationId: 'app1' }],
			devices: [{ applicationId: 'app1', deviceId: 'dev1', joined: true }],
		});
	});
	afterEach(async () => {
		expect(sim.contractViolations()).toEqual([]);
		await sim.close();
	});

	it('streams events as they happen until the signal aborts, and then closes the stream', async () => {
		const { key } = sim.createApiKey({
			owner: { application: 'app1' },
			rights: ['RIGHT_APPLICATION_ALL'],
		});
		const context = triggerContext({ apiKey: key, serverAddress: sim.url });
		const { names, reading } = await readUntilUplink(context);
		sim.sendUplink({ applicationId: 'app1', deviceId: 'dev1', payload: Buffer.from([1]) });
		await reading;
		expect(names[0]).toBe('events.stream.start');
		expect(names).toContain('as.up.data.forward');
		await waitUntil(() => sim.openStreams === 0);
	});

	it('gives up on a server that does not answer the subscription within the Request Timeout', async () => {
		const { key } = sim.createApiKey({
			owner: { application: 'app1' },
			rights: ['RIGHT_APPLICATION_ALL'],
		});
		sim.faults.hangRequests({ rpc: 'Events.Stream' });
		const context = triggerContext({ apiKey: key, serverAddress: sim.url, requestTimeout: 0.3 });
		const error = await failureOf(context);
		expect(error.message).toMatch(
			/^The cluster at http:\/\/127\.0\.0\.1:\d+ did not answer within 0\.3 s$/,
		);
		expect(streamFailureOf(error).kind).toBe('transient');
	});

	it('keeps an open stream that stays quiet for longer than the Request Timeout', async () => {
		const { key } = sim.createApiKey({
			owner: { application: 'app1' },
			rights: ['RIGHT_APPLICATION_ALL'],
		});
		const context = triggerContext({ apiKey: key, serverAddress: sim.url, requestTimeout: 0.2 });
		const { names, reading } = await readUntilUplink(context);
		await new Promise((resolve) => setTimeout(resolve, 600));
		sim.sendUplink({ applicationId: 'app1', deviceId: 'dev1', payload: Buffer.from([1]) });
		await reading;
		expect(names).toContain('as.up.data.forward');
	});
});

/** Opens a stream and reads its messages' names until the first forwarded uplink, then aborts it. */
async function readUntilUplink(context: TriggerContext) {
	const controller = new AbortController();
	const stream = await openTtsStream.call(context, request({ signal: controller.signal }));
	const parser = new StreamFramingParser();
	const names: string[] = [];
	const reading = forEachChunk(stream, (chunk) => {
		for (const message of parser.push(chunk)) {
			names.push('event' in message ? String(message.event.name) : message.type);
			if (names.includes('as.up.data.forward')) controller.abort();
		}
	});
	return { names, reading };
}

async function waitUntil(condition: () => boolean): Promise<void> {
	while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}
