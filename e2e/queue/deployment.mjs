// A real n8n deployment on this machine, for the queue line and the n8n benchmark:
//
//   single  one `n8n start` (regular execution mode), on PostgreSQL
//   queue   `n8n start` (the main: editor, triggers, enqueues), `n8n worker` × workers (run the
//           executions), `n8n webhook` × webhookProcesses (serve production webhooks, enqueue),
//           on one PostgreSQL and one Redis, with one encryption key
//
// Every process has its own user folder with the package installed from the tarball, as on
// separate machines: each one loads the package itself, which is what a real deployment needs.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { hostModules, runtime } from '../lib/hosts.mjs';
import { freePort } from '../lib/line.mjs';
import { createN8n, prepareUserFolder } from '../lib/n8n.mjs';
import { installIntoUserFolder } from '../lib/pack.mjs';
import { startProcess } from '../lib/proc.mjs';

const READY = {
	main: { pattern: /Editor is now accessible via/, what: 'the main to start' },
	worker: { pattern: /n8n worker is now ready/, what: 'the worker to start' },
	webhook: {
		pattern: /Webhook listener waiting for requests/,
		what: 'the webhook process to start',
	},
};

/**
 * `line`: an n8n line of hosts.mjs (2.x); `folder`: where the user folders go (emptied);
 * `logDir`: one log per process; `postgres`, `redis`: from services.mjs; `env`: added to every
 * process. Nothing runs until `start()`.
 */
export async function createDeployment({
	line,
	topology = 'queue',
	workers = 2,
	webhookProcesses = 1,
	workerConcurrency = 10,
	folder,
	logDir,
	postgres,
	redis,
	env = {},
}) {
	if (!['single', 'queue'].includes(topology)) throw new Error(`unknown topology ${topology}`);
	const queue = topology === 'queue';
	const roles = queue
		? [
				{ role: 'main', name: 'main' },
				...Array.from({ length: workers }, (_, index) => ({
					role: 'worker',
					name: `worker-${index + 1}`,
				})),
				...Array.from({ length: webhookProcesses }, (_, index) => ({
					role: 'webhook',
					name: `webhook-${index + 1}`,
				})),
			]
		: [{ role: 'main', name: 'main' }];

	const ports = new Map();
	for (const { name } of roles)
		ports.set(name, { port: await freePort(), broker: await freePort() });
	const webhookServer = roles.find((instance) => instance.role === 'webhook') ?? roles[0];
	const webhookBase = `http://127.0.0.1:${ports.get(webhookServer.name).port}`;

	const shared = {
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: postgres.host,
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: postgres.database,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: '',
		// every process decrypts the same credentials
		N8N_ENCRYPTION_KEY: randomBytes(24).toString('hex'),
		// production webhook URLs (what the editor shows, what TTS is given) point at the webhook processes
		N8N_WEBHOOK_URL: `${webhookBase}/`,
		...(queue
			? {
					EXECUTIONS_MODE: 'queue',
					QUEUE_BULL_REDIS_HOST: redis.host,
					QUEUE_BULL_REDIS_PORT: String(redis.port),
					// the webhook processes serve production webhooks, the main only the editor and triggers
					N8N_DISABLE_PRODUCTION_MAIN_PROCESS: webhookProcesses > 0 ? 'true' : 'false',
					OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
				}
			: { EXECUTIONS_MODE: 'regular' }),
		...env,
	};

	const processes = roles.map(({ role, name }) => {
		const { port, broker } = ports.get(name);
		const userFolder = prepareUserFolder(join(folder, name));
		const log = join(logDir, `${name}.log`);
		const n8n = createN8n({
			line,
			userFolder,
			port,
			log,
			// each main and worker runs a task-runner broker on its own port
			env: { ...shared, N8N_RUNNERS_BROKER_PORT: String(broker) },
		});
		return { role, name, port, brokerPort: broker, userFolder, log, n8n, handle: undefined };
	});
	const main = processes[0];
	const bin = join(hostModules(line.host), 'n8n', 'bin', 'n8n');
	const { node } = runtime(line.runtime);

	return {
		topology,
		processes,
		/** The n8n of the main process: CLI commands (import, publish, execute) run in its folder. */
		main: main.n8n,
		editorUrl: main.n8n.url,
		/** Base URL of production webhooks: `${webhookUrl}/webhook/<path>`. */
		webhookUrl: webhookBase,
		env: shared,

		/** Installs the tarball into every process's user folder; resolves with the installed folders. */
		async installPackage(packed, { log } = {}) {
			const installed = [];
			for (const instance of processes) {
				const result = await installIntoUserFolder(
					packed.tarball,
					instance.userFolder,
					packed.name,
					{
						log,
					},
				);
				if (
					result.modules.join() !== packed.name ||
					!existsSync(join(result.installed, 'package.json'))
				) {
					throw new Error(
						`${instance.name}: .n8n/nodes/node_modules holds ${result.modules.join(', ')}, not ${packed.name} alone`,
					);
				}
				installed.push(result.installed);
			}
			return installed;
		},

		/** Starts every process; resolves when each one says it is ready (the main: /healthz too). */
		async start({ timeoutMs = 180_000 } = {}) {
			await Promise.all(
				processes.map(async (instance) => {
					if (instance.role === 'main') {
						instance.handle = await instance.n8n.start({ timeoutMs });
						return;
					}
					const args =
						instance.role === 'worker'
							? ['worker', `--concurrency=${workerConcurrency}`]
							: ['webhook'];
					instance.handle = startProcess(node, [bin, ...args], {
						cwd: instance.userFolder,
						env: instance.n8n.env,
						log: instance.log,
					});
					const ready = READY[instance.role];
					await instance.handle.waitFor(
						ready.pattern,
						timeoutMs,
						`${instance.name}: ${ready.what}`,
					);
				}),
			);
		},

		/** Stops the named processes (all by default) with SIGTERM; resolves with { name: status }. */
		async stop(names = processes.map((instance) => instance.name), { graceMs = 30_000 } = {}) {
			const stopped = await Promise.all(
				processes
					.filter((instance) => names.includes(instance.name) && instance.handle)
					.map(async (instance) => [instance.name, await instance.handle.stop({ graceMs })]),
			);
			return Object.fromEntries(stopped);
		},

		/** Each process's log so far, by name. */
		logs() {
			return Object.fromEntries(
				processes.map((instance) => [
					instance.name,
					existsSync(instance.log) ? readFileSync(instance.log, 'utf8') : '',
				]),
			);
		},

		/** The process's resident memory in bytes (Linux /proc), or undefined when it is not running. */
		residentMemory(name) {
			const pid = processes.find((instance) => instance.name === name)?.handle?.pid;
			if (!pid) return undefined;
			try {
				const status = readFileSync(`/proc/${pid}/status`, 'utf8');
				const kilobytes = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1]);
				return Number.isFinite(kilobytes) ? kilobytes * 1024 : undefined;
			} catch {
				return undefined;
			}
		},
	};
}

/**
 * Which process did what with each execution, from the logs: `enqueuedBy` (the process whose
 * trigger or webhook created the job: "Enqueued execution N") and `startedBy` (the worker that ran
 * it: "Worker started execution N"), as Map<executionId, process name[]>.
 */
export function executionPlacement(logs) {
	const enqueuedBy = new Map();
	const startedBy = new Map();
	const note = (map, id, name) => map.set(id, [...(map.get(id) ?? []), name]);
	for (const [name, text] of Object.entries(logs)) {
		for (const match of text.matchAll(/Enqueued execution (\d+) \(job/g)) {
			note(enqueuedBy, Number(match[1]), name);
		}
		for (const match of text.matchAll(/Worker started execution (\d+) \(job/g)) {
			note(startedBy, Number(match[1]), name);
		}
	}
	return { enqueuedBy, startedBy };
}
