// The workflows the end-to-end tests run: every examples/*.json and e2e/workflows/*.json, each
// with its checks in e2e/checks/<file name without .json>.mjs.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

import { checksDir, e2eWorkflowsDir, examplesDir, repoRoot } from './paths.mjs';

/** The credential every workflow refers to; the tests import it pointing at the simulator. */
export const CREDENTIAL = {
	id: 'ttsSimulator0001',
	name: 'The Things Stack (local simulator)',
	type: 'theThingsStackApi',
};

export function credentialFor(simulatorInfo) {
	return {
		...CREDENTIAL,
		data: {
			apiKey: simulatorInfo.apiKey,
			serverAddress: simulatorInfo.url,
			tenantId: '',
			identityServerAddress: '',
			ignoreSslIssues: false,
		},
	};
}

/**
 * Resolves with [{ name, file, workflow, checks, problem }]. `checks` is the module of
 * e2e/checks/<name>.mjs: `mode` ('execute' or 'active'), `verify(t)`, optional `before(t)`,
 * `after(t)` and `pending` (see e2e/README.md).
 */
export async function discoverWorkflows() {
	const files = [examplesDir, e2eWorkflowsDir].flatMap((dir) =>
		existsSync(dir)
			? readdirSync(dir)
					.filter((file) => file.endsWith('.json'))
					.sort()
					.map((file) => join(dir, file))
			: [],
	);
	const found = [];
	for (const file of files) {
		const name = basename(file, '.json');
		const entry = { name, file, relativeFile: relative(repoRoot, file) };
		try {
			entry.workflow = JSON.parse(readFileSync(file, 'utf8'));
		} catch (error) {
			entry.problem = `${entry.relativeFile} is not valid JSON: ${error.message}`;
			found.push(entry);
			continue;
		}
		const checksFile = join(checksDir, `${name}.mjs`);
		if (!existsSync(checksFile)) {
			entry.problem = `no checks for ${entry.relativeFile}: add e2e/checks/${name}.mjs`;
		} else {
			entry.checks = await import(pathToFileURL(checksFile).href);
			if (!['execute', 'active', 'scenario'].includes(entry.checks.mode)) {
				entry.problem = `e2e/checks/${name}.mjs must export mode 'execute', 'active' or 'scenario'`;
			}
		}
		entry.problem ??= workflowProblem(entry.workflow, entry.relativeFile);
		found.push(entry);
	}
	return found;
}

function workflowProblem(workflow, file) {
	if (typeof workflow.id !== 'string' || !/^[A-Za-z0-9]{1,21}$/.test(workflow.id)) {
		return `${file}: needs a fixed "id" (letters and digits, at most 21) so the tests can run it`;
	}
	if (!Array.isArray(workflow.nodes) || typeof workflow.connections !== 'object') {
		return `${file}: not a workflow (nodes, connections)`;
	}
	return undefined;
}
