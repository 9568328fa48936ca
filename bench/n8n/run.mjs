#!/usr/bin/env node
// `npm run bench:n8n`: end-to-end throughput of the package in real n8n (2.41, Node 24, on
// PostgreSQL), against the simulator. For each setup it finds the highest rate of uplinks that n8n
// holds — every uplink's execution finished, no growing backlog — by steps at rising rates, with a
// workflow of the trigger and one light node (No Operation). The same ladder is run with a built-in
// Webhook → No Operation workflow driven from here: n8n's own rate of starting executions on this
// machine, the limit the trigger is compared with. Figures are printed as rates and as ratios.
//
//   npm run bench:n8n                          2-minute steps, setups `single` and `queue`
//   npm run bench:n8n -- --quick               20-second steps, fewer of them (a few minutes)
//   npm run bench:n8n -- --setups queue        only some setups (see setups.mjs)
//   npm run bench:n8n -- --loads uplinks       only the trigger (or `webhook`: only n8n's limit)
//   npm run bench:n8n -- --step-seconds 60 --start-rate 20 --devices 500
//
// Not part of CI: it takes the machine for a while and its figures depend on it. Logs and the
// n8n logs of each setup: .e2e/bench-n8n/. Uses the n8n install of the e2e tests (.cache/e2e, or
// E2E_CACHE_DIR) and Redis and PostgreSQL as the queue line does (installed when missing).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';

import { ensureDependencies } from '../../scripts/ensure-dependencies.mjs';
import { lineById, lineLabel } from '../../e2e/lib/hosts.mjs';
import { ensureHost } from '../../e2e/lib/install.mjs';
import { buildAndPack } from '../../e2e/lib/pack.mjs';
import { runDir, scratchDir } from '../../e2e/lib/paths.mjs';
import { startSimulatorProcess } from '../../e2e/lib/simulator.mjs';
import { credentialFor } from '../../e2e/lib/workflows.mjs';
import { ENDED, openDatabase } from '../../e2e/queue/database.mjs';
import { createDeployment } from '../../e2e/queue/deployment.mjs';
import { ensureServicePackages, startPostgres, startRedis } from '../../e2e/queue/services.mjs';
import { uplinkLoad, webhookLoad } from './load.mjs';
import { setups as knownSetups, workflowFiles } from './setups.mjs';
import { highestHeld, judgeStep, nextRate, percentile } from './steps.ts';

const { values } = parseArgs({
	options: {
		quick: { type: 'boolean', default: false },
		setups: { type: 'string', default: 'single,queue' },
		loads: { type: 'string', default: 'uplinks,webhook' },
		'step-seconds': { type: 'string' },
		'start-rate': { type: 'string' },
		devices: { type: 'string', default: '1000' },
	},
});
const quick = values.quick;
const settings = {
	stepSeconds: Number(values['step-seconds'] ?? (quick ? 20 : 120)),
	ladder: {
		startRate: Number(values['start-rate'] ?? 10),
		factor: quick ? 2 : 1.5,
		maxSteps: quick ? 6 : 12,
		refineSteps: quick ? 1 : 2,
	},
	devices: Number(values.devices),
};
const drainSeconds = Math.max(15, settings.stepSeconds / 4);
const selectedSetups = values.setups.split(',').map((name) => {
	const setup = knownSetups.find((candidate) => candidate.name === name);
	if (!setup)
		throw new Error(`unknown setup ${name} (known: ${knownSetups.map((s) => s.name).join(', ')})`);
	return setup;
});
const selectedLoads = values.loads.split(',');
const line = lineById('n8n-2');
const dir = join(runDir, 'bench-n8n');
const APPLICATION = 'bench-app';

ensureDependencies();
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const log = (text) => console.log(text);

log(`n8n throughput benchmark: ${lineLabel(line)}, ${cpus().length} CPU cores`);
log(
	`steps of ${settings.stepSeconds} s (then up to ${drainSeconds} s to finish), from ${settings.ladder.startRate}/s ×${settings.ladder.factor}; ${settings.devices} devices; logs in ${dir}`,
);
await ensureHost(line.host, { report: (text) => log(`  [install] ${text}`) });
await ensureServicePackages({ log: join(dir, 'services.log') });
const packed = await buildAndPack(join(dir, 'pack'), { log: join(dir, 'pack.log') });

const [redis, postgres] = await Promise.all([
	startRedis({ log: join(dir, 'services.log') }),
	startPostgres({ log: join(dir, 'services.log') }),
]);
const simulator = await startSimulatorProcess({ log: join(dir, 'simulator.log') });
const results = [];
try {
	const { deviceIds } = await simulator.createDevices(
		APPLICATION,
		'bench-sensor',
		settings.devices,
	);
	for (const setup of selectedSetups) {
		results.push(await measureSetup(setup, deviceIds));
	}
} finally {
	await simulator.stop();
	await Promise.all([redis.stop(), postgres.stop()]);
}
printSummary(results);
writeFileSync(join(dir, 'results.json'), JSON.stringify({ settings, results }, null, '\t'));

async function measureSetup(setup, deviceIds) {
	log(`\n▶ ${setup.label}`);
	const database = `n8n_${setup.name.replace(/\W/g, '_')}`;
	await postgres.createDatabase(database);
	const deployment = await createDeployment({
		line,
		topology: setup.topology,
		workers: setup.workers,
		webhookProcesses: setup.webhookProcesses,
		workerConcurrency: setup.workerConcurrency,
		folder: join(scratchDir, 'bench-n8n', setup.name),
		logDir: join(dir, setup.name),
		postgres: { ...postgres, database },
		redis,
		env: {
			QUEUE_BULL_PREFIX: `bench-${setup.name}`,
			// keep every execution of the run: the step's count reads them back
			EXECUTIONS_DATA_PRUNE_MAX_COUNT: '0',
			...setup.env,
		},
	});
	const db = openDatabase(line, { ...postgres, database });
	const result = {
		setup: setup.name,
		label: setup.label,
		compareTo: setup.compareTo,
		loads: {},
		memoryAtStart: {},
		memory: {},
	};
	try {
		await deployment.installPackage(packed, { log: join(dir, 'install.log') });
		await deployment.main.importCredentials([credentialFor(simulator.info)]);
		const workflows = workflowFiles(setup, join(dir, setup.name));
		await deployment.main.importWorkflows(workflows.map((workflow) => workflow.file));
		for (const workflow of workflows) await deployment.main.activate(workflow.id);
		await deployment.start();
		await waitFor(
			async () => (await simulator.stats()).openStreams >= 1,
			60_000,
			'the trigger to open its stream',
		);
		log(`  up: ${deployment.processes.map((instance) => instance.name).join(', ')}`);
		result.memoryAtStart = residentMemory(deployment);

		const loads = {
			uplinks: {
				load: uplinkLoad({ simulator, applicationId: APPLICATION, deviceIds }),
				workflowId: workflows.find((workflow) => workflow.load === 'uplinks').id,
			},
			webhook: {
				load: webhookLoad({ url: `${deployment.webhookUrl}/webhook/bench-noop` }),
				workflowId: workflows.find((workflow) => workflow.load === 'webhook').id,
			},
		};
		for (const name of selectedLoads) {
			log(
				`  ${name === 'uplinks' ? 'uplinks → The Things Stack Trigger → No Operation' : "POST → Webhook → No Operation (n8n's own limit)"}`,
			);
			result.loads[name] = await climb({ ...loads[name], db });
			if (name === 'uplinks') result.memory = residentMemory(deployment);
		}
	} finally {
		await deployment.stop(undefined, { graceMs: 30_000 });
		await db.close();
	}
	return result;
}

/** Steps at rising rates until one is not held, then a few between; resolves with every step. */
async function climb({ load, workflowId, db }) {
	const steps = [];
	for (
		let rate = nextRate(steps, settings.ladder);
		rate !== undefined;
		rate = nextRate(steps, settings.ladder)
	) {
		const step = await runStep({ load, workflowId, db, rate });
		steps.push(step);
		log(
			`    ${String(rate).padStart(6)}/s  ${step.held ? 'held  ' : 'missed'}  delay p50 ${ms(step.delayMedianMs)}, p95 ${ms(step.delayP95Ms)}, growth ${ms(step.delayGrowthMs)}` +
				(step.held ? '' : `  (${step.reasons.join('; ')})`),
		);
		if (!step.held && !(await settled({ workflowId, db }))) {
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

async function runStep({ load, workflowId, db, rate }) {
	const afterId = await db.lastExecutionId();
	const droppedBefore = (await simulator.stats()).droppedEvents;
	const sending = await load.send(rate, settings.stepSeconds);
	// done when every execution has ended and either each sent item has its own execution or no new
	// execution came for 3 s (an execution may carry several items)
	const deadline = Date.now() + drainSeconds * 1000;
	let previous = -1;
	let quietPolls = 0;
	for (;;) {
		const counts = await db.statusCounts(workflowId, { afterId });
		const ended = ENDED.reduce((sum, status) => sum + (counts[status] ?? 0), 0);
		const all = Object.values(counts).reduce((sum, count) => sum + count, 0);
		quietPolls = all === previous ? quietPolls + 1 : 0;
		previous = all;
		if (ended === all && (ended >= sending.sent || quietPolls >= 3)) break;
		if (Date.now() > deadline) break;
		await sleep(1000);
	}
	const executions = await db.executions(workflowId, { afterId });
	const deliveries = executions
		.filter((execution) => execution.status === 'success')
		.flatMap((execution) =>
			load
				.deliveries(triggerItems(execution, load.triggerNode))
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
		droppedEvents: (await simulator.stats()).droppedEvents - droppedBefore,
	});
	if (sending.failed > 0) verdict.reasons.push(`${sending.failed} requests failed`);
	return {
		rate,
		sent: sending.sent,
		executions: executions.length,
		...verdict,
		held: verdict.held && sending.failed === 0,
	};
}

/** Waits (up to 5 minutes) until no execution of the workflow is left unfinished and none is added. */
async function settled({ workflowId, db }) {
	const deadline = Date.now() + 300_000;
	let last;
	while (Date.now() < deadline) {
		const counts = await db.statusCounts(workflowId);
		const unfinished = Object.entries(counts)
			.filter(([status]) => !ENDED.includes(status))
			.reduce((sum, [, count]) => sum + count, 0);
		const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
		if (unfinished === 0 && total === last) return true;
		last = total;
		await sleep(5000);
	}
	return false;
}

function triggerItems(execution, nodeName) {
	const task = execution.data?.resultData?.runData?.[nodeName]?.[0];
	return (task?.data?.main?.[0] ?? []).map((item) => item.json);
}

function residentMemory(deployment) {
	return Object.fromEntries(
		deployment.processes.map((instance) => [
			instance.name,
			deployment.residentMemory(instance.name),
		]),
	);
}

function printSummary(results) {
	log('\n═══ n8n throughput ═══');
	log(
		`highest rate held for ${settings.stepSeconds} s (every execution finished, no growing backlog); delay from the event to the execution's start at that rate`,
	);
	const rows = [];
	for (const result of results) {
		for (const [name, measured] of Object.entries(result.loads)) {
			const at = measured.atHighest;
			rows.push([
				`${result.label}: ${name === 'uplinks' ? 'trigger' : "Webhook (n8n's limit)"}`,
				measured.highestHeld === undefined ? 'none held' : `${measured.highestHeld}/s`,
				at ? `${ms(at.delayMedianMs)} / ${ms(at.delayP95Ms)}` : '–',
				name === 'uplinks' ? megabytes(result.memory.main) : '',
			]);
		}
	}
	printTable(['setup: workflow', 'held rate', 'delay p50 / p95', 'main RSS'], rows);

	const byName = Object.fromEntries(results.map((result) => [result.setup, result]));
	const rate = (setup, load) => byName[setup]?.loads[load]?.highestHeld;
	const ratios = [];
	for (const result of results) {
		const share = ratio(rate(result.setup, 'uplinks'), rate(result.setup, 'webhook'));
		if (share) ratios.push(`${result.label}: trigger / n8n's own limit = ${share}`);
	}
	for (const result of results.filter((candidate) => candidate.compareTo)) {
		for (const load of ['uplinks', 'webhook']) {
			const value = ratio(rate(result.setup, load), rate(result.compareTo, load));
			if (value)
				ratios.push(
					`${result.setup} vs ${result.compareTo} (${load === 'uplinks' ? 'trigger' : 'Webhook'}) = ${value}`,
				);
		}
	}
	if (ratios.length > 0) log(`\nratios:\n  ${ratios.join('\n  ')}`);
	for (const result of results) {
		const memory = Object.entries(result.memory)
			.map(
				([name, bytes]) =>
					`${name} ${megabytes(bytes)} (${megabytes(result.memoryAtStart?.[name])} at start)`,
			)
			.join(', ');
		if (memory) log(`resident memory after the trigger's steps, ${result.label}: ${memory}`);
	}
}

function ratio(value, baseline) {
	return value && baseline ? `${(value / baseline).toFixed(2)}×` : undefined;
}

function printTable(header, rows) {
	const widths = header.map((title, column) =>
		Math.max(title.length, ...rows.map((row) => row[column].length)),
	);
	const format = (row) => row.map((cell, column) => cell.padEnd(widths[column])).join('  ');
	log(format(header));
	for (const row of rows) log(format(row));
}

function ms(value) {
	return Number.isFinite(value) ? `${Math.round(value)} ms` : '–';
}

function megabytes(bytes) {
	return bytes ? `${Math.round(bytes / 1024 / 1024)} MB` : '–';
}

async function waitFor(probe, timeoutMs, what) {
	const deadline = Date.now() + timeoutMs;
	while (!(await probe())) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await sleep(500);
	}
}
