// Installs a host folder of e2e/hosts/ into the cache: copies its package.json and lock file,
// `npm ci --ignore-scripts`, compiles the native modules it needs, and writes a stamp. A cache whose
// stamp matches the lock file, the recipe and the Node version is complete and is left alone.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { hostDir, hostRecipes, runtime } from './hosts.mjs';
import { cacheDir, hostsDir } from './paths.mjs';
import { runOrThrow } from './proc.mjs';

const STAMP = '.e2e-installed.json';
const RECIPE_VERSION = 1;

function stampFor(host) {
	const recipe = hostRecipes[host];
	const source = join(hostsDir, host);
	const hash = createHash('sha256');
	hash.update(readFileSync(join(source, 'package.json')));
	hash.update(readFileSync(join(source, 'package-lock.json')));
	hash.update(JSON.stringify({ recipe, RECIPE_VERSION }));
	// the runtime binary of node-24 comes from this very install, so only its lock counts
	if (recipe.runtime === 'system') hash.update(process.versions.node);
	return hash.digest('hex');
}

export function isInstalled(host) {
	const file = join(hostDir(host), STAMP);
	if (!existsSync(file)) return false;
	try {
		return JSON.parse(readFileSync(file, 'utf8')).stamp === stampFor(host);
	} catch {
		return false;
	}
}

const inFlight = new Map();

/**
 * Makes sure `host` is installed; resolves with `{ host, skipped, seconds }`.
 * `report(line)` receives progress lines.
 */
export function ensureHost(host, { report = () => {} } = {}) {
	if (!inFlight.has(host)) inFlight.set(host, install(host, report));
	return inFlight.get(host);
}

async function install(host, report) {
	const recipe = hostRecipes[host];
	if (!recipe) throw new Error(`No recipe for host "${host}"`);
	if (recipe.runtime !== 'system') await ensureHost(recipe.runtime, { report });
	if (isInstalled(host)) return { host, skipped: true, seconds: 0 };

	const started = Date.now();
	const dir = hostDir(host);
	const log = join(cacheDir, `${host}.install.log`);
	mkdirSync(dir, { recursive: true });
	rmSync(join(dir, STAMP), { force: true });
	rmSync(log, { force: true });
	for (const file of ['package.json', 'package-lock.json']) {
		copyFileSync(join(hostsDir, host, file), join(dir, file));
	}
	const { env: runtimeEnv } = runtime(recipe.runtime);
	const env = { ...process.env, ...runtimeEnv, npm_config_update_notifier: 'false' };

	report(`${host}: npm ci (log: ${log})`);
	await runOrThrow(
		'npm',
		['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=warn'],
		{ cwd: dir, env, log },
	);
	const installedAt = Date.now();
	if (recipe.rebuild.length > 0) {
		report(`${host}: compiling ${recipe.rebuild.join(', ')}`);
		// install scripts are off everywhere else; here they are what compiles the modules
		await runOrThrow('npm', ['rebuild', '--ignore-scripts=false', ...recipe.rebuild], {
			cwd: dir,
			env,
			log,
		});
	}
	const seconds = Math.round((Date.now() - started) / 1000);
	writeFileSync(
		join(dir, STAMP),
		JSON.stringify(
			{
				stamp: stampFor(host),
				installedAt: new Date().toISOString(),
				npmCiSeconds: Math.round((installedAt - started) / 1000),
				rebuildSeconds: Math.round((Date.now() - installedAt) / 1000),
			},
			null,
			'\t',
		),
	);
	return { host, skipped: false, seconds };
}
