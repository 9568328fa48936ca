#!/usr/bin/env node
// `npm run release:scan [-- version]`: n8n's verification scanner on a published version of this
// package (default: package.json's) as n8n runs it: the npm provenance statement, the GitHub
// source at the commit it names, and the lint analysis of both. Needs the network. publish.yml
// runs it after publishing; run it again before submitting the package to n8n.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { hostModules } from '../e2e/lib/hosts.mjs';
import { ensureHost } from '../e2e/lib/install.mjs';
import { repoRoot } from '../e2e/lib/paths.mjs';

// A version appears in the registry's metadata some seconds to minutes after `npm publish`.
const ATTEMPTS = 10;
const PAUSE_MS = 30_000;

const { positionals } = parseArgs({ allowPositionals: true });
const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
const version = positionals[0] ?? manifest.version;

await ensureHost('tools', { report: (line) => console.log(`[install] ${line}`) });
const scanner = await import(
	join(hostModules('tools'), '@n8n', 'scan-community-package', 'scanner', 'scanner.mjs')
);

for (let attempt = 1; ; attempt++) {
	const result = await scanner
		.analyzePackageByName(manifest.name, version)
		.catch((error) => ({ passed: false, message: error.message, notFound: isNotFound(error) }));
	if (result.passed) {
		console.log(`✔ n8n's scanner passes ${manifest.name}@${version}`);
		process.exit(0);
	}
	const unpublished = result.notFound || /^No package metadata found/.test(result.message ?? '');
	if (!unpublished || attempt === ATTEMPTS) {
		console.error(`✘ n8n's scanner rejects ${manifest.name}@${version}: ${result.message}`);
		if (result.details) console.error(result.details);
		process.exit(1);
	}
	console.log(
		`  ${manifest.name}@${version} is not in the registry yet; again in ${PAUSE_MS / 1000} s`,
	);
	await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
}

function isNotFound(error) {
	return error?.response?.status === 404;
}
