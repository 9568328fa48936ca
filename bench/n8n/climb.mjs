// One load against one running n8n: steps at the rates steps.ts picks until the highest held rate
// is found. A step sends at its rate for `stepSeconds`, waits for the executions to end, reads them
// back from the database and judges the step (steps.ts judgeStep).
import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';

import { ENDED } from '../../e2e/queue/database.mjs';
import { highestHeld, judgeStep, nextRate } from './steps.ts';

/**
 * `load`: from load.mjs; `workflowId`: the workflow it drives; `db`: openDatabase(); `simulator`:
 * the simulator client (for the events TTS dropped, reported with each step); `settings`:
 * { stepSeconds, drainSeconds, confirmMisses, ladder }; `log(text)`. Resolves with
 * { steps, highestHeld, atHighest }.
 */
export async function climb({ load, workflowId, db, simulator, settings, log }) {
	const measure = (rate) => runStep({ load, workflowId, db, simulator, settings, rate });
	const steps = [];
	for (
		let rate = nextRate(steps, settings.ladder);
		rate !== undefined;
		rate = nextRate(steps, settings.ladder)
	) {
		let step = await measure(rate);
		let cleared = step.held || (await settled({ workflowId, db }));
		// the machine may be busy with something else for a moment: a miss counts when it repeats
		for (let attempt = 1; !step.held && cleared && attempt <= settings.confirmMisses; attempt++) {
			log(describeStep(step, 'once more'));
			step = await measure(rate);
			cleared = step.held || (await settled({ workflowId, db }));
		}
		steps.push(step);
		log(describeStep(step));
		if (!cleared) {
			log('    the backlog did not clear within 5 minutes: stopping here');
			break;
		}
	}
	const best = highestHeld(steps);
	return {
		steps,
		highestHeld: best,
		atHighest: steps.find((step) => step.held && step.rate === best),
	};
}

async function runStep({ load, workflowId, db, simulator, settings, rate }) {
	const afterId = await db.lastExecutionId();
	const droppedBefore = (await simulator.stats()).droppedEvents;
	const sending = await load.send(rate, settings.stepSeconds);
	await drained({ workflowId, db, afterId, sent: sending.sent, seconds: settings.drainSeconds });
	const executions = await db.executions(workflowId, { afterId });
	const deliveries = executions
		.filter((execution) => execution.status === 'success')
		.flatMap((execution) =>
			load
				.sendTimes(triggerItems(execution, load.triggerNode))
				.map((sentAt) => ({ sentAt, startedAt: Date.parse(execution.startedAt) })),
		);
	const verdict = judgeStep({
		rate,
		seconds: settings.stepSeconds,
		sent: sending.sent,
		deliveries,
		failedExecutions: executions.filter(
			(execution) => ENDED.includes(execution.status) && execution.status !== 'success',
		).length,
		unfinishedExecutions: executions.filter((execution) => !ENDED.includes(execution.status))
			.length,
	});
	if (sending.failed > 0) {
		verdict.reasons.push(`${sending.failed} requests failed (the first: ${sending.firstFailure})`);
	}
	return {
		rate,
		sent: sending.sent,
		executions: executions.length,
		// not a verdict: a reconnect's replay may overflow the channel with events already delivered
		droppedEvents: (await simulator.stats()).droppedEvents - droppedBefore,
		// what else ran on the machine meanwhile (the 1-minute load average, all processes)
		loadAverage: loadavg()[0],
		...verdict,
		held: verdict.held && sending.failed === 0,
	};
}

/**
 * Waits until every execution of the step has ended and either each sent item has its own
 * execution or no execution came for 3 s (an execution may carry several items); at most
 * `seconds`.
 */
async function drained({ workflowId, db, afterId, sent, seconds }) {
	const deadline = Date.now() + seconds * 1000;
	let previous = -1;
	let quietPolls = 0;
	while (Date.now() < deadline) {
		const { ended, all } = tally(await db.statusCounts(workflowId, { afterId }));
		quietPolls = all === previous ? quietPolls + 1 : 0;
		previous = all;
		if (ended === all && (ended >= sent || quietPolls >= 3)) return;
		await sleep(1000);
	}
}

/** Waits (up to 5 minutes) until no execution of the workflow is unfinished and none is added. */
async function settled({ workflowId, db }) {
	const deadline = Date.now() + 300_000;
	let previous;
	while (Date.now() < deadline) {
		const { ended, all } = tally(await db.statusCounts(workflowId));
		if (ended === all && all === previous) return true;
		previous = all;
		await sleep(5000);
	}
	return false;
}

function tally(counts) {
	const all = Object.values(counts).reduce((sum, count) => sum + count, 0);
	const ended = ENDED.reduce((sum, status) => sum + (counts[status] ?? 0), 0);
	return { ended, all };
}

function triggerItems(execution, nodeName) {
	const task = execution.data?.resultData?.runData?.[nodeName]?.[0];
	return (task?.data?.main?.[0] ?? []).map((item) => item.json);
}

function describeStep(step, then = '') {
	const verdict = step.held ? 'held  ' : then ? 'missed' : 'MISSED';
	const dropped = step.droppedEvents > 0 ? `; TTS dropped ${step.droppedEvents} events` : '';
	const why = step.held ? '' : `  (${step.reasons.join('; ')})`;
	return (
		`    ${String(step.rate).padStart(6)}/s  ${verdict}  delay p50 ${ms(step.delayMedianMs)}, ` +
		`p95 ${ms(step.delayP95Ms)}, growth ${ms(step.delayGrowthMs)}, load ${step.loadAverage.toFixed(1)}` +
		`${dropped}${why}${then ? `: ${then}` : ''}`
	);
}

export function ms(value) {
	return Number.isFinite(value) ? `${Math.round(value)} ms` : '–';
}
