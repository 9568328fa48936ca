#!/usr/bin/env node
// Installs the pinned real n8n releases (and Node 24, the scanner, playwright-core) into
// .cache/e2e, outside the package's dependencies. Already complete installs are skipped.
//
//   node e2e/install-n8n.mjs                 every host folder of e2e/hosts/
//   node e2e/install-n8n.mjs n8n-2 tools     only these
import { ensureHost } from './lib/install.mjs';
import { hostRecipes } from './lib/hosts.mjs';

const requested = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const hosts = requested.length > 0 ? requested : Object.keys(hostRecipes);
const started = Date.now();
try {
	const results = await Promise.all(
		hosts.map((host) => ensureHost(host, { report: (line) => console.log(`[install] ${line}`) })),
	);
	for (const { host, skipped, seconds } of results) {
		console.log(
			`[install] ${host}: ${skipped ? 'already installed' : `installed in ${seconds} s`}`,
		);
	}
	console.log(`[install] done in ${Math.round((Date.now() - started) / 1000)} s`);
} catch (error) {
	console.error(`[install] ${error.message}`);
	process.exitCode = 1;
}
