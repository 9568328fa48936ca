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

export function deliveryLine(scenario, counts) {
	return `delivery ${scenario}: sent ${counts.sent}, delivered ${counts.delivered}, lost ${counts.lost}, duplicated ${counts.duplicated}, reported gaps ${counts.reportedGaps}`;
}

/**
 * Prints the scenario's line and fails unless the counts are what the scenario promises:
 * `lost` (default 0) and no duplicate; `gaps`: at least that many reported gaps.
 */
export function expectDeliveries(scenario, counts, { lost = 0, gaps = 0 } = {}) {
	const line = deliveryLine(scenario, counts);
	console.log(`    ${line}`);
	const problems = [];
	if (counts.lost !== lost) problems.push(`lost ${counts.lost}, expected ${lost}`);
	if (counts.duplicated !== 0) problems.push(`${counts.duplicated} duplicated`);
	if (counts.unexpected.length > 0)
		problems.push(`unexpected items: ${counts.unexpected.join(', ')}`);
	if (counts.reportedGaps < gaps)
		problems.push(`reported gaps ${counts.reportedGaps}, expected ${gaps}`);
	if (problems.length > 0) fail(`${line}: ${problems.join('; ')}`);
	return line;
}
