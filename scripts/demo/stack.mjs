// The demo stack: the package built and installed as a community package into a real n8n 2.x,
// the TTS simulator sending uplinks, the credential and the example workflows imported, the
// trigger workflows active, and an owner account so the editor opens on the sign-in page.
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

import { lineById, lineLabel } from '../../e2e/lib/hosts.mjs';
import { ensureHost } from '../../e2e/lib/install.mjs';
import { createN8n, prepareUserFolder } from '../../e2e/lib/n8n.mjs';
import { buildAndPack, installIntoUserFolder } from '../../e2e/lib/pack.mjs';
import { examplesDir, repoRoot, scratchDir } from '../../e2e/lib/paths.mjs';
import { startSimulatorProcess } from '../../e2e/lib/simulator.mjs';
import { credentialFor } from '../../e2e/lib/workflows.mjs';

export const demoDir = join(repoRoot, '.demo');

export const OWNER = {
	email: 'demo@example.com',
	firstName: 'Demo',
	lastName: 'User',
	password: 'Demo-n8n-2025',
};

/** The example workflows; `trigger` = started by the package's trigger (activated in the demo). */
export function loadExamples() {
	if (!existsSync(examplesDir)) return [];
	return readdirSync(examplesDir)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => {
			const workflow = JSON.parse(readFileSync(join(examplesDir, file), 'utf8'));
			return {
				file: join(examplesDir, file),
				workflow,
				trigger: workflow.nodes.some((node) => node.type.endsWith('.theThingsStackTrigger')),
			};
		});
}

/**
 * Prepares everything up to a ready-to-start n8n. `step(text)` reports progress. Resolves with
 * { n8n, simulator, examples }; the caller starts n8n (`startEditor`) and stops both.
 */
export async function prepareDemo({
	step,
	uplinkInterval = 10,
	n8nPort = 5678,
	simulatorPort = 1885,
}) {
	mkdirSync(demoDir, { recursive: true });
	const line = lineById('n8n-2');
	step(`Installing ${lineLabel(line)} into .cache/e2e (first time only: about 10 minutes)`);
	const installing = ensureHost(line.host, { report: (text) => step(`  ${text}`) });
	step('Building and packing the package');
	const packed = await buildAndPack(join(demoDir, 'pack'), { log: join(demoDir, 'build.log') });
	await installing;

	const userFolder = prepareUserFolder(join(scratchDir, 'demo'));
	await installIntoUserFolder(packed.tarball, userFolder, packed.name, {
		log: join(demoDir, 'n8n.log'),
	});

	step('Starting The Things Stack simulator');
	const simulator = await startSimulatorProcess({
		port: await portOr(simulatorPort),
		uplinkInterval,
		log: join(demoDir, 'simulator.log'),
	});
	try {
		const n8n = createN8n({
			line,
			userFolder,
			port: await portOr(n8nPort),
			log: join(demoDir, 'n8n.log'),
		});
		const examples = loadExamples();
		step('Importing the credential and the example workflows into n8n');
		await n8n.importCredentials([credentialFor(simulator.info)]);
		if (examples.length > 0) await n8n.importWorkflows(examples.map((example) => example.file));
		for (const example of examples.filter((candidate) => candidate.trigger)) {
			await n8n.activate(example.workflow.id);
		}
		return { n8n, simulator, examples, packed };
	} catch (error) {
		await simulator.stop();
		throw error;
	}
}

/** Starts n8n and creates the owner account; resolves with the running process handle. */
export async function startEditor(n8n) {
	const handle = await n8n.start();
	await n8n.setupOwner(OWNER);
	return handle;
}

/** `preferred` if nothing listens there, else any free port. */
async function portOr(preferred) {
	const tryPort = (port) =>
		new Promise((resolve) => {
			const server = createServer();
			server.once('error', () => resolve(undefined));
			server.listen(port, '127.0.0.1', () => {
				const { port: bound } = server.address();
				server.close(() => resolve(bound));
			});
		});
	return (await tryPort(preferred)) ?? (await tryPort(0));
}
