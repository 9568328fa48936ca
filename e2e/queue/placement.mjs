// Where each execution of a queue-mode deployment ran, from the processes' logs, and the check the
// scenarios share: one process enqueued every execution, one worker ran each, every worker took
// part.
import { equal, eventually, ok } from '../lib/assert.mjs';

/**
 * Which process did what with each execution, from the logs: `enqueuedBy` (the process whose
 * trigger or webhook created the job: "Enqueued execution N") and `startedBy` (the worker that ran
 * it: "Worker started execution N"), as Map<executionId, process name[]>.
 */
export function executionPlacement(logs) {
	const enqueuedBy = new Map();
	const startedBy = new Map();
	const note = (map, id, name) => map.set(id, [...(map.get(id) ?? []), name]);
	for (const [name, text] of Object.entries(logs)) {
		for (const match of text.matchAll(/Enqueued execution (\d+) \(job/g)) {
			note(enqueuedBy, Number(match[1]), name);
		}
		for (const match of text.matchAll(/Worker started execution (\d+) \(job/g)) {
			note(startedBy, Number(match[1]), name);
		}
	}
	return { enqueuedBy, startedBy };
}

/**
 * Fails unless `enqueuer` enqueued each execution of `ids`, exactly one worker ran each, and every
 * worker of the deployment ran at least one of `spread` (default: all of `ids`). Waits until every
 * execution is in a worker's log (the logs are written as the processes print). Resolves with
 * { workerOf: Map<executionId, worker name>, perWorker: { name: executions of `spread` } }.
 */
export async function expectSpreadOverWorkers(deployment, ids, { enqueuer, spread = ids }) {
	const placement = await eventually(
		() => {
			const found = executionPlacement(deployment.logs());
			return ids.every((id) => found.startedBy.has(id)) ? found : undefined;
		},
		{ timeoutMs: 15_000, what: 'every execution in a worker log' },
	);
	const workers = deployment.processes.filter((instance) => instance.role === 'worker');
	const perWorker = Object.fromEntries(workers.map((worker) => [worker.name, 0]));
	const workerOf = new Map();
	for (const id of ids) {
		equal(placement.enqueuedBy.get(id), [enqueuer], `processes that enqueued execution ${id}`);
		const ranOn = placement.startedBy.get(id);
		equal(ranOn.length, 1, `workers that started execution ${id}`);
		ok(ranOn[0] in perWorker, `execution ${id} started on ${ranOn[0]}, not a worker`);
		workerOf.set(id, ranOn[0]);
	}
	for (const id of spread) perWorker[workerOf.get(id)]++;
	for (const [name, count] of Object.entries(perWorker)) {
		ok(
			count > 0,
			`${name} ran none of the ${spread.length} executions: ${JSON.stringify(perWorker)}`,
		);
	}
	return { workerOf, perWorker };
}

/** `worker-1: 10, worker-2: 8` */
export function describePerWorker(perWorker) {
	return Object.entries(perWorker)
		.map(([name, count]) => `${name}: ${count}`)
		.join(', ');
}
