// Builds and packs the package exactly as it would be published, and installs the tarball into an
// n8n user folder the way n8n's community package installer does.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { repoRoot } from './paths.mjs';
import { runOrThrow } from './proc.mjs';

/** `npm run build` then `npm pack`; resolves with { tarball, name, version, files }. */
export async function buildAndPack(destination, { log } = {}) {
	await runOrThrow('npm', ['run', 'build'], { cwd: repoRoot, log });
	rmSync(destination, { recursive: true, force: true });
	mkdirSync(destination, { recursive: true });
	const { stdout } = await runOrThrow(
		'npm',
		['pack', '--json', '--ignore-scripts', '--pack-destination', destination],
		{ cwd: repoRoot, log },
	);
	const [packed] = JSON.parse(stdout.slice(stdout.indexOf('[')));
	return {
		tarball: join(destination, packed.filename),
		name: packed.name,
		version: packed.version,
		files: packed.files.map((file) => file.path),
	};
}

/** Unpacks the tarball into `destination` (for the scanner). */
export async function unpack(tarball, destination, { log } = {}) {
	rmSync(destination, { recursive: true, force: true });
	mkdirSync(destination, { recursive: true });
	await runOrThrow('tar', ['-xzf', tarball, '-C', destination, '--strip-components=1'], { log });
	return destination;
}

/**
 * Installs the tarball into `<userFolder>/.n8n/nodes` with `--legacy-peer-deps`, as n8n does for
 * community packages, so that the package resolves the host's n8n-workflow. Returns the folder
 * of the installed package.
 */
export async function installIntoUserFolder(tarball, userFolder, packageName, { log } = {}) {
	const nodesDir = join(userFolder, '.n8n', 'nodes');
	mkdirSync(nodesDir, { recursive: true });
	writeFileSync(
		join(nodesDir, 'package.json'),
		JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, '\t'),
	);
	await runOrThrow(
		'npm',
		[
			'install',
			tarball,
			'--legacy-peer-deps',
			'--ignore-scripts',
			'--no-audit',
			'--no-fund',
			'--no-package-lock',
			'--prefer-offline',
		],
		{ cwd: nodesDir, log },
	);
	const installed = join(nodesDir, 'node_modules', packageName);
	// nothing besides the package itself may land (no dependencies, no second n8n-workflow)
	const modules = readdirSync(join(nodesDir, 'node_modules')).filter(
		(name) => !name.startsWith('.'),
	);
	return { installed, modules };
}
