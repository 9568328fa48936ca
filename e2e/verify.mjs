#!/usr/bin/env node
// Verification readiness: the checks n8n's verification applies that we can run offline, on the
// packed tarball. Part of `npm run test:e2e`; alone: `node e2e/verify.mjs` (builds and packs).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import { equal, fail, ok } from './lib/assert.mjs';
import { hostModules } from './lib/hosts.mjs';
import { ensureHost } from './lib/install.mjs';
import { buildAndPack, unpack } from './lib/pack.mjs';
import { repoRoot, runDir, scratchDir } from './lib/paths.mjs';
import { createReport } from './lib/report.mjs';

const ALLOWED_IN_TARBALL = /^(dist\/.+|package\.json|readme(\.md)?|licen[cs]e(\.md|\.txt)?)$/i;

/**
 * Runs the readiness checks into `report` (a group is added). `packed` is the result of
 * buildAndPack. Resolves when done; failures are recorded, not thrown.
 */
export async function verifyReadiness(report, packed) {
	const group = report.group('Verification readiness (packed tarball)');
	const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));

	await group.check('tarball holds only dist/, README, licence and package.json', () => {
		const extra = packed.files.filter((file) => !ALLOWED_IN_TARBALL.test(file));
		if (extra.length > 0) fail(`unexpected files in the tarball:\n${extra.join('\n')}`);
		return `${packed.files.length} files`;
	});
	await group.check('tarball holds the README', () => {
		ok(
			packed.files.some((file) => /^readme(\.md)?$/i.test(file)),
			'README.md is not in the tarball (is there a README.md?)',
		);
	});
	await group.check('tarball holds the licence', () => {
		ok(
			packed.files.some((file) => /^licen[cs]e/i.test(file)),
			'no LICENSE file in the tarball (is there a LICENSE.md?)',
		);
	});
	await group.check('tarball holds every node and credential package.json#n8n names', () => {
		const listed = [...(manifest.n8n?.nodes ?? []), ...(manifest.n8n?.credentials ?? [])];
		ok(listed.length > 0, 'package.json#n8n lists no nodes or credentials');
		const missing = listed.filter((file) => !packed.files.includes(file));
		if (missing.length > 0)
			fail(`listed in package.json#n8n but not packed: ${missing.join(', ')}`);
	});
	await group.check('no runtime dependencies; peer dependency n8n-workflow only', () => {
		equal(Object.keys(manifest.dependencies ?? {}), [], 'package.json dependencies');
		equal(manifest.peerDependencies, { 'n8n-workflow': '*' }, 'package.json peerDependencies');
		for (const field of ['optionalDependencies', 'bundleDependencies', 'bundledDependencies']) {
			ok(!manifest[field], `package.json has ${field}`);
		}
	});
	await group.check('no eslint-disable comments in nodes/ or credentials/', () => {
		const hits = [];
		for (const folder of ['nodes', 'credentials']) {
			for (const file of walk(join(repoRoot, folder))) {
				readFileSync(file, 'utf8')
					.split('\n')
					.forEach((line, index) => {
						if (/eslint-disable|eslint-enable|\/\*\s*eslint\s/.test(line)) {
							hits.push(`${relative(repoRoot, file)}:${index + 1}: ${line.trim()}`);
						}
					});
			}
		}
		if (hits.length > 0) fail(hits.join('\n'));
	});

	await ensureHost('tools');
	const scannerPath = join(
		hostModules('tools'),
		'@n8n',
		'scan-community-package',
		'scanner',
		'scanner.mjs',
	);
	const scanner = await import(scannerPath);
	const scannerVersion = JSON.parse(
		readFileSync(
			join(hostModules('tools'), '@n8n', 'scan-community-package', 'package.json'),
			'utf8',
		),
	).version;
	group.note(
		`n8n's scanner (@n8n/scan-community-package ${scannerVersion}) runs here without its first two steps, ` +
			'which need the published package: the npm provenance attestation and the download of the GitHub ' +
			'source at the attested commit. Its analysis (ESLint, inline eslint comments ignored) runs on ' +
			'the working tree instead of that commit and on the unpacked tarball.',
	);
	await group.check(
		'scanner analysis of the sources (package.json, nodes/, credentials/)',
		async () => {
			const result = await scanner.analyzePackage(repoRoot, scanner.SOURCE_FILE_PATTERNS);
			if (!result.passed) fail(`${result.message}\n${result.details ?? ''}`);
		},
	);
	await group.check(
		'scanner analysis of the packed tarball (compiled .js and package.json)',
		async () => {
			const dir = await unpack(packed.tarball, join(scratchDir, 'unpacked'));
			const result = await scanner.analyzePackage(dir, ['**/*.js', 'package.json']);
			if (!result.passed) fail(`${result.message}\n${result.details ?? ''}`);
		},
	);
}

function* walk(dir) {
	for (const entry of readdirSync(dir)) {
		const path = join(dir, entry);
		if (statSync(path).isDirectory()) yield* walk(path);
		else yield path;
	}
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const report = createReport();
	const packed = await buildAndPack(join(runDir, 'pack'));
	await verifyReadiness(report, packed);
	console.log(report.summary());
	process.exitCode = report.failed ? 1 : 0;
}
