// The stream trigger in queue mode: it runs on the main (the only process that starts triggers),
// holds one event stream, and every uplink becomes an execution that the main enqueues and one
// of the workers runs; with a burst of uplinks, both workers take part.
import { equal, eventually, ok } from '../../lib/assert.mjs';
import { nodeOutput } from '../../lib/workflow-checks.mjs';
import { ENDED } from '../database.mjs';
import { executionPlacement } from '../deployment.mjs';
import { queueWorkflow } from '../workflows.mjs';

const uplinksWorkflow = queueWorkflow('queue-uplinks.json');
export const workflows = [uplinksWorkflow];

const ROUNDS = 10;

export async function verify({ group, deployment, simulator, database, line }) {
	const check = (name, fn) => group.check(`uplinks: ${name}`, fn);
	const listening = await check('the trigger opened an event stream', () =>
		eventually(async () => (await simulator.stats()).openStreams >= 1, {
			timeoutMs: 60_000,
			what: 'an open event stream',
		}),
	);
	if (!listening) return;

	// distinct readings, so that each execution names the uplink it came from
	const sent = [];
	for (let round = 0; round < ROUNDS; round++) {
		for (const deviceId of simulator.info.devices) {
			const temperature = 10 + sent.length * 0.25;
			await simulator.sendUplink({
				deviceId,
				reading: { temperature, humidity: 50, battery: 3.3 },
			});
			sent.push({ device: deviceId, temperature });
		}
	}

	let executions;
	const arrived = await check(`one successful execution per uplink (${sent.length})`, async () => {
		executions = await eventually(
			async () => {
				const all = await database.executions(uplinksWorkflow.id);
				const ended = all.filter((execution) => ENDED.includes(execution.status));
				return ended.length >= sent.length ? all : undefined;
			},
			{ timeoutMs: 90_000, what: `${sent.length} ended executions of ${uplinksWorkflow.id}` },
		);
		equal(executions.length, sent.length, 'executions (none lost, none twice)');
		equal(
			executions.filter((execution) => execution.status !== 'success').map((e) => e.status),
			[],
			'statuses other than success',
		);
		equal(
			[...new Set(executions.map((execution) => execution.mode))],
			['trigger'],
			'execution modes',
		);
		const readings = executions.map(
			(execution) => nodeOutput({ data: execution.data }, 'Reading')[0],
		);
		equal(sortReadings(readings), sortReadings(sent), 'readings of the executions');
		return `${executions.length} executions`;
	});
	if (!arrived) return;

	await check(
		'the main enqueued every execution, a worker ran each, both workers took part',
		async () => {
			const ids = executions.map((execution) => execution.id);
			const workers = deployment.processes.filter((instance) => instance.role === 'worker');
			// the logs are written as the processes print: wait until every execution is in them
			const placement = await eventually(
				() => {
					const found = executionPlacement(deployment.logs());
					return ids.every((id) => found.startedBy.has(id)) ? found : undefined;
				},
				{ timeoutMs: 15_000, what: 'every execution in a worker log' },
			);
			const perWorker = Object.fromEntries(workers.map((worker) => [worker.name, 0]));
			for (const id of ids) {
				equal(placement.enqueuedBy.get(id), ['main'], `processes that enqueued execution ${id}`);
				const ranOn = placement.startedBy.get(id);
				equal(ranOn.length, 1, `workers that started execution ${id}`);
				ok(ranOn[0] in perWorker, `execution ${id} started on ${ranOn[0]}, not a worker`);
				perWorker[ranOn[0]]++;
			}
			for (const [name, count] of Object.entries(perWorker)) {
				ok(
					count > 0,
					`${name} ran none of the ${ids.length} executions: ${JSON.stringify(perWorker)}`,
				);
			}
			return Object.entries(perWorker)
				.map(([name, count]) => `${name}: ${count}`)
				.join(', ');
		},
	);

	await check(
		'one event stream for the whole deployment (only the main runs the trigger)',
		async () => {
			const { openStreams } = await simulator.stats();
			equal(
				openStreams,
				1,
				`open event streams with ${deployment.processes.length} n8n processes up`,
			);
			return `${line.id}: 1 stream, ${deployment.processes.length} processes`;
		},
	);
}

function sortReadings(readings) {
	return readings.map(({ device, temperature }) => `${device} ${temperature}`).sort();
}
