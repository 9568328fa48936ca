#!/usr/bin/env node
// `npm run bench:n8n`: end-to-end throughput of the package in real n8n (2.41, Node 24, on
// PostgreSQL), against the simulator. For each setup it finds the highest rate of uplinks that n8n
// holds — every uplink's execution finished, no growing backlog — by steps at rising rates, with a
// workflow of the trigger and one light node (No Operation). The same ladder is run with a built-in
// Webhook → No Operation workflow driven from here: n8n's own rate of starting executions on this
// machine, the limit the trigger is compared with. Figures are printed as rates and as ratios.
//
//   npm run bench:n8n                          2-minute steps, setups `single` and `queue`
//   npm run bench:n8n -- --quick               20-second steps, fewer of them (10 to 20 minutes)
//   npm run bench:n8n -- --setups queue        only some setups (see setups.mjs)
//   npm run bench:n8n -- --loads uplinks       only the trigger (or `webhook`: only n8n's limit)
//   npm run bench:n8n -- --step-seconds 60 --start-rate 20 --devices 500
//   npm run bench:n8n -- --burst --setups single,single-batched --line n8n-1
//                                              the overload scenario instead of the ladders
//                                              (burst.mjs): n8n's ceiling, then uplinks at twice
//                                              it for 2 minutes and at half of it for 2 more
//
// Not part of CI: it takes the machine for a while and its figures depend on it. Logs, each
// setup's n8n logs and results.json: .e2e/bench-n8n/. Uses the n8n install of the e2e tests
// (.cache/e2e, or E2E_CACHE_DIR) and Redis and PostgreSQL as the queue line does.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { lineById, lineLabel } from '../../e2e/lib/hosts.mjs';
import { ensureHost } from '../../e2e/lib/install.mjs';
import { buildAndPack } from '../../e2e/lib/pack.mjs';
import { runDir, scratchDir } from '../../e2e/lib/paths.mjs';
import { startSimulatorProcess } from '../../e2e/lib/simulator.mjs';
import { credentialFor } from '../../e2e/lib/workflows.mjs';
import { openDatabase } from '../../e2e/queue/database.mjs';
import { createDeployment } from '../../e2e/queue/deployment.mjs';
import { ensureServicePackages, startPostgres, startRedis } from '../../e2e/queue/services.mjs';
import { ensureDependencies } from '../../scripts/ensure-dependencies.mjs';
import { climb } from './climb.mjs';
import { uplinkLoad, webhookLoad } from './load.mjs';
import { burstSummary, summary } from './report.mjs';
import { measureCeiling, runBurst } from './burst.mjs';
import { setups as knownSetups, workflowFiles } from './setups.mjs';

const { values } = parseArgs({
	options: {
		quick: { type: 'boolean', default: false },
		setups: { type: 'string', default: 'single,queue' },
		loads: { type: 'string', default: 'uplinks,webhook' },
		'step-seconds': { type: 'string' },
		'start-rate': { type: 'string' },
		devices: { type: 'string', default: '1000' },
		burst: { type: 'boolean', default: false },
		'burst-seconds': { type: 'string', default: '120' },
		'calm-seconds': { type: 'string', default: '120' },
		line: { type: 'string', default: 'n8n-2' },
	},
});
// n8n's ceiling per topology, measured by the first overload of that topology.
const ceilings = new Map();
const burstSettings = {
	burstSeconds: Number(values['burst-seconds']),
	calmSeconds: Number(values['calm-seconds']),
};
const stepSeconds = Number(values['step-seconds'] ?? (values.quick ? 20 : 120));
const settings = {
	stepSeconds,
	drainSeconds: Math.max(15, stepSeconds / 4),
	// how long a backlog left by a missed step may take to clear before the ladder stops
	settleSeconds: values.quick ? 120 : 300,
	confirmMisses: values.quick ? 0 : 1,
	ladder: {
		startRate: Number(values['start-rate'] ?? 10),
		factor: values.quick ? 2 : 1.5,
		maxSteps: values.quick ? 5 : 12,
		refineSteps: values.quick ? 1 : 2,
	},
	devices: Number(values.devices),
};
const selectedSetups = values.setups.split(',').map((name) => {
	const setup = knownSetups.find((candidate) => candidate.name === name);
	if (!setup) {
		const known = knownSetups.map((candidate) => candidate.name).join(', ');
		throw new Error(`unknown setup ${name} (known: ${known})`);
	}
	return setup;
});
const selectedLoads = values.loads.split(',');
const LOADS = {
	uplinks: 'uplinks → The Things Stack Trigger → No Operation',
	webhook: "POST → Webhook → No Operation (n8n's own limit)",
};
for (const name of selectedLoads) {
	if (!LOADS[name])
		throw new Error(`unknown load ${name} (known: ${Object.keys(LOADS).join(', ')})`);
}
const line = lineById(values.line);
const dir = join(runDir, 'bench-n8n');
const APPLICATION = 'bench-app';
const log = (text) => console.log(text);

// What is running, stopped in reverse order on the way out, Ctrl-C included: `track(stop)` adds
// one and returns its stop, which runs once however often it is called.
const running = [];
function track(stop) {
	let stopped;
	const once = () => (stopped ??= stop().catch(() => undefined));
	running.push(once);
	return once;
}
let stopping;
const stopAll = () =>
	(stopping ??= (async () => {
		while (running.length > 0) await running.pop()();
	})());
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
	process.once(signal, () => {
		interrupted = true;
		log(`\n${signal}: stopping n8n, the simulator, Redis and PostgreSQL`);
		void stopAll().then(() => process.exit(130));
	});
}

ensureDependencies();
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
log(`n8n throughput benchmark: ${lineLabel(line)}, ${cpus().length} CPU cores`);
log(
	values.burst
		? `overload: twice n8n's ceiling for ${burstSettings.burstSeconds} s, half of it for ` +
				`${burstSettings.calmSeconds} s; ${settings.devices} devices; logs in ${dir}`
		: `steps of ${stepSeconds} s (then up to ${settings.drainSeconds} s to finish), from ` +
				`${settings.ladder.startRate}/s ×${settings.ladder.factor}; ${settings.devices} devices; logs in ${dir}`,
);
await ensureHost(line.host, { report: (text) => log(`  [install] ${text}`) });
await ensureServicePackages({ log: join(dir, 'services.log') });
const packed = await buildAndPack(join(dir, 'pack'), { log: join(dir, 'pack.log') });

const results = [];
try {
	const redis = await startRedis({ log: join(dir, 'services.log') });
	track(() => redis.stop());
	const postgres = await startPostgres({ log: join(dir, 'services.log') });
	track(() => postgres.stop());
	const simulator = await startSimulatorProcess({ log: join(dir, 'simulator.log') });
	track(() => simulator.stop());
	const { deviceIds } = await simulator.createDevices(
		APPLICATION,
		'bench-sensor',
		settings.devices,
	);
	// Uplinks missed while the trigger's stream was closed, beyond the events store's 100 per
	// application, are read back from here (as on The Things Stack Cloud or TTN).
	await simulator.enableStorageIntegration(APPLICATION);
	for (const setup of selectedSetups) {
		const measure = values.burst ? measureBurst : measureSetup;
		results.push(await measure({ setup, redis, postgres, simulator, deviceIds }));
	}
} catch (error) {
	// after Ctrl-C, what fails because it was stopped is no news
	if (!interrupted) throw error;
} finally {
	await stopAll();
}
if (interrupted) await new Promise(() => undefined); // the signal handler exits
log(values.burst ? burstSummary(results) : summary(results, settings));
writeFileSync(join(dir, 'results.json'), JSON.stringify({ settings, results }, null, '\t'));

/** The ladder of each selected load, each against a fresh n8n of the setup. */
async function measureSetup({ setup, redis, postgres, simulator, deviceIds }) {
	log(`\n▶ ${setup.label}`);
	const result = {
		setup: setup.name,
		label: setup.label,
		compareTo: setup.compareTo,
		loads: {},
		memoryAtStart: {},
		memory: {},
	};
	for (const name of selectedLoads) {
		log(`  ${LOADS[name]}`);
		const measured = await measureLoad({ setup, name, redis, postgres, simulator, deviceIds });
		result.loads[name] = measured.climbed;
		if (name === 'uplinks')
			Object.assign(result, { memoryAtStart: measured.memoryAtStart, memory: measured.memory });
	}
	return result;
}

/**
 * A fresh database and n8n of the setup with the load's workflow alone (so that a backlog or a
 * failure of one ladder does not weigh on the next), and the ladder against it.
 */
async function measureLoad({ setup, name, redis, postgres, simulator, deviceIds }) {
	return await withDeployment(
		{ setup, name, redis, postgres, simulator, deviceIds },
		async ({ deployment, db, workflow, load }) => {
			const memoryAtStart = residentMemory(deployment);
			const climbed = await climb({ load, workflowId: workflow.id, db, simulator, settings, log });
			return { climbed, memoryAtStart, memory: residentMemory(deployment) };
		},
	);
}

/**
 * The overload scenario (burst.mjs) of a setup: n8n's ceiling with the Webhook workflow, then
 * uplinks at twice and at half of it with the trigger's, each against a fresh n8n of the setup.
 */
async function measureBurst({ setup, redis, postgres, simulator, deviceIds }) {
	log(`\n▶ ${setup.label}: overload`);
	const context = { setup, redis, postgres, simulator, deviceIds };
	// Measured once per topology: the batched setups of a topology share the ceiling of the first.
	let ceiling = ceilings.get(setup.topology);
	if (ceiling === undefined) {
		ceiling = await withDeployment(
			{ ...context, name: 'webhook', answerWhenDone: true },
			async ({ db, workflow, load }) =>
				await measureCeiling({ load, workflowId: workflow.id, db, log }),
		);
		ceilings.set(setup.topology, ceiling);
	}
	const burst = await withDeployment(
		{ ...context, name: 'uplinks' },
		async ({ deployment, db, workflow, load }) =>
			await runBurst({
				load,
				simulator,
				workflowId: workflow.id,
				db,
				ceiling,
				settings: burstSettings,
				memory: () =>
					Object.values(residentMemory(deployment)).reduce((sum, bytes) => sum + (bytes ?? 0), 0),
				log,
			}),
	);
	return { setup: setup.name, label: setup.label, line: line.id, ...burst };
}

/** Runs `use` against a fresh database and n8n of the setup with the load's workflow alone. */
async function withDeployment(
	{ setup, name, redis, postgres, simulator, deviceIds, answerWhenDone = false },
	use,
) {
	const label = `${setup.name}-${name}`;
	const database = `n8n_${label.replace(/\W/g, '_')}`;
	await postgres.createDatabase(database);
	const deployment = await createDeployment({
		line,
		topology: setup.topology,
		workers: setup.workers,
		webhookProcesses: setup.webhookProcesses,
		workerConcurrency: setup.workerConcurrency,
		folder: join(scratchDir, 'bench-n8n', label),
		logDir: join(dir, label),
		postgres: { ...postgres, database },
		redis,
		env: {
			QUEUE_BULL_PREFIX: `bench-${label}`,
			// keep every execution of the run: each step reads its executions back
			EXECUTIONS_DATA_PRUNE_MAX_COUNT: '0',
			...setup.env,
		},
	});
	const stopDeployment = track(() => deployment.stop(undefined, { graceMs: 30_000 }));
	const db = openDatabase(line, { ...postgres, database });
	try {
		const [workflow] = workflowFiles(setup, join(dir, label)).filter(
			(candidate) => candidate.load === name,
		);
		if (answerWhenDone) answerWhenExecutionEnds(workflow.file);
		await deployment.installPackage(packed, { log: join(dir, 'install.log') });
		await deployment.main.importCredentials([credentialFor(simulator.info)]);
		await deployment.main.importWorkflows([workflow.file]);
		await deployment.main.activate(workflow.id);
		await deployment.start();
		const load =
			name === 'uplinks'
				? uplinkLoad({ simulator, applicationId: APPLICATION, deviceIds })
				: webhookLoad({ url: `${deployment.webhookUrl}/webhook/bench-noop` });
		await load.ready();
		log(`    up: ${deployment.processes.map((instance) => instance.name).join(', ')}`);
		return await use({ deployment, db, workflow, load });
	} finally {
		await stopDeployment();
		await db.close();
	}
}

/** Makes the Webhook node of a workflow file answer once its execution ended. */
function answerWhenExecutionEnds(file) {
	const workflow = JSON.parse(readFileSync(file, 'utf8'));
	for (const node of workflow.nodes) {
		if (node.type === 'n8n-nodes-base.webhook') node.parameters.responseMode = 'lastNode';
	}
	writeFileSync(file, JSON.stringify(workflow, null, '\t'));
}

function residentMemory(deployment) {
	return Object.fromEntries(
		deployment.processes.map((instance) => [
			instance.name,
			deployment.residentMemory(instance.name),
		]),
	);
}
