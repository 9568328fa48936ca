/**
 * Child-process entry: a simulator for a benchmark, in its own process so that it does not take
 * CPU from the n8n engine being measured (as a real The Things Stack would not). Reads its setup
 * as JSON from argv, prints `{"url", "key"}` on one line, and runs until stdin closes.
 */
import type { ComponentFailure } from '../../simulator/faults/faultInjector';
import type { RateLimitProfile } from '../../simulator';
import { startSimulator } from '../../simulator';

export interface RemoteSimulatorSetup {
	latency: number;
	applications: string[];
	rateLimits?: RateLimitProfile[];
	failures?: ComponentFailure[];
	/** DevEUIs the application's block may issue (the simulator's default is 100). */
	devEuiLimit?: number;
}

async function main(): Promise<void> {
	const setup = JSON.parse(process.argv[2]) as RemoteSimulatorSetup;
	const sim = await startSimulator({
		latency: setup.latency,
		rateLimits: setup.rateLimits,
		requestLogLimit: 100,
		...(setup.devEuiLimit ? { devEuiBlock: { applicationLimit: setup.devEuiLimit } } : {}),
	});
	sim.createUser('bench-user');
	for (const applicationId of setup.applications)
		sim.createApplication({ applicationId, owner: { userId: 'bench-user' } });
	for (const failure of setup.failures ?? []) sim.faults.failComponent(failure);
	const { key } = sim.createUserKey('bench-user', ['RIGHT_ALL']);
	process.stdout.write(`${JSON.stringify({ url: sim.url, key })}\n`);
	process.stdin.resume();
	process.stdin.on('end', () => void sim.close().then(() => process.exit(0)));
}

void main();
