/**
 * `npm run bench`: runs every `bench/*.bench.ts` (or those named on the command line, e.g.
 * `npm run bench -- device`) in this process and prints their figures. Each module exports
 * `run(): Promise<BenchFigure[]>`. Exits 1 when a figure misses its target.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

import '../test/support/logging';

export interface BenchFigure {
	name: string;
	value: number;
	unit: string;
	/** Lowest acceptable value, if the figure has a target. */
	atLeast?: number;
	/** Highest acceptable value, if the figure has a target. */
	atMost?: number;
	detail?: string;
}

function meetsTarget(figure: BenchFigure): boolean {
	if (figure.atLeast !== undefined && figure.value < figure.atLeast) return false;
	if (figure.atMost !== undefined && figure.value > figure.atMost) return false;
	return true;
}

function formatFigure(figure: BenchFigure): string {
	const target =
		figure.atLeast !== undefined
			? ` (target ≥ ${figure.atLeast})`
			: figure.atMost !== undefined
				? ` (target ≤ ${figure.atMost})`
				: '';
	const verdict =
		figure.atLeast !== undefined || figure.atMost !== undefined
			? meetsTarget(figure)
				? '  ok'
				: '  MISSED'
			: '';
	const detail = figure.detail ? `\n      ${figure.detail}` : '';
	return `  ${figure.name}: ${Number(figure.value.toFixed(3))} ${figure.unit}${target}${verdict}${detail}`;
}

async function main(): Promise<void> {
	const wanted = process.argv.slice(2);
	const files = readdirSync(__dirname)
		.filter((file) => file.endsWith('.bench.ts'))
		.filter((file) => wanted.length === 0 || wanted.some((name) => file.startsWith(name)))
		.sort();
	let missed = 0;
	for (const file of files) {
		console.log(`\n${file}`);
		const module = (await import(join(__dirname, file))) as { run: () => Promise<BenchFigure[]> };
		for (const figure of await module.run()) {
			console.log(formatFigure(figure));
			if (!meetsTarget(figure)) missed += 1;
		}
	}
	console.log(missed === 0 ? '\nAll targets met.' : `\n${missed} target(s) missed.`);
	process.exit(missed === 0 ? 0 : 1);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
