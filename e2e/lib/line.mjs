// One n8n line end to end: install (cached), a fresh user folder with the packed package as a
// community package, a fresh simulator, credential and workflows imported, the action workflows
// run with `n8n execute`, the trigger workflows activated under `n8n start`, and n8n's log
// checked for load errors of the package.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

import { equal, fail, match, ok } from './assert.mjs';
import { lineLabel } from './hosts.mjs';
import { ensureHost } from './install.mjs';
import { createN8n, loadErrors, prepareUserFolder } from './n8n.mjs';
import { E2E_OWNER } from './owner.mjs';
import { installIntoUserFolder } from './pack.mjs';
import { runDir, scratchDir } from './paths.mjs';
import { startSimulatorProcess } from './simulator.mjs';
import { CREDENTIAL, credentialFor } from './workflows.mjs';
import { runActiveWorkflows, runExecuteWorkflow, runScenarioWorkflow } from './workflow-checks.mjs';

export async function runLine({ line, report, packed, workflows }) {
	const group = report.group(lineLabel(line));
	const started = Date.now();
	try {
		await runLineChecks({ line, group, packed, workflows });
	} finally {
		group.annotate(`— ${Math.round((Date.now() - started) / 1000)} s`);
	}
}

async function runLineChecks({ line, group, packed, workflows }) {
	console.log(`\n▶ ${group.title}`);
	const dir = join(runDir, line.id);
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(dir, { recursive: true });
	const log = join(dir, 'n8n.log');
	group.note(`logs: ${log}`);
	group.note(`n8n user folder: ${join(scratchDir, 'e2e', line.id)}`);

	const installed = await group.check(`n8n ${line.version} installed (cache)`, async () => {
		const result = await ensureHost(line.host, { report: (text) => console.log(`    ${text}`) });
		return result.skipped ? 'cache complete' : `installed in ${result.seconds} s`;
	});
	if (!installed) return;

	const userFolder = prepareUserFolder(join(scratchDir, 'e2e', line.id));
	const packageInstalled = await group.check(
		'package installs from the tarball into .n8n/nodes (--legacy-peer-deps), alone',
		async () => {
			const { installed: packageDir, modules } = await installIntoUserFolder(
				packed.tarball,
				userFolder,
				packed.name,
				{ log },
			);
			equal(modules, [packed.name], 'packages in .n8n/nodes/node_modules');
			ok(existsSync(join(packageDir, 'package.json')), 'package.json missing');
		},
	);
	if (!packageInstalled) return;

	const simulator = await startSimulatorProcess({ log: join(dir, 'simulator.log') });
	const port = await freePort();
	const n8n = createN8n({ line, userFolder, port, log });
	try {
		const imported =
			(await group.check('credential imported (n8n import:credentials)', () =>
				n8n.importCredentials([credentialFor(simulator.info)]),
			)) &&
			(await group.check(`${workflows.length} workflows imported (n8n import:workflow)`, () =>
				n8n.importWorkflows(workflows.map((entry) => entry.file)),
			));
		if (!imported) return;

		for (const entry of workflows.filter((candidate) => candidate.checks.mode === 'execute')) {
			await runExecuteWorkflow({ entry, group, n8n, simulator, line });
		}

		const active = workflows.filter((candidate) => candidate.checks.mode === 'active');
		for (const entry of active) {
			await group.check(
				`${entry.name}: activated (${line.id === 'n8n-1' ? 'update:workflow --active=true' : 'publish:workflow'})`,
				() => n8n.activate(entry.workflow.id),
			);
		}

		const up = await group.check('n8n start: editor and REST API up', async () => {
			n8n.process = await n8n.start();
			return `http://127.0.0.1:${port}`;
		});
		if (up) {
			let session;
			await group.check('node types and credential registered under the package name', async () => {
				session = await n8n.setupOwner(E2E_OWNER);
				return await checkRegisteredTypes(session, packed.name);
			});
			if (session) {
				await group.check(
					'credential test (the nodes’ test method): passes, and says why a closed port fails',
					() => checkCredentialTest(session, simulator.info),
				);
			}
			await runActiveWorkflows({ entries: active, group, n8n, simulator, line });
			const stopped = await n8n.process.stop({ graceMs: 30_000 });
			await group.check('n8n stops on SIGTERM within 30 s', () => {
				ok(!stopped.killed, 'n8n had to be killed');
			});
			for (const entry of active) await entry.finish?.();
			n8n.process = undefined;
		}

		for (const entry of workflows.filter((candidate) => candidate.checks.mode === 'scenario')) {
			await runScenarioWorkflow({ entry, group, n8n, simulator, line });
		}

		await group.check('n8n logged no load error for the package', () => {
			const errors = loadErrors(readFileSync(log, 'utf8'), packed.name);
			if (errors.length > 0) fail(errors.slice(0, 20).join('\n'));
		});
		await checkContract(group, simulator);
	} finally {
		if (n8n.process) await n8n.process.stop({ graceMs: 5_000 });
		await simulator.stop();
	}
}

/** A check of `group`: every request the simulator logged passes its contract check. */
export function checkContract(group, simulator) {
	return group.check(
		"every request n8n sent is valid for the real TTS (simulator's contract check)",
		async () => {
			const violations = await simulator.contractViolations();
			if (violations.length > 0) {
				fail(
					violations
						.slice(0, 10)
						.map((issue) => `${issue.method} ${issue.path} ${issue.location}: ${issue.message}`)
						.join('\n'),
				);
			}
			return `${(await simulator.stats()).requests} requests`;
		},
	);
}

/**
 * The editor's node and credential type lists (what the node panel shows) hold both nodes and the
 * credential under the package's name, as n8n registers community packages.
 */
async function checkRegisteredTypes(session, packageName) {
	const nodes = await session.get('/types/nodes.json');
	const names = new Set(nodes.map((type) => type.name));
	const types = ['theThingsStack', 'theThingsStackTrigger', 'theThingsStackWebhookTrigger'].map(
		(type) => `${packageName}.${type}`,
	);
	for (const name of types) {
		ok(names.has(name), `node type ${name} is not registered`);
	}
	const credentials = await session.get('/types/credentials.json');
	ok(
		credentials.some((type) => type.name === 'theThingsStackApi'),
		'credential type theThingsStackApi is not registered',
	);
	return [...types, 'theThingsStackApi'].join(', ');
}

/**
 * The credential dialog's Test (POST /rest/credentials/test): n8n runs the `testedBy` method of
 * the nodes on both lines. The imported credential passes; pointed at a closed port, the message
 * says what happened instead of a bare ECONNREFUSED.
 */
async function checkCredentialTest(session, simulatorInfo) {
	const test = async (data) =>
		await session.post('/rest/credentials/test', {
			credentials: { ...CREDENTIAL, data: { ...credentialFor(simulatorInfo).data, ...data } },
		});
	const passing = await test({});
	equal(passing?.status, 'OK', `test of the imported credential (${passing?.message})`);
	const closedPort = await freePort();
	const refused = await test({ serverAddress: `http://127.0.0.1:${closedPort}` });
	equal(refused?.status, 'Error', 'test against a closed port');
	match(refused.message, /Nothing accepts connections at 127\.0\.0\.1:\d+/, 'its message');
	return `OK; closed port: "${refused.message.slice(0, 80)}…"`;
}

export function freePort() {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}
