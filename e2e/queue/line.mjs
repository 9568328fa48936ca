// The queue-mode line (`npm run test:e2e -- --line n8n-2-queue`): n8n 2.x as users scale it, with
// Redis and PostgreSQL (private instances), one main, two workers and one webhook process, each
// with the package installed from the tarball, against one simulator. The run plan:
//
//   1. installs: n8n (cache), Redis and PostgreSQL (apt-get when missing)
//   2. services started, the package in every process's user folder, the simulator started
//   3. credential and workflows imported and published, every process up
//   4. scenarios/uplinks.mjs   the stream trigger on the main, each uplink's execution on a worker
//   5. scenarios/webhook.mjs   the webhook trigger: registered by the main, deliveries served by the
//                              webhook process with the secret check, executions on the workers
//   6. scenarios/bulk.mjs      2,000 devices from a CSV in chunks spread over the workers, under
//                              one rate limit shared by every process's key
//   7. processes stopped (the main's end closes the event stream), no load error for the package in
//      any process's log, every request valid for the real TTS (the simulator's contract check)
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { eventually, fail, ok } from '../lib/assert.mjs';
import { lineLabel } from '../lib/hosts.mjs';
import { checkContract } from '../lib/line.mjs';
import { ensureHost } from '../lib/install.mjs';
import { loadErrors } from '../lib/n8n.mjs';
import { runDir, scratchDir } from '../lib/paths.mjs';
import { startSimulatorProcess } from '../lib/simulator.mjs';
import { credentialFor } from '../lib/workflows.mjs';
import { openDatabase } from './database.mjs';
import { createDeployment } from './deployment.mjs';
import * as bulk from './scenarios/bulk.mjs';
import * as uplinks from './scenarios/uplinks.mjs';
import * as webhook from './scenarios/webhook.mjs';
import { ensureServicePackages, startPostgres, startRedis } from './services.mjs';

const scenarios = [uplinks, webhook, bulk];
const WORKERS = 2;

export async function runQueueLine({ line, report, packed }) {
	const group = report.group(
		`${lineLabel(line)}, queue mode: main, ${WORKERS} workers, webhook process, Redis, PostgreSQL`,
	);
	const started = Date.now();
	try {
		await runQueueChecks({ line, group, packed });
	} finally {
		group.annotate(`— ${Math.round((Date.now() - started) / 1000)} s`);
	}
}

async function runQueueChecks({ line, group, packed }) {
	console.log(`\n▶ ${group.title}`);
	const dir = join(runDir, line.id);
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(dir, { recursive: true });
	group.note(`logs: ${dir} (main.log, worker-1.log, worker-2.log, webhook-1.log, services.log)`);
	const servicesLog = join(dir, 'services.log');

	const installed =
		(await group.check(`n8n ${line.version} installed (cache)`, async () => {
			const result = await ensureHost(line.host, { report: (text) => console.log(`    ${text}`) });
			return result.skipped ? 'cache complete' : `installed in ${result.seconds} s`;
		})) &&
		(await group.check('Redis and PostgreSQL installed (apt-get when missing)', async () => {
			const added = await ensureServicePackages({ log: servicesLog });
			return added.length === 0 ? 'already installed' : `installed ${added.join(', ')}`;
		}));
	if (!installed) return;

	const stack = {};
	try {
		const servicesUp = await group.check(
			'private Redis and PostgreSQL started on loopback, free ports, data in a temporary folder',
			async () => {
				[stack.redis, stack.postgres] = await Promise.all([
					startRedis({ log: servicesLog }),
					// fsync off: a test database, thrown away afterwards
					startPostgres({ log: servicesLog, durable: false }),
				]);
				// n8n 2.41 warns below PostgreSQL 17 (@n8n/db postgres-version-policy.js) but runs
				return `Redis :${stack.redis.port}, PostgreSQL ${stack.postgres.version} :${stack.postgres.port}`;
			},
		);
		if (!servicesUp) return;

		stack.deployment = await createDeployment({
			line,
			topology: 'queue',
			workers: WORKERS,
			webhookProcesses: 1,
			folder: join(scratchDir, 'e2e', line.id),
			logDir: dir,
			postgres: stack.postgres,
			redis: stack.redis,
		});
		const { deployment } = stack;
		const packageInstalled = await group.check(
			'package installs from the tarball into .n8n/nodes of every process (--legacy-peer-deps), alone',
			async () => {
				await deployment.installPackage(packed, { log: join(dir, 'install.log') });
				return deployment.processes.map((instance) => instance.name).join(', ');
			},
		);
		if (!packageInstalled) return;

		stack.simulator = await startSimulatorProcess({
			log: join(dir, 'simulator.log'),
			// bulk provisioning logs thousands of requests, every one of them for the contract check
			requestLogLimit: 200_000,
			// and has its DevEUIs issued from the application's block
			devEuiLimit: bulk.DEVICES + bulk.SEEDED_DEVEUIS,
		});
		const { simulator } = stack;
		stack.database = openDatabase(line, stack.postgres);

		const workflows = scenarios.flatMap((scenario) => scenario.workflows ?? []);
		const imported =
			(await group.check('credential imported (n8n import:credentials, PostgreSQL)', () =>
				deployment.main.importCredentials([credentialFor(simulator.info)]),
			)) &&
			(await group.check(`${workflows.length} workflows imported and published`, async () => {
				await deployment.main.importWorkflows(workflows.map((workflow) => workflow.file));
				for (const workflow of workflows) await deployment.main.activate(workflow.id);
				return workflows.map((workflow) => workflow.id).join(', ');
			}));
		if (!imported) return;

		const up = await group.check('main, workers and webhook process up', async () => {
			await deployment.start();
			return deployment.processes
				.map((instance) => `${instance.name} :${instance.port}`)
				.join(', ');
		});
		if (!up) return;

		const context = { group, deployment, simulator, database: stack.database, line, dir };
		for (const scenario of scenarios) await scenario.verify(context);

		await group.check(
			'the event stream closes when the main stops; the workers keep running',
			async () => {
				const stopped = await deployment.stop(['webhook-1', 'main']);
				for (const [name, status] of Object.entries(stopped)) {
					ok(!status.killed, `${name} had to be killed (no exit within 30 s of SIGTERM)`);
				}
				await eventually(async () => (await simulator.stats()).openStreams === 0, {
					timeoutMs: 15_000,
					what: 'no open event stream on the simulator after the main stopped',
				});
				const workers = deployment.processes.filter((instance) => instance.role === 'worker');
				for (const worker of workers) {
					ok(!worker.handle.exitStatus, `${worker.name} exited with the main`);
				}
				return 'main and webhook process stopped on SIGTERM, workers still up';
			},
		);
		await group.check('workers stop on SIGTERM within 30 s', async () => {
			const stopped = await deployment.stop();
			for (const [name, status] of Object.entries(stopped)) {
				ok(!status.killed, `${name} had to be killed`);
			}
		});

		await group.check('no process logged a load error for the package', () => {
			const problems = Object.entries(deployment.logs()).flatMap(([name, text]) =>
				loadErrors(text, packed.name).map((lineText) => `${name}: ${lineText}`),
			);
			if (problems.length > 0) fail(problems.slice(0, 20).join('\n'));
			return Object.keys(deployment.logs()).join(', ');
		});
		await checkContract(group, simulator);
	} finally {
		await stack.deployment?.stop(undefined, { graceMs: 5_000 });
		await stack.database?.close();
		await stack.simulator?.stop();
		await Promise.all([stack.redis?.stop(), stack.postgres?.stop()]);
	}
}
