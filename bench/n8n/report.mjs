// The benchmark's summary: the highest held rate of each setup and load, the delay at that rate,
// resident memory, and the ratios (the trigger against n8n's own limit, each setup against the one
// it is compared with).
import { ms } from './climb.mjs';
import { setups } from './setups.mjs';

/** `results`: [{ setup, label, compareTo, loads: { uplinks, webhook }, memory, memoryAtStart }]. */
export function summary(results, { stepSeconds }) {
	const lines = [
		'',
		'═══ n8n throughput ═══',
		`highest rate held for ${stepSeconds} s (every execution finished, no growing backlog); delay from the event to the execution's start at that rate`,
	];
	const rows = results.flatMap((result) =>
		Object.entries(result.loads).map(([name, measured]) => [
			`${result.label}: ${name === 'uplinks' ? 'trigger' : "Webhook (n8n's limit)"}`,
			measured.highestHeld === undefined ? 'none held' : `${measured.highestHeld}/s`,
			measured.atHighest
				? `${ms(measured.atHighest.delayMedianMs)} / ${ms(measured.atHighest.delayP95Ms)}`
				: '–',
			name === 'uplinks' ? megabytes(result.memory.main) : '',
		]),
	);
	lines.push(...table(['setup: workflow', 'held rate', 'delay p50 / p95', 'main RSS'], rows));

	const byName = new Map(results.map((result) => [result.setup, result]));
	const rate = (setup, load) => byName.get(setup)?.loads[load]?.highestHeld;
	const ratios = [];
	for (const result of results) {
		const share = ratio(rate(result.setup, 'uplinks'), rate(result.setup, 'webhook'));
		if (share) ratios.push(`${result.label}: trigger / n8n's own limit = ${share}`);
	}
	for (const result of results.filter((candidate) => byName.has(candidate.compareTo))) {
		for (const [load, name] of [
			['uplinks', 'trigger'],
			['webhook', 'Webhook'],
		]) {
			const value = ratio(rate(result.setup, load), rate(result.compareTo, load));
			if (value) ratios.push(`${result.setup} vs ${result.compareTo} (${name}) = ${value}`);
		}
	}
	if (ratios.length > 0) lines.push('', 'ratios:', ...ratios.map((text) => `  ${text}`));
	for (const result of results) {
		const memory = Object.entries(result.memory)
			.map(
				([name, bytes]) =>
					`${name} ${megabytes(bytes)} (${megabytes(result.memoryAtStart[name])} at start)`,
			)
			.join(', ');
		if (memory) lines.push(`resident memory after the trigger's steps, ${result.label}: ${memory}`);
	}
	return lines.join('\n');
}

function ratio(value, baseline) {
	return value && baseline ? `${(value / baseline).toFixed(2)}×` : undefined;
}

function table(header, rows) {
	const widths = header.map((title, column) =>
		Math.max(title.length, ...rows.map((row) => row[column].length)),
	);
	const format = (row) =>
		row
			.map((cell, column) => cell.padEnd(widths[column]))
			.join('  ')
			.trimEnd();
	return [format(header), ...rows.map(format)];
}

function megabytes(bytes) {
	return bytes ? `${Math.round(bytes / 1024 / 1024)} MB` : '–';
}

/**
 * The overload scenario's summary (burst.mjs): per setup, n8n's ceiling beside what happened at
 * twice and half of it, and the ratios (batched against per-event throughput, queue mode against
 * one process).
 */
export function burstSummary(results) {
	const header = [
		'setup',
		'n8n',
		'ceiling/s',
		'uplinks/s',
		'sent',
		'lost',
		'duplicated',
		'executions',
		'peak memory',
		'drained after burst',
		'items/s',
	];
	const rows = results.map((result) => [
		result.label,
		result.line,
		result.ceiling.toFixed(1),
		`${result.burstRate} then ${result.calmRate}`,
		String(result.sent),
		String(result.lost),
		String(result.duplicated),
		String(result.executions),
		megabytes(result.peakMemoryMb * 1024 * 1024),
		`${Math.round(result.drainSeconds)} s`,
		result.itemsPerSecond.toFixed(1),
	]);
	const lines = [
		'',
		"Overload: uplinks at twice n8n's ceiling, then at half of it",
		...table(header, rows),
	];
	for (const result of results) {
		const setup = setups.find((candidate) => candidate.name === result.setup);
		const baseline = results.find((candidate) => candidate.setup === setup?.compareTo);
		if (!baseline) continue;
		lines.push(
			`${result.label} against ${baseline.label}: items/s ${ratio(result.itemsPerSecond, baseline.itemsPerSecond)}, drain ${ratio(result.drainSeconds, baseline.drainSeconds)} of its time`,
		);
	}
	return lines.join('\n');
}
