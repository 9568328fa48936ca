/**
 * Bulk provisioning from the Device Repository through the real n8n engine against the simulator
 * with 20 ms latency per request: devices of three models, each template read once for the run,
 * against the same number of devices entered manually, in the same run.
 */
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { runActionNode } from '../test/support/workflow';
import type { BenchFigure } from './run';
import type { RemoteSimulator } from './support/remoteSimulator';
import { startRemoteSimulator } from './support/remoteSimulator';

const APP = 'bench-app';
const LATENCY_MS = 20;
const DEVICES = 1000;
const CONCURRENCY = 32;

const MODELS = [
	['the-things-industries', 'generic-node-sensor-edition', '1.1', '1.0', 'EU_863_870'],
	['dragino', 'lht65', '', '1.9', 'EU_863_870'],
	['milesight-iot', 'em300-th', 'v2.0', 'v1.2', 'EU_863_870'],
];

function rows(count: number, offset: bigint): INodeExecutionData[] {
	return Array.from({ length: count }, (_, n) => {
		const [brand, model, hardware, firmware, band] = MODELS[n % MODELS.length];
		return {
			json: {
				id: `device-${offset.toString(16)}-${n}`,
				dev_eui: (BigInt('0x70B3D57E00000000') + offset + BigInt(n))
					.toString(16)
					.toUpperCase()
					.padStart(16, '0'),
				brand,
				model,
				hardware,
				firmware,
				band,
			},
		};
	});
}

const common: INodeParameters = {
	resource: 'device',
	operation: 'create',
	applicationId: { __rl: true, mode: 'id', value: APP },
	activationMode: 'otaa',
	deviceId: '={{ $json.id }}',
	devEui: '={{ $json.dev_eui }}',
	joinEui: '0000000000000000',
	appKey: '00112233445566778899AABBCCDDEEFF',
	options: { concurrency: CONCURRENCY },
};

const manual: INodeParameters = {
	...common,
	frequencyPlanId: 'EU_863_870_TTN',
	lorawanVersion: 'MAC_V1_0_3',
	lorawanPhyVersion: 'PHY_V1_0_3_REV_A',
};

const fromRepository: INodeParameters = {
	...common,
	inputMethod: 'repository',
	brandId: { __rl: true, mode: 'id', value: '={{ $json.brand }}' },
	modelId: { __rl: true, mode: 'id', value: '={{ $json.model }}' },
	hardwareVersion: '={{ $json.hardware }}',
	firmwareVersion: '={{ $json.firmware }}',
	bandId: '={{ $json.band }}',
};

async function provision(
	stack: RemoteSimulator,
	parameters: INodeParameters,
	items: INodeExecutionData[],
) {
	const started = process.hrtime.bigint();
	const result = await runActionNode({
		parameters,
		items,
		credentials: stack.credentials,
		onError: 'continueRegularOutput',
	});
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	if (result.error) throw new Error(`run failed: ${result.error.message}`);
	const failed = result.items.filter((item) => item.json.error !== undefined);
	return { seconds, failed };
}

export async function run(): Promise<BenchFigure[]> {
	const stack = await startRemoteSimulator({ latency: LATENCY_MS, applications: [APP] });
	try {
		const entered = await provision(stack, manual, rows(DEVICES, 0x400000n));
		const repository = await provision(stack, fromRepository, rows(DEVICES, 0x500000n));
		const enteredRate = DEVICES / entered.seconds;
		const repositoryRate = DEVICES / repository.seconds;
		return [
			{
				name: `Bulk create entered manually, concurrency ${CONCURRENCY}`,
				value: enteredRate,
				unit: 'devices/s',
				detail: `${DEVICES} devices in ${entered.seconds.toFixed(1)} s, ${entered.failed.length} failed`,
			},
			{
				name: `Bulk create from the Device Repository (${MODELS.length} models), concurrency ${CONCURRENCY}`,
				value: repositoryRate,
				unit: 'devices/s',
				detail: `${DEVICES} devices in ${repository.seconds.toFixed(1)} s, ${repository.failed.length} failed`,
			},
			{
				name: 'Throughput from the repository, against entered manually',
				value: repositoryRate / enteredRate,
				unit: '×',
				atLeast: 0.85,
			},
			{
				name: 'Failed items from the repository',
				value: repository.failed.length,
				unit: 'items',
				atMost: 0,
			},
		];
	} finally {
		await stack.close();
	}
}
