// The overload scenario of the n8n benchmark (`--burst`): n8n's own ceiling of executions per second
// measured first (a Webhook → No Operation workflow driven past its limit), then uplinks at twice
// that ceiling for `burstSeconds` and at half of it for `calmSeconds`, against the trigger's
// workflow. Every uplink must come out once: what was lost, what came twice, the peak resident
// memory of the n8n processes while it ran, and how long n8n took to drain the backlog after the
// burst.
import { setTimeout as sleep } from 'node:timers/promises';

import { ENDED } from '../../e2e/queue/database.mjs';

// n8n's ceiling is measured with this many executions at once (a closed loop) for this long.
const CEILING_CONCURRENCY = 10;
const CEILING_SECONDS = 30;
const MEMORY_SAMPLE_MS = 1_000;
// This long without a new execution, all of them ended, ends the wait for the backlog: a catch-up
// from the Storage Integration holds newer events while it reads (with retries and backoff).
const QUIET_MS = 60_000;

/**
 * n8n's ceiling: Webhook → No Operation executions finished per second with CEILING_CONCURRENCY
 * of them running at all times (`load`: webhookLoad of load.mjs, its workflow answering when the
 * execution ended). An open loop past the ceiling measures n8n's database pool instead: its
 * connections time out.
 */
export async function measureCeiling({ load, workflowId, db, log }) {
	const afterId = await db.lastExecutionId();
	const { failed } = await load.saturate(CEILING_CONCURRENCY, CEILING_SECONDS);
	await untilQuiet({ db, workflowId, afterId });
	const executions = (await db.executions(workflowId, { afterId })).filter(
		(execution) => execution.stoppedAt,
	);
	const starts = executions.map((execution) => Date.parse(execution.startedAt));
	const stops = executions.map((execution) => Date.parse(execution.stoppedAt));
	const seconds = (Math.max(...stops) - Math.min(...starts)) / 1000;
	const ceiling = executions.length / seconds;
	log(
		`    n8n's ceiling: ${ceiling.toFixed(1)} executions/s (${executions.length} Webhook → No Operation executions finished in ${seconds.toFixed(1)} s, ${CEILING_CONCURRENCY} at a time; ${failed} calls failed)`,
	);
	return ceiling;
}

/**
 * Uplinks at `2 × ceiling` for `burstSeconds`, then `ceiling / 2` for `calmSeconds`; then waits
 * until every uplink came out (or nothing came for QUIET_MS). `memory()` returns the resident
 * bytes of the n8n processes, summed.
 */
export async function runBurst({
	load,
	simulator,
	workflowId,
	db,
	ceiling,
	settings,
	memory,
	log,
}) {
	const afterId = await db.lastExecutionId();
	const droppedBefore = (await simulator.stats()).droppedEvents;
	let peakBytes = 0;
	let sampling = true;
	const sampler = (async () => {
		while (sampling) {
			peakBytes = Math.max(peakBytes, memory());
			await sleep(MEMORY_SAMPLE_MS);
		}
	})();
	const startedAt = Date.now();
	const burstRate = Math.round(2 * ceiling);
	const calmRate = Math.max(1, Math.round(ceiling / 2));
	log(
		`    ${burstRate}/s for ${settings.burstSeconds} s, then ${calmRate}/s for ${settings.calmSeconds} s`,
	);
	const burst = await load.send(burstRate, settings.burstSeconds);
	const burstEndedAt = Date.now();
	const calm = await load.send(calmRate, settings.calmSeconds);
	const sendingEndedAt = Date.now();
	const sent = burst.sent + calm.sent;
	const lastFinishedAt = await untilDelivered({ db, workflowId, afterId });
	sampling = false;
	await sampler;
	const executions = await db.executions(workflowId, { afterId });
	const counted = countUplinks(executions, load.triggerNode);
	const result = {
		ceiling,
		burstRate,
		calmRate,
		sent,
		delivered: counted.unique,
		lost: sent - counted.unique,
		duplicated: counted.items - counted.unique,
		executions: executions.length,
		failedExecutions: executions.filter((execution) => execution.status !== 'success').length,
		peakMemoryMb: peakBytes / 2 ** 20,
		// The backlog of the burst is drained once the executions caught up with the calm rate.
		drainSeconds: (lastFinishedAt - burstEndedAt) / 1000,
		afterSendingSeconds: Math.max(0, (lastFinishedAt - sendingEndedAt) / 1000),
		itemsPerSecond: counted.items / ((lastFinishedAt - startedAt) / 1000),
		droppedByServer: (await simulator.stats()).droppedEvents - droppedBefore,
	};
	log(
		`    sent ${result.sent}, delivered ${result.delivered}, lost ${result.lost}, duplicated ${result.duplicated}; ${result.executions} executions (${result.failedExecutions} not successful); peak memory ${Math.round(result.peakMemoryMb)} MB; last execution ${result.afterSendingSeconds.toFixed(0)} s after the uplinks stopped`,
	);
	return result;
}

/** Items of the trigger node across executions: all of them, and distinct uplinks. */
function countUplinks(executions, nodeName) {
	const seen = new Set();
	let items = 0;
	for (const execution of executions) {
		const task = execution.data?.resultData?.runData?.[nodeName]?.[0];
		for (const { json } of task?.data?.main?.[0] ?? []) {
			items += 1;
			seen.add(`${json.deviceId}#${json.fCnt}`);
		}
	}
	return { items, unique: seen.size };
}

/**
 * Resolves with when the last execution finished, once every execution ended and none was added
 * for QUIET_MS (the trigger drains its backlog without pause, so a quiet n8n is done).
 */
async function untilDelivered({ db, workflowId, afterId }) {
	let lastAll = -1;
	let lastChangeAt = Date.now();
	for (;;) {
		const counts = await db.statusCounts(workflowId, { afterId });
		const all = Object.values(counts).reduce((sum, count) => sum + count, 0);
		const ended = ENDED.reduce((sum, status) => sum + (counts[status] ?? 0), 0);
		if (all !== lastAll) {
			lastAll = all;
			lastChangeAt = Date.now();
		}
		if (ended === all && Date.now() - lastChangeAt > QUIET_MS) break;
		await sleep(2_000);
	}
	const [row] = await db.query(
		`SELECT max("stoppedAt") AS last FROM execution_entity WHERE "workflowId" = $1 AND id > $2`,
		[workflowId, afterId],
	);
	return new Date(row.last).getTime();
}

/** Waits until no execution ended for 5 s (those n8n could not start never will). */
async function untilQuiet({ db, workflowId, afterId }) {
	let lastEnded = -1;
	let lastChangeAt = Date.now();
	while (Date.now() - lastChangeAt < 5_000) {
		const counts = await db.statusCounts(workflowId, { afterId });
		const ended = ENDED.reduce((sum, status) => sum + (counts[status] ?? 0), 0);
		if (ended !== lastEnded) {
			lastEnded = ended;
			lastChangeAt = Date.now();
		}
		await sleep(1_000);
	}
}
