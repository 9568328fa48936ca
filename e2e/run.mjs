#!/usr/bin/env node
// `npm run test:e2e`: the package inside real n8n, as users get it.
//
//   npm run test:e2e                      readiness checks, then every n8n line
//   npm run test:e2e -- --line n8n-2      one line (n8n-2 = 2.x on Node 24, n8n-1 = 1.x on Node 20,
//                                         n8n-2-queue = 2.x in queue mode with Redis and PostgreSQL)
//   npm run test:e2e -- --only <name>     only the workflows whose file name contains <name>
//   npm run test:e2e -- --no-verify       skip the readiness checks
//
// Exit code 0 only if every check passed. See e2e/README.md.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { ensureDependencies } from '../scripts/ensure-dependencies.mjs';
import { lineById, lines } from './lib/hosts.mjs';
import { ensureHost } from './lib/install.mjs';
import { runLine } from './lib/line.mjs';
import { buildAndPack } from './lib/pack.mjs';
import { runQueueLine } from './queue/line.mjs';
import { runDir } from './lib/paths.mjs';
import { createReport } from './lib/report.mjs';
import { discoverWorkflows } from './lib/workflows.mjs';
import { verifyReadiness } from './verify.mjs';

const { values } = parseArgs({
	options: {
		line: { type: 'string', multiple: true },
		only: { type: 'string' },
		'no-verify': { type: 'boolean', default: false },
	},
});
const selectedLines = values.line ? values.line.map(lineById) : lines;
const started = Date.now();
const seconds = (since) => `${Math.round((Date.now() - since) / 1000)} s`;

// Ctrl-C: exit through process.exit, so that lib/proc.mjs stops every n8n, simulator and service
// this run started (a signal's default action would leave them running)
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(130));

ensureDependencies();
const report = createReport();

// The installs (minutes on a cold cache) run while the package builds and the readiness checks run.
const installs = [...new Set(selectedLines.map((line) => line.host)), 'tools'].map((host) =>
	ensureHost(host, { report: (text) => console.log(`[install] ${text}`) }).catch(() => undefined),
);

console.log('▶ build and pack');
rmSync(join(runDir, 'pack.log'), { force: true });
const packed = await buildAndPack(join(runDir, 'pack'), { log: join(runDir, 'pack.log') }).catch(
	(error) => {
		console.error(error.message);
		return undefined;
	},
);

if (!packed) {
	report
		.group('Build')
		.skip('npm run build && npm pack', `failed, see ${join(runDir, 'pack.log')}`);
} else {
	console.log(`  ${packed.tarball}`);
	if (!values['no-verify']) {
		console.log('\n▶ verification readiness');
		await verifyReadiness(report, packed);
	}

	let workflows = await discoverWorkflows();
	if (values.only) workflows = workflows.filter((entry) => entry.name.includes(values.only));
	const definitions = report.group('Workflows and their checks');
	console.log(`\n▶ ${definitions.title}`);
	const ids = new Map();
	for (const entry of workflows) {
		await definitions.check(`${entry.relativeFile} (${entry.checks?.mode ?? '?'})`, () => {
			if (entry.problem) throw new Error(entry.problem);
			const other = ids.get(entry.workflow.id);
			if (other) throw new Error(`workflow id ${entry.workflow.id} is also used by ${other}`);
			ids.set(entry.workflow.id, entry.relativeFile);
		});
	}
	const runnable = workflows.filter(
		(entry) => !entry.problem && ids.get(entry.workflow.id) === entry.relativeFile,
	);

	for (const line of selectedLines) {
		if (line.queue) await runQueueLine({ line, report, packed });
		else await runLine({ line, report, packed, workflows: runnable });
	}
}

await Promise.all(installs);
console.log(report.summary());
if (report.failed) console.log(report.failures());
console.log(`\n${report.failed ? 'E2E FAILED' : 'E2E PASSED'} in ${seconds(started)}`);
process.exit(report.failed ? 1 : 0);
