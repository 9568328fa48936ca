// GitHub's workflow schema (SchemaStore's github-workflow.json, built into @action-validator/core,
// which also checks that `needs` names existing jobs): a broken workflow fails here, not on
// release day.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import type { ValidationError } from '@action-validator/core';
import { validateWorkflow } from '@action-validator/core';

/** The repository's workflow files, relative to it: .github/workflows/*.yml and *.yaml. */
export function workflowFiles(root: string): string[] {
	const folder = join(root, '.github', 'workflows');
	if (!existsSync(folder)) return [];
	return readdirSync(folder)
		.filter((file) => /\.ya?ml$/.test(file))
		.sort()
		.map((file) => `.github/workflows/${file}`);
}

/** What the schema finds wrong in a workflow file's text, one line each; empty when it is valid. */
export function workflowSchemaProblems(source: string): string[] {
	return validateWorkflow(source).errors.flatMap(describe);
}

function describe(error: ValidationError): string[] {
	// A oneOf (a job is either a runner job or a reusable workflow call, …) reports every
	// alternative; the one that came closest names the actual mistake.
	const alternatives = ('states' in error ? (error.states ?? []) : [])
		.map((state) => state.errors.flatMap(describe))
		.filter((lines) => lines.length > 0);
	if (alternatives.length > 0) {
		const fewest = Math.min(...alternatives.map((lines) => lines.length));
		const closest = alternatives.filter((lines) => lines.length === fewest);
		return closest.length === 1
			? closest[0]
			: [closest.map((lines) => lines.join('; ')).join(', or ')];
	}
	const where =
		'path' in error && error.path
			? error.path
			: 'location' in error && error.location
				? `line ${error.location.line}, column ${error.location.column}`
				: '(document)';
	return [`${where}: ${error.title}${error.detail ? ` (${error.detail})` : ''}`];
}
