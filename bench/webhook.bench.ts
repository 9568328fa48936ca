/**
 * Push against stream, per message into n8n's engine: uplinks per second that The Things Stack
 * Webhook Trigger turns into finished executions (one POST each, as the Application Server's
 * workers send them, 16 at a time: secret check, static data loaded and saved per request, the
 * item shaped, the workflow run by WorkflowExecute), as a ratio to a bare HTTP receiver that
 * only parses the same POSTs; and beside it The Things Stack Trigger for the same uplinks, read
 * from one event stream, each emit run by WorkflowExecute too.
 */
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypes,
	IVersionedNodeType,
	IWorkflowBase,
} from 'n8n-workflow';
import { createRunExecutionData, NodeConnectionTypes, NodeHelpers, Workflow } from 'n8n-workflow';
import { TriggerContext, WorkflowExecute } from 'n8n-core';

import { TheThingsStackWebhookTrigger } from '../nodes/TheThingsStackWebhookTrigger/TheThingsStackWebhookTrigger.node.ts';
import { startSimulator } from '../simulator';
import { createAdditionalData } from '../test/support/additionalData';
import { nodeTypes, PASS_THROUGH_NODE_TYPE, TRIGGER_NODE_TYPE } from '../test/support/nodeTypes';
import { N8nWebhookHost, WEBHOOK_TRIGGER_NODE_TYPE } from '../test/support/webhookTrigger';
import type { BenchFigure } from './run';
import { startStreamReplay } from './support/streamReplay';

const MESSAGES = 2_000;
const ROUNDS = 3;
// The Application Server sends webhooks from a pool of workers (pkg/applicationserver/io/web/sink/pool.go).
const CONCURRENCY = 16;
const APPLICATION = 'bench-app';
const DEVICE = 'bench-dev';
const SECRET_HEADER = 'X-N8n-Webhook-Secret';
const webhookParameters: INodeParameters = {
	applicationId: { __rl: true, mode: 'id', value: APPLICATION },
	messageTypes: ['uplink_message'],
};

// The bare receiver feeds the webhook trigger's items straight to the engine, which passes the
// items of a webhook node through (n8n-core WorkflowExecute runNode).
const webhookTrigger = new TheThingsStackWebhookTrigger();
const benchNodeTypes: INodeTypes = {
	getByName: (type: string): INodeType | IVersionedNodeType =>
		type === WEBHOOK_TRIGGER_NODE_TYPE ? webhookTrigger : nodeTypes.getByName(type),
	getByNameAndVersion: (type: string, version?: number): INodeType =>
		type === WEBHOOK_TRIGGER_NODE_TYPE
			? NodeHelpers.getVersionedNodeType(webhookTrigger, version)
			: nodeTypes.getByNameAndVersion(type, version),
	getKnownTypes: () => ({}),
};

interface Poster {
	post(url: string, body: string, headers: Record<string, string>): Promise<number>;
	close(): void;
}

function createPoster(): Poster {
	const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
	return {
		post: async (url, body, headers) =>
			await new Promise<number>((resolve, reject) => {
				const outgoing = request(
					url,
					{
						method: 'POST',
						agent,
						headers: {
							'Content-Type': 'application/json',
							'Content-Length': Buffer.byteLength(body),
							...headers,
						},
					},
					(response) => {
						response.resume();
						response.on('end', () => resolve(response.statusCode ?? 0));
					},
				);
				outgoing.on('error', reject);
				outgoing.end(body);
			}),
		close: () => agent.destroy(),
	};
}

/** Posts every body, CONCURRENCY at a time; throws on an answer that is not 2xx. */
async function postAll(
	poster: Poster,
	url: string,
	bodies: string[],
	headers: Record<string, string>,
): Promise<void> {
	let next = 0;
	const worker = async () => {
		while (next < bodies.length) {
			const status = await poster.post(url, bodies[next++], headers);
			if (status < 200 || status > 299) throw new Error(`HTTP ${status} from ${url}`);
		}
	};
	await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

/**
 * The baseline: a node:http server that reads each POST, JSON.parses it, answers 200 and runs the
 * same workflow with the body as the trigger's item: n8n's engine without the webhook trigger.
 */
async function startBareReceiver(): Promise<{
	url: string;
	idle: () => Promise<void>;
	close(): Promise<void>;
}> {
	const { workflow, trigger, workflowData } = benchWorkflow(
		'bareReceiver',
		WEBHOOK_TRIGGER_NODE_TYPE,
		webhookParameters,
	);
	const runs = new Set<Promise<unknown>>();
	const server = createServer((incoming, outgoing) => {
		let body = '';
		incoming.setEncoding('utf8');
		incoming.on('data', (chunk: string) => (body += chunk));
		incoming.on('end', () => {
			const json = JSON.parse(body) as IDataObject;
			outgoing.writeHead(200, { 'content-type': 'application/json' }).end('{}');
			const running = runWorkflow(workflow, trigger, workflowData, {}, [[{ json }]]);
			runs.add(running);
			void running.finally(() => runs.delete(running));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
		idle: async () => {
			while (runs.size > 0) await Promise.all([...runs]);
		},
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

/** A workflow of the trigger feeding a pass-through node, as every figure here runs it. */
function benchWorkflow(id: string, triggerType: string, parameters: INodeParameters = {}) {
	const trigger: INode = {
		id: `${id}-trigger`,
		name: 'Trigger',
		type: triggerType,
		typeVersion: 1,
		position: [0, 0],
		parameters,
		credentials: { theThingsStackApi: { id: 'bench', name: 'bench' } },
	};
	const next: INode = {
		id: `${id}-next`,
		name: 'Next',
		type: PASS_THROUGH_NODE_TYPE,
		typeVersion: 1,
		position: [200, 0],
		parameters: {},
	};
	const connections = {
		[trigger.name]: { main: [[{ node: next.name, type: NodeConnectionTypes.Main, index: 0 }]] },
	};
	const workflow = new Workflow({
		id,
		nodes: [trigger, next],
		connections,
		active: true,
		nodeTypes: benchNodeTypes,
	});
	const workflowData = { id, nodes: [trigger, next], connections } as unknown as IWorkflowBase;
	return { workflow, trigger, workflowData };
}

async function runWorkflow(
	workflow: Workflow,
	trigger: INode,
	workflowData: IWorkflowBase,
	credentials: Record<string, ICredentialDataDecryptedObject>,
	data: INodeExecutionData[][],
): Promise<void> {
	const { additionalData } = createAdditionalData(workflowData, credentials);
	const runExecutionData = createRunExecutionData({
		executionData: { nodeExecutionStack: [{ node: trigger, data: { main: data }, source: null }] },
	});
	await new WorkflowExecute(additionalData, 'trigger', runExecutionData).processRunExecutionData(
		workflow,
	);
}

/** The Things Stack Trigger reading the uplinks as events, each emit run by WorkflowExecute. */
async function streamRun(streamUrl: string, key: string): Promise<number> {
	const { workflow, trigger, workflowData } = benchWorkflow('benchStream', TRIGGER_NODE_TYPE, {
		watch: 'application',
		applicationId: { __rl: true, mode: 'id', value: APPLICATION },
		events: ['uplink'],
		output: 'simplified',
	});
	const credentials = { theThingsStackApi: { apiKey: key, serverAddress: streamUrl } };
	let finished = 0;
	let done!: () => void;
	const allDone = new Promise<void>((resolve) => (done = resolve));
	const runs: Array<Promise<unknown>> = [];
	const emit = (data: INodeExecutionData[][]) => {
		runs.push(
			runWorkflow(workflow, trigger, workflowData, credentials, data).then(() => {
				finished += 1;
				if (finished === MESSAGES) done();
			}),
		);
	};
	const { additionalData } = createAdditionalData(workflowData, credentials);
	const context = new TriggerContext(
		workflow,
		trigger,
		additionalData,
		'trigger',
		'activate',
		emit,
		(error) => {
			throw error;
		},
	);
	const nodeType = benchNodeTypes.getByNameAndVersion(TRIGGER_NODE_TYPE, 1);
	const started = process.hrtime.bigint();
	const response = await nodeType.trigger!.call(context);
	await allDone;
	const seconds = secondsSince(started);
	await response?.closeFunction?.();
	await Promise.all(runs);
	return MESSAGES / seconds;
}

function secondsSince(started: bigint): number {
	return Number(process.hrtime.bigint() - started) / 1e9;
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

export async function run(): Promise<BenchFigure[]> {
	const sim = await startSimulator({
		requestLogLimit: 100,
		seed: {
			applications: [{ applicationId: APPLICATION }],
			devices: [{ applicationId: APPLICATION, deviceId: DEVICE, joined: true }],
		},
	});
	const { key } = sim.createApiKey({
		owner: { application: APPLICATION },
		rights: ['RIGHT_APPLICATION_ALL'],
	});
	// One uplink as the simulator's Application Server forwards it, then MESSAGES like it.
	const sample = sim.sendUplink({
		applicationId: APPLICATION,
		deviceId: DEVICE,
		fPort: 2,
		payload: Buffer.from('0a1b2c3d4e5f', 'hex'),
	});
	const start = Date.now();
	// Each round sends new uplinks: the webhook trigger starts nothing for one it took before.
	const uplinksOf = (round: number) =>
		Array.from({ length: MESSAGES }, (_, position) => {
			const index = round * MESSAGES + position;
			const receivedAt = new Date(start + index).toISOString();
			const up: IDataObject = {
				...sample,
				received_at: receivedAt,
				uplink_message: {
					...(sample.uplink_message as IDataObject),
					f_cnt: index + 2,
					received_at: receivedAt,
					decoded_payload: { temperature: 21.5 + (index % 10) / 10, humidity: 48, battery: 3.61 },
				},
			};
			delete up['@type'];
			return up;
		});
	const uplinks = uplinksOf(0);
	const bodies = uplinks.map((up) => JSON.stringify(up));
	let webhookRounds = 0;
	const events = uplinks.map((up, index) => ({
		name: 'as.up.data.forward',
		time: up.received_at,
		identifiers: [{ device_ids: up.end_device_ids }],
		data: { '@type': 'type.googleapis.com/ttn.lorawan.v3.ApplicationUp', ...up },
		correlation_ids: [`as:up:bench${index}`],
		origin: 'bench',
		visibility: { rights: ['RIGHT_APPLICATION_TRAFFIC_READ'] },
		unique_id: `01BENCH${String(index).padStart(19, '0')}`,
	}));
	const streamStart = {
		name: 'events.stream.start',
		time: new Date().toISOString(),
		identifiers: [{ application_ids: { application_id: APPLICATION } }],
	};
	const recorded = Buffer.from(
		[streamStart, ...events].map((event) => `${JSON.stringify({ result: event })}\n\n`).join(''),
	);
	const replay = await startStreamReplay(sim.url, recorded);
	const host = new N8nWebhookHost({
		parameters: webhookParameters,
		credentials: { apiKey: key, serverAddress: sim.url },
	});
	await host.start();
	await host.activate();
	const headers = { [SECRET_HEADER]: String(host.staticData.webhookSecret) };
	const bare = await startBareReceiver();
	const poster = createPoster();
	try {
		const webhookRound = async () => {
			const before = host.executions.length;
			const started = process.hrtime.bigint();
			const fresh = uplinksOf(webhookRounds++).map((up) => JSON.stringify(up));
			await postAll(poster, host.productionUrl, fresh, headers);
			await host.idle();
			const seconds = secondsSince(started);
			if (host.executions.length - before !== MESSAGES) {
				throw new Error(`${host.executions.length - before} executions for ${MESSAGES} uplinks`);
			}
			host.executions.length = 0;
			return MESSAGES / seconds;
		};
		const bareRound = async () => {
			const started = process.hrtime.bigint();
			await postAll(poster, bare.url, bodies, {});
			await bare.idle();
			return MESSAGES / secondsSince(started);
		};
		// Warm every path up (JIT, sockets) before measuring.
		await webhookRound();
		await bareRound();
		await streamRun(replay.url, key);
		const webhook: number[] = [];
		const baseline: number[] = [];
		const stream: number[] = [];
		for (let round = 0; round < ROUNDS; round++) {
			baseline.push(await bareRound());
			webhook.push(await webhookRound());
			stream.push(await streamRun(replay.url, key));
		}
		const webhookRate = median(webhook);
		const baselineRate = median(baseline);
		const streamRate = median(stream);
		return [
			{
				name: 'Webhook trigger: uplinks into the engine, ratio to the engine fed by a bare HTTP receiver',
				value: webhookRate / baselineRate,
				unit: '×',
				atLeast: 0.5,
				detail: `webhook trigger ${Math.round(webhookRate)} uplinks/s (n8n's WebhookContext, secret check, static data loaded and saved per request with the resume point, de-duplication, shaping) vs bare receiver ${Math.round(baselineRate)} uplinks/s (node:http, JSON.parse); both run the same workflow once per uplink; ${MESSAGES} uplinks posted ${CONCURRENCY} at a time, median of ${ROUNDS} rounds`,
			},
			{
				name: 'Webhook trigger against The Things Stack Trigger, same uplinks, both into the engine',
				value: webhookRate / streamRate,
				unit: '×',
				detail: `webhook ${Math.round(webhookRate)} uplinks/s (one POST each) vs stream ${Math.round(streamRate)} uplinks/s (one event stream, each emit run by WorkflowExecute), median of ${ROUNDS} rounds`,
			},
		];
	} finally {
		poster.close();
		await bare.close();
		await host.close();
		await replay.close();
		await sim.close();
	}
}
