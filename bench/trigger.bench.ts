/**
 * The trigger's event pipeline (issue 6): events per second from the simulator through framing,
 * de-duplication, filtering and shaping to `emit`, in the real n8n TriggerContext, as a ratio to
 * a baseline that reads the same stream from the same simulator in the same process and only
 * splits it and JSON.parses each message; and the heap after 100,000 events against the heap
 * after 10,000 (the de-duplication window is bounded, so nothing should grow).
 *
 * The simulator runs in a child process (this file, started with `simulator`), so that writing
 * the stream does not take CPU from what is measured, as a real The Things Stack would not. It
 * holds 100,000 stored uplinks; its answer to a subscription asking for all of them (`tail`) is
 * recorded once and served again at full speed for each round, whatever the request asks,
 * because the simulator writes events more slowly than either reader takes them, which would hide
 * the cost of what is measured. The trigger itself asks for new events only (`after`, with the
 * largest `tail` a server gives, 1024): no server replays 100,000 events.
 */
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { INode, INodeExecutionData, INodeType, IRun, IWorkflowBase } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';
import { TriggerContext } from 'n8n-core';

import { startSimulator } from '../simulator';
import { createAdditionalData } from '../test/support/additionalData';
import { nodeTypes, TRIGGER_NODE_TYPE } from '../test/support/nodeTypes';
import type { BenchFigure } from './run';
import { startStreamReplay } from './support/streamReplay';

const EVENTS = 100_000;
const MEMORY_FIRST_MARK = 10_000;
const ROUNDS = 3;
const APPLICATION = 'bench-app';
const DEVICE = 'bench-dev';

interface StreamSource {
	/** Serves the simulator's recorded stream at full speed; everything else goes to the simulator. */
	url: string;
	key: string;
	recordedBytes: number;
	close(): Promise<void>;
}

/** Child process: a simulator holding EVENTS stored uplinks, until stdin closes. */
async function serveSimulator(): Promise<void> {
	// A replay of EVENTS stored events in one stream is beyond what TTS keeps and streams (100
	// per entity, a channel of at most 1024): both limits are lifted for this recording.
	const sim = await startSimulator({
		eventHistoryPerEntity: EVENTS + 10,
		eventChannelSize: EVENTS + 10,
		requestLogLimit: 100,
	});
	sim.seed({
		applications: [{ applicationId: APPLICATION }],
		devices: [{ applicationId: APPLICATION, deviceId: DEVICE, joined: true }],
	});
	// One real uplink as the simulator's AS publishes it, with a decoded payload like a formatter's.
	const sample = sim.sendUplink({
		applicationId: APPLICATION,
		deviceId: DEVICE,
		fPort: 2,
		payload: Buffer.from('0a1b2c3d4e5f', 'hex'),
	});
	const identifiers = [
		{ device_ids: { device_id: DEVICE, application_ids: { application_id: APPLICATION } } },
	];
	for (let counter = 0; counter < EVENTS; counter++) {
		const uplink = { ...(sample.uplink_message as object), f_cnt: counter + 2 };
		sim.publishEvent({
			name: 'as.up.data.forward',
			identifiers,
			data: {
				...sample,
				uplink_message: {
					...uplink,
					decoded_payload: { temperature: 21.5 + (counter % 10) / 10, humidity: 48, battery: 3.61 },
				},
			},
		});
	}
	const { key } = sim.createApiKey({
		owner: { application: APPLICATION },
		rights: ['RIGHT_APPLICATION_ALL'],
	});
	const recorded = await recordStream(sim.url, key);
	// Everything but the subscription (the trigger's checks at activation) goes to the simulator.
	const replay = await startStreamReplay(sim.url, recorded);
	process.stdout.write(
		`${JSON.stringify({ url: replay.url, simulatorUrl: sim.url, key, recordedBytes: recorded.length })}\n`,
	);
	process.stdin.resume();
	process.stdin.on('end', () => {
		void replay
			.close()
			.then(async () => await sim.close())
			.then(() => process.exit(0));
	});
}

/** The bytes of the simulator's answer to the subscription, up to the last stored event. */
async function recordStream(url: string, key: string): Promise<Buffer> {
	return await new Promise<Buffer>((resolve, reject) => {
		const chunks: Buffer[] = [];
		let delimiters = 0;
		// A delimiter may be split across two chunks: a lone "\n" at the end is scanned again.
		let carry = Buffer.alloc(0);
		const outgoing = request(
			`${url}/api/v3/events`,
			{ method: 'POST', headers: subscriptionHeaders(key) },
			(response) => {
				response.on('data', (chunk: Buffer) => {
					chunks.push(chunk);
					const scanned = Buffer.concat([carry, chunk]);
					let end = 0;
					for (
						let index = scanned.indexOf('\n\n');
						index !== -1;
						index = scanned.indexOf('\n\n', index + 2)
					) {
						delimiters += 1;
						end = index + 2;
					}
					carry =
						scanned.length > end && scanned[scanned.length - 1] === 0x0a
							? scanned.subarray(scanned.length - 1)
							: Buffer.alloc(0);
					// The stream start, then every stored event.
					if (delimiters >= EVENTS + 1) {
						response.destroy();
						resolve(Buffer.concat(chunks));
					}
				});
				response.on('error', () => {});
			},
		);
		outgoing.on('error', reject);
		outgoing.end(SUBSCRIPTION);
	});
}

function subscriptionHeaders(key: string) {
	return {
		Authorization: `Bearer ${key}`,
		Accept: 'text/event-stream',
		'Content-Type': 'application/json',
	};
}

const SUBSCRIPTION = JSON.stringify({
	identifiers: [{ application_ids: { application_id: APPLICATION } }],
	names: ['as.up.data.forward'],
	tail: EVENTS,
});

async function startSource(): Promise<StreamSource> {
	const tsx = join(__dirname, '..', 'node_modules', 'tsx', 'dist', 'cli.mjs');
	const child = spawn(process.execPath, [tsx, __filename, 'simulator'], {
		stdio: ['pipe', 'pipe', 'inherit'],
	});
	const line = await new Promise<string>((resolve, reject) => {
		createInterface({ input: child.stdout }).once('line', resolve);
		child.once('exit', (code) => reject(new Error(`simulator process exited with ${code}`)));
	});
	const { url, key, recordedBytes } = JSON.parse(line) as StreamSource;
	return {
		url,
		key,
		recordedBytes,
		close: async () => {
			const exited = new Promise((resolve) => child.once('exit', resolve));
			child.stdin.end();
			await exited;
		},
	};
}

/** The baseline: the same subscription over plain node:http, split on "\n\n" and JSON.parse'd. */
async function baselineRun(source: StreamSource): Promise<number> {
	const started = process.hrtime.bigint();
	await new Promise<void>((resolve, reject) => {
		const outgoing = request(
			`${source.url}/api/v3/events`,
			{ method: 'POST', headers: subscriptionHeaders(source.key) },
			(response) => {
				const decoder = new TextDecoder();
				let buffered = '';
				let parsed = 0;
				response.on('data', (chunk: Buffer) => {
					const parts = (buffered + decoder.decode(chunk, { stream: true })).split('\n\n');
					buffered = parts.pop() ?? '';
					for (const part of parts) {
						if (part === '') continue;
						const message = JSON.parse(part) as { result?: { name?: string } };
						if (message.result?.name === 'as.up.data.forward') parsed += 1;
					}
					if (parsed >= EVENTS) {
						response.destroy();
						resolve();
					}
				});
				response.on('error', () => {});
			},
		);
		outgoing.on('error', reject);
		outgoing.end(SUBSCRIPTION);
	});
	return secondsSince(started);
}

interface TriggerRun {
	seconds: number;
	heapAtFirstMarkMb?: number;
	heapAtEndMb?: number;
}

/** The trigger node in a real TriggerContext, as an active workflow runs it. */
async function triggerRun(source: StreamSource, measureMemory: boolean): Promise<TriggerRun> {
	const node: INode = {
		id: 'bench-trigger',
		name: 'The Things Stack Trigger',
		type: TRIGGER_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {
			watch: 'application',
			applicationId: { __rl: true, mode: 'id', value: APPLICATION },
			events: ['uplink'],
			output: 'simplified',
		},
		credentials: { theThingsStackApi: { id: 'bench', name: 'bench' } },
	};
	const workflow = new Workflow({
		id: 'bench',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes,
	});
	const { additionalData } = createAdditionalData(
		{ id: 'bench', nodes: [node], connections: {} } as unknown as IWorkflowBase,
		{ theThingsStackApi: { apiKey: source.key, serverAddress: source.url } },
	);
	const result: TriggerRun = { seconds: 0 };
	let emitted = 0;
	let checksum = 0;
	let done!: () => void;
	const finished = new Promise<void>((resolve) => (done = resolve));
	const collect = measureMemory ? gcFunction() : undefined;
	const emit = (
		data: INodeExecutionData[][],
		_responsePromise?: unknown,
		donePromise?: { resolve(run: IRun): void },
	) => {
		// Read what a workflow would: the simplified item.
		checksum += Number(data[0][0].json.fCnt ?? 0);
		emitted += 1;
		// n8n as fast as it can be: each execution finished once the emitting code is done.
		if (donePromise) queueMicrotask(() => donePromise.resolve({} as IRun));
		if (collect && emitted === MEMORY_FIRST_MARK) result.heapAtFirstMarkMb = heapAfterGc(collect);
		if (emitted === EVENTS) {
			if (collect) result.heapAtEndMb = heapAfterGc(collect);
			done();
		}
	};
	const context = new TriggerContext(
		workflow,
		node,
		additionalData,
		'trigger',
		'activate',
		emit,
		(error) => {
			throw error;
		},
	);
	const nodeType = nodeTypes.getByNameAndVersion(TRIGGER_NODE_TYPE, 1) as INodeType;
	const started = process.hrtime.bigint();
	const response = await nodeType.trigger!.call(context);
	await finished;
	result.seconds = secondsSince(started);
	await response?.closeFunction?.();
	if (checksum <= 0) throw new Error('the trigger emitted no uplinks');
	return result;
}

function secondsSince(started: bigint): number {
	return Number(process.hrtime.bigint() - started) / 1e9;
}

function gcFunction(): () => void {
	setFlagsFromString('--expose_gc');
	return runInNewContext('gc') as () => void;
}

function heapAfterGc(collect: () => void): number {
	collect();
	collect();
	return process.memoryUsage().heapUsed / (1024 * 1024);
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

export async function run(): Promise<BenchFigure[]> {
	const source = await startSource();
	try {
		// Warm both paths up (JIT, sockets) before measuring.
		await baselineRun(source);
		await triggerRun(source, false);
		const baseline: number[] = [];
		const trigger: number[] = [];
		for (let round = 0; round < ROUNDS; round++) {
			baseline.push(EVENTS / (await baselineRun(source)));
			trigger.push(EVENTS / (await triggerRun(source, false)).seconds);
		}
		const memory = await triggerRun(source, true);
		const baselineRate = median(baseline);
		const triggerRate = median(trigger);
		const growth = (memory.heapAtEndMb ?? 0) - (memory.heapAtFirstMarkMb ?? 0);
		return [
			{
				name: 'Trigger throughput, ratio to split + JSON.parse of the same bytes',
				value: triggerRate / baselineRate,
				unit: '×',
				atLeast: 0.5,
				detail: `trigger ${Math.round(triggerRate)} events/s (framing, de-duplication, filter, simplified output, emit through n8n's TriggerContext and request helpers) vs baseline ${Math.round(baselineRate)} events/s (node:http, split on "\\n\\n", JSON.parse); ${EVENTS} uplinks the simulator sent (~${Math.round(source.recordedBytes / EVENTS)} bytes each), served again at full speed, median of ${ROUNDS} rounds`,
			},
			{
				name: `Heap growth from ${MEMORY_FIRST_MARK} to ${EVENTS} events`,
				value: growth,
				unit: 'MB',
				atMost: 5,
				detail: `heap after GC: ${memory.heapAtFirstMarkMb?.toFixed(1)} MB after ${MEMORY_FIRST_MARK} events, ${memory.heapAtEndMb?.toFixed(1)} MB after ${EVENTS}; what is kept is bounded: the stream's window of 100 event keys (plus the newest millisecond's), the keys of the last 10,000 delivered items, and the resume point`,
			},
		];
	} finally {
		await source.close();
	}
}

if (require.main === module && process.argv[2] === 'simulator') void serveSimulator();
