// Counting for the delivery scenarios of the triggers: what the simulator sent, what reached the
// workflow, and what the trigger said it could not deliver; printed as one line per scenario:
//
//   delivery <scenario>: sent N, delivered N, lost N, duplicated N, reported gaps N
import { fail } from './assert.mjs';

/**
 * `sent`: keys of the messages sent (e.g. `demo-sensor-1#17`, device and frame counter);
 * `received`: the keys of every item the workflow got, repeats included; `reportedGaps`: how
 * many gaps the trigger reported (`streamGaps` entries).
 */
export function countDeliveries({ sent, received, reportedGaps = 0 }) {
	const sentKeys = new Set(sent);
	const times = new Map();
	for (const key of received) times.set(key, (times.get(key) ?? 0) + 1);
	const delivered = [...sentKeys].filter((key) => times.has(key)).length;
	const duplicated = [...times.values()].reduce((sum, count) => sum + count - 1, 0);
	const unexpected = [...times.keys()].filter((key) => !sentKeys.has(key));
	return {
		sent: sentKeys.size,
		delivered,
		lost: sentKeys.size - delivered,
		duplicated,
		reportedGaps,
		unexpected,
	};
}

/** The identity of an uplink item of the triggers' simplified output: device and frame counter. */
export function uplinkKey(item) {
	return `${item.deviceId}#${item.fCnt}`;
}

/**
 * The items a trigger node handed to each execution of its workflow, repeats included: its output
 * in the run data, or for an execution that never got to run it (n8n was killed first), the items
 * waiting for it on the execution stack, which n8n had saved and shows as the execution's input;
 * for a failed execution saved without either, the uplink its deduplication key names.
 */
export function triggerItems(executions, nodeName) {
	return executions.flatMap((execution) => {
		const run = execution.data?.resultData?.runData?.[nodeName]?.[0];
		const waiting = execution.data?.executionData?.nodeExecutionStack?.find(
			(entry) => entry.node?.name === nodeName,
		);
		const items = run?.data?.main?.[0] ?? waiting?.data?.main?.[0];
		if (items) return items.map((item) => item.json);
		const uplink = uplinkOfDeduplicationKey(execution.deduplicationKey);
		return uplink ? [uplink] : [];
	});
}

/**
 * The uplink an execution was started for, from its n8n 2.x deduplication key
 * (`tts:<workflow>:<node>:uplink_message:<application>/<device>@<received at>…#<FCnt>`, see
 * nodes/shared/delivery/applicationUp.ts): n8n saves a failed execution without its items.
 */
function uplinkOfDeduplicationKey(key) {
	const match = /:uplink_message:[^/]+\/([^@]+)@.*#(\d+)$/.exec(key ?? '');
	return match ? { deviceId: match[1], fCnt: Number(match[2]) } : undefined;
}

/**
 * How many gaps the trigger reported as losses: the `streamGaps` entries of the items, without the
 * notice that an application has no Storage Integration (`no_storage_integration`), which says that
 * long outages will be reported rather than recovered, not that anything was lost.
 */
export function reportedLosses(items) {
	return items
		.flatMap((item) => item.streamGaps ?? [])
		.filter((gap) => gap.reason !== 'no_storage_integration').length;
}

export function deliveryLine(scenario, counts) {
	return `delivery ${scenario}: sent ${counts.sent}, delivered ${counts.delivered}, lost ${counts.lost}, duplicated ${counts.duplicated}, reported gaps ${counts.reportedGaps}`;
}

/**
 * Prints the scenario's line and fails unless the counts are what the scenario promises:
 * `lost` (default 0) and no more than `duplicated` repeats (default 0); `gaps`: at least that many
 * reported gaps.
 */
export function expectDeliveries(scenario, counts, { lost = 0, gaps = 0, duplicated = 0 } = {}) {
	const line = deliveryLine(scenario, counts);
	console.log(`    ${line}`);
	const problems = [];
	if (counts.lost !== lost) problems.push(`lost ${counts.lost}, expected ${lost}`);
	if (counts.duplicated > duplicated)
		problems.push(`${counts.duplicated} duplicated, at most ${duplicated} allowed`);
	if (counts.unexpected.length > 0)
		problems.push(`unexpected items: ${counts.unexpected.join(', ')}`);
	if (counts.reportedGaps < gaps)
		problems.push(`reported gaps ${counts.reportedGaps}, expected ${gaps}`);
	if (problems.length > 0) fail(`${line}: ${problems.join('; ')}`);
	return line;
}
