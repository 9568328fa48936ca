// `npm run lint:workflows [-- file…]`: the workflow files (by default every one in
// .github/workflows) against GitHub's workflow schema. Exits 1 when any breaks it.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import { workflowFiles, workflowSchemaProblems } from './release/workflowSchema';

const root = join(__dirname, '..');
const files =
	process.argv.length > 2
		? process.argv.slice(2)
		: workflowFiles(root).map((file) => join(root, file));

if (files.length === 0) {
	console.error('✘ no workflow files in .github/workflows');
	process.exitCode = 1;
}
for (const file of files) {
	const problems = workflowSchemaProblems(readFileSync(file, 'utf8'));
	const shown = relative(process.cwd(), file);
	const name = shown.startsWith('..') ? file : shown;
	if (problems.length === 0) {
		console.log(`✔ ${name}`);
		continue;
	}
	process.exitCode = 1;
	console.error(`✘ ${name} breaks GitHub's workflow schema:`);
	for (const problem of problems) console.error(`    ${problem}`);
}
