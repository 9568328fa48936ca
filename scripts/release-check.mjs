#!/usr/bin/env node
// `npm run release:check`: every requirement of n8n's verification for community nodes that can be
// checked here, whether it holds, and what only the maintainer can do.
//
//   npm run release:check                     CI and before a release
//   npm run release:check -- --tag v1.2.0 [--repository owner/name]
//                                             release mode, run by .github/workflows/publish.yml
//
// It builds and packs the package (into .e2e/release/, the tarball publish.yml publishes), runs
// the end-to-end readiness checks on it (e2e/verify.mjs: tarball contents, no runtime
// dependencies, no eslint-disable, n8n's scanner analysis), then checks the metadata, the
// workflows, the documentation and the compiled node types. Placeholders (package.json repository
// and author, an undated CHANGELOG entry) are maintainer tasks: they fail release mode only. The
// exit code is 1 only when a requirement fails.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';

import { fail } from '../e2e/lib/assert.mjs';
import { buildAndPack } from '../e2e/lib/pack.mjs';
import { repoRoot, runDir } from '../e2e/lib/paths.mjs';
import { createReport } from '../e2e/lib/report.mjs';
import { verifyReadiness } from '../e2e/verify.mjs';
import { checkChangelog } from './release/changelog.ts';
import { maintainerSteps } from './release/maintainerSteps.ts';
import {
	checkAuthor,
	checkListing,
	checkPublishingRepository,
	checkReleaseTag,
	checkRepositoryLinks,
	checkVersion,
	codexDocumentationLinks,
} from './release/metadata.ts';
import { checkThemedIcons, checkUsableAsTool, isTriggerNode } from './release/packageTypes.ts';
import { checkNpmForTrustedPublishing, checkPublishWorkflow } from './release/publishing.ts';
import { checkReadme } from './release/readme.ts';
import { requirement } from './release/requirement.ts';
import { workflowFiles, workflowSchemaProblems } from './release/workflowSchema.ts';

const { values } = parseArgs({
	options: { tag: { type: 'string' }, repository: { type: 'string' } },
});
const releasing = values.tag !== undefined;
const started = Date.now();
const report = createReport();
const maintainerTasks = [];

const manifest = readJson('package.json');
console.log(
	`n8n verification requirements for ${manifest.name}@${manifest.version}${releasing ? `, releasing ${values.tag}` : ''}`,
);

console.log('\n▶ build and pack');
const packLog = join(runDir, 'release.log');
let packed;
try {
	packed = await buildAndPack(join(runDir, 'release'), { log: packLog });
} catch (error) {
	console.error(
		`✘ npm run build && npm pack failed (log: ${relative(repoRoot, packLog)})\n${error.message}`,
	);
	process.exit(1);
}
console.log(`  ${relative(repoRoot, packed.tarball)}`);
console.log('\n▶ the packed package');
await verifyReadiness(report, packed);

await reportGroup('Package metadata (package.json)', [
	checkListing(manifest),
	checkVersion(manifest, readJson('package-lock.json')),
	checkRepositoryLinks(manifest, codexFilesLinks()),
	checkAuthor(manifest),
	...(releasing ? [checkReleaseTag(manifest.version, values.tag)] : []),
	...(values.repository ? [checkPublishingRepository(manifest, values.repository)] : []),
]);

await reportGroup('Publishing (.github/workflows)', [
	...workflowFiles(repoRoot).map((file) =>
		requirement(`${file} is valid against GitHub's workflow schema`, {
			problems: workflowSchemaProblems(readText(file)),
		}),
	),
	...checkPublishWorkflow(readOptional('.github/workflows/publish.yml')),
	...(releasing ? [checkNpmForTrustedPublishing(npmVersion())] : []),
]);

await reportGroup('Documentation', [
	checkReadme(readOptional('README.md')),
	checkChangelog(readOptional('CHANGELOG.md'), manifest.version),
]);

const types = packageTypes();
await reportGroup('Nodes and credential (compiled, as packed)', [
	checkThemedIcons(types, packed.files),
	checkUsableAsTool(types),
]);

const steps = maintainerSteps(manifest);
console.log('\n▶ Only the maintainer can do these (nothing here can check them)');
steps.forEach((step, index) => console.log(`  ${index + 1}. ${step}`));

const checks = report.groups.flatMap((group) => group.checks);
const failed = checks.filter((check) => check.status === 'fail');
const held = checks.filter((check) => check.status === 'pass');
const tasks = releasing ? '' : `${maintainerTasks.length} maintainer tasks in the files, `;
console.log(
	`\n${held.length} requirements hold, ${failed.length} fail; ${tasks}${steps.length} steps only the maintainer can take`,
);
for (const check of failed) console.log(`  ✘ ${check.name}`);
console.log(
	`${failed.length > 0 ? 'RELEASE CHECK FAILED' : 'RELEASE CHECK PASSED'} in ${Math.round((Date.now() - started) / 1000)} s`,
);
process.exit(failed.length > 0 ? 1 : 0);

/**
 * Reports each requirement as a check. Placeholders are maintainer tasks (printed, counted) unless
 * releasing, where they fail like problems do.
 */
async function reportGroup(title, requirements) {
	console.log(`\n▶ ${title}`);
	const group = report.group(title);
	for (const { name, problems, placeholders, detail } of requirements) {
		const failing = releasing ? [...problems, ...placeholders] : problems;
		if (failing.length === 0 && placeholders.length > 0) {
			group.note(
				`maintainer task: ${name}\n${placeholders.map((task) => `      ${task}`).join('\n')}`,
			);
			maintainerTasks.push(name);
			continue;
		}
		await group.check(name, () => {
			if (failing.length > 0) fail(failing.join('\n'));
			return detail;
		});
	}
}

/** The node and credential types that package.json#n8n registers, loaded from dist/ like n8n. */
function packageTypes() {
	const require = createRequire(import.meta.url);
	const instancesOf = (file) =>
		Object.values(require(join(repoRoot, file)))
			.filter((exported) => typeof exported === 'function')
			.map((Type) => new Type());
	const nodes = (manifest.n8n?.nodes ?? []).flatMap((file) =>
		instancesOf(file).flatMap((node) =>
			// a VersionedNodeType holds one node type per version
			(node.nodeVersions ? Object.values(node.nodeVersions) : [node]).map((version) => ({
				file,
				kind: 'node',
				displayName: version.description.displayName,
				icon: version.description.icon,
				usableAsTool: version.description.usableAsTool,
				trigger: isTriggerNode(version),
			})),
		),
	);
	const credentials = (manifest.n8n?.credentials ?? []).flatMap((file) =>
		instancesOf(file).map((credential) => ({
			file,
			kind: 'credential',
			displayName: credential.displayName,
			icon: credential.icon,
		})),
	);
	return [...nodes, ...credentials];
}

/** The documentation links of the codex files (nodes/**\/*.node.json). */
function codexFilesLinks() {
	return readdirSync(join(repoRoot, 'nodes'), { recursive: true })
		.filter((file) => file.endsWith('.node.json'))
		.flatMap((file) => {
			const source = join('nodes', file);
			return codexDocumentationLinks(source, readJson(source));
		});
}

function npmVersion() {
	return execFileSync('npm', ['--version'], { encoding: 'utf8' }).trim();
}

function readText(file) {
	return readFileSync(join(repoRoot, file), 'utf8');
}

function readOptional(file) {
	return existsSync(join(repoRoot, file)) ? readText(file) : undefined;
}

function readJson(file) {
	return JSON.parse(readText(file));
}
