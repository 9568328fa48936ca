/**
 * Bulk provisioning through the real n8n engine against the simulator with 20 ms latency per
 * request: throughput against the one-call-after-another pattern, throughput under a rate limit
 * against what the limit allows, and orphans after failures at random server steps.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { runActionNode } from '../test/support/workflow';
import type { BenchFigure } from './run';
import type { RemoteSimulator } from './support/remoteSimulator';
import { startRemoteSimulator } from './support/remoteSimulator';

const APP = 'bench-app';
const LATENCY_MS = 20;
const DEVICES = 1000;
const BASELINE_DEVICES = 200;
const CONCURRENCY = 32;

function rows(count: number, prefix: string): INodeExecutionData[] {
	return Array.from({ length: count }, (_, n) => ({
		json: {
			id: `${prefix}-${n}`,
			dev_eui: (
				BigInt('0x70B3D57E00000000') +
				BigInt(n) +
				(prefix === 'base'
					? 0x100000n
					: prefix === 'rate'
						? 0x200000n
						: prefix === 'fail'
							? 0x300000n
							: 0n)
			)
				.toString(16)
				.toUpperCase()
				.padStart(16, '0'),
			app_key: '00112233445566778899AABBCCDDEEFF',
		},
	}));
}

async function provision(
	stack: RemoteSimulator,
	items: INodeExecutionData[],
	concurrency: number,
	{ issueDevEui = false } = {},
) {
	const started = process.hrtime.bigint();
	const result = await runActionNode({
		parameters: {
			resource: 'device',
			operation: 'create',
			applicationId: { __rl: true, mode: 'id', value: APP },
			activationMode: 'otaa',
			deviceId: '={{ $json.id }}',
			devEui: issueDevEui ? '' : '={{ $json.dev_eui }}',
			joinEui: '0000000000000000',
			appKey: '={{ $json.app_key }}',
			frequencyPlanId: 'EU_863_870_TTN',
			lorawanVersion: 'MAC_V1_0_3',
			lorawanPhyVersion: 'PHY_V1_0_3_REV_A',
			options: { concurrency, ...(issueDevEui ? { issueDevEui: true } : {}) },
		},
		items,
		credentials: stack.credentials,
		onError: 'continueRegularOutput',
	});
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	const failed = result.items.filter((item) => item.json.error !== undefined);
	if (result.error) throw new Error(`run failed: ${result.error.message}`);
	return { seconds, failed, items: result.items };
}

type Registry = 'is' | 'js' | 'ns' | 'as';
const REGISTRY_PATHS: Record<Registry, string> = {
	is: '/applications',
	js: '/js/applications',
	ns: '/ns/applications',
	as: '/as/applications',
};

/** Reads every registry through the API: which of them hold each device. */
async function registriesHolding(
	stack: RemoteSimulator,
	deviceIds: string[],
): Promise<Map<string, Registry[]>> {
	const held = new Map<string, Registry[]>(deviceIds.map((id) => [id, []]));
	const reads = deviceIds.flatMap((id) =>
		(Object.keys(REGISTRY_PATHS) as Registry[]).map((registry) => ({ id, registry })),
	);
	let next = 0;
	const worker = async () => {
		while (next < reads.length) {
			const { id, registry } = reads[next++];
			const response = await fetch(
				`${stack.url}/api/v3${REGISTRY_PATHS[registry]}/${APP}/devices/${id}`,
				{
					headers: { Authorization: `Bearer ${stack.apiKey}` },
				},
			);
			await response.arrayBuffer();
			if (response.status === 200) held.get(id)?.push(registry);
			else if (response.status !== 404)
				throw new Error(`reading ${registry} for ${id}: HTTP ${response.status}`);
		}
	};
	await Promise.all(Array.from({ length: 50 }, worker));
	return held;
}

async function speedupOverSequential(): Promise<BenchFigure[]> {
	const stack = await startRemoteSimulator({ latency: LATENCY_MS, applications: [APP] });
	try {
		const baseline = await provision(stack, rows(BASELINE_DEVICES, 'base'), 1);
		const bulk = await provision(stack, rows(DEVICES, 'bulk'), CONCURRENCY);
		const baselineRate = BASELINE_DEVICES / baseline.seconds;
		const bulkRate = DEVICES / bulk.seconds;
		return [
			{
				name: 'One call after another (4 sequential calls per device)',
				value: baselineRate,
				unit: 'devices/s',
				detail: `${BASELINE_DEVICES} devices in ${baseline.seconds.toFixed(1)} s`,
			},
			{
				name: `Bulk create, concurrency ${CONCURRENCY}, no rate limit`,
				value: bulkRate,
				unit: 'devices/s',
				detail: `${DEVICES} devices in ${bulk.seconds.toFixed(1)} s, ${bulk.failed.length} failed`,
			},
			{
				name: 'Speed-up over one call after another',
				value: bulkRate / baselineRate,
				unit: '×',
				atLeast: 10,
			},
			{
				name: 'Failed items without a rate limit',
				value: bulk.failed.length,
				unit: 'items',
				atMost: 0,
			},
		];
	} finally {
		await stack.close();
	}
}

async function throughputUnderRateLimit(): Promise<BenchFigure[]> {
	// TTS keys a method's limit by the entity of the request (pkg/ratelimit/grpc.go
	// grpcEntityFromRequest): device creations are limited per device, so distinct devices never
	// share a bucket. What a bulk run does share is the application's DevEUI block: IssueDevEUI is
	// keyed per application, so provisioning with issued DevEUIs runs at that method's limit.
	const ratePerMinute = 3000;
	const burst = 50;
	const stack = await startRemoteSimulator({
		latency: LATENCY_MS,
		applications: [APP],
		devEuiLimit: DEVICES,
		rateLimits: [
			{
				class: 'grpc:method:/ttn.lorawan.v3.ApplicationRegistry/IssueDevEUI',
				maxPerMinute: ratePerMinute,
				maxBurst: burst,
			},
		],
	});
	try {
		const run = await provision(stack, rows(DEVICES, 'rate'), CONCURRENCY, { issueDevEui: true });
		const allowed = (burst + (run.seconds * ratePerMinute) / 60) / run.seconds;
		const achieved = DEVICES / run.seconds;
		return [
			{
				name: `Bulk create with issued DevEUIs under ${ratePerMinute}/min (burst ${burst}) on IssueDevEUI`,
				value: achieved,
				unit: 'devices/s',
				detail: `the limit allows ${allowed.toFixed(1)} devices/s over the run; ${DEVICES} devices in ${run.seconds.toFixed(1)} s`,
			},
			{
				name: 'Share of the throughput the limit allows',
				value: achieved / allowed,
				unit: '',
				atLeast: 0.9,
				atMost: 1.05,
			},
			{
				name: 'Failed items under the rate limit',
				value: run.failed.length,
				unit: 'items',
				atMost: 0,
			},
		];
	} finally {
		await stack.close();
	}
}

async function orphansAfterFailures(): Promise<BenchFigure[]> {
	// 10% of devices fail at one of the Join, Network or Application Server steps, drawn at random.
	const items = rows(DEVICES, 'fail');
	let seed = 42;
	const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
	const failing: Record<'js' | 'ns' | 'as', string[]> = { js: [], ns: [], as: [] };
	for (const item of items) {
		if (random() < 0.1)
			failing[(['js', 'ns', 'as'] as const)[Math.floor(random() * 3)]].push(item.json.id as string);
	}
	const rpcs = {
		js: 'JsEndDeviceRegistry.Set',
		ns: 'NsEndDeviceRegistry.Set',
		as: 'AsEndDeviceRegistry.Set',
	};
	const stack = await startRemoteSimulator({
		latency: LATENCY_MS,
		applications: [APP],
		failures: (['js', 'ns', 'as'] as const).map((component) => ({
			component,
			devices: failing[component],
			rpcs: [rpcs[component]],
			error: 'pkg/rpcmiddleware/validator:field_mask_paths' as const,
			attributes: { forbidden_paths: ['simulated'] },
		})),
	});
	try {
		const run = await provision(stack, items, CONCURRENCY);
		const failedIds = new Set(
			run.failed.map(
				(item) => items[(item.json.details as IDataObject).item as number].json.id as string,
			),
		);
		const held = await registriesHolding(
			stack,
			items.map((item) => item.json.id as string),
		);
		let orphans = 0;
		let incomplete = 0;
		for (const [id, registries] of held) {
			if (failedIds.has(id)) {
				if (registries.length > 0) orphans += 1;
			} else if (registries.length !== 4) {
				incomplete += 1;
				if (process.env.BENCH_DEBUG) console.log(`incomplete: ${id} on ${registries.join()}`);
			}
		}
		const expected = failing.js.length + failing.ns.length + failing.as.length;
		return [
			{
				name: 'Devices failing at a random server step',
				value: run.failed.length,
				unit: 'items',
				atLeast: expected,
				atMost: expected,
				detail: `${failing.js.length} at the Join Server, ${failing.ns.length} at the Network Server, ${failing.as.length} at the Application Server`,
			},
			{
				name: 'Orphans left in any registry (every registry read back)',
				value: orphans,
				unit: 'devices',
				atMost: 0,
			},
			{
				name: 'Successful devices missing from a registry',
				value: incomplete,
				unit: 'devices',
				atMost: 0,
			},
		];
	} finally {
		await stack.close();
	}
}

export async function run(): Promise<BenchFigure[]> {
	if (process.env.BENCH_ONLY === 'orphans') return await orphansAfterFailures();
	return [
		...(await speedupOverSequential()),
		...(await throughputUnderRateLimit()),
		...(await orphansAfterFailures()),
	];
}
