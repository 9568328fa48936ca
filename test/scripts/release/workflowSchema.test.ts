import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { workflowFiles, workflowSchemaProblems } from '../../../scripts/release/workflowSchema';
import { publishYmlWith } from './publishWorkflow';

const root = join(__dirname, '..', '..', '..');
describe('workflowSchemaProblems', () => {
	it("finds nothing wrong in this repository's workflows", () => {
		const files = workflowFiles(root);
		expect(files).toEqual(['.github/workflows/ci.yml', '.github/workflows/publish.yml']);
		for (const file of files) {
			expect([file, workflowSchemaProblems(readFileSync(join(root, file), 'utf8'))]).toEqual([
				file,
				[],
			]);
		}
	});

	it('rejects a permission value GitHub does not know', () => {
		expect(workflowSchemaProblems(publishYmlWith('id-token: write', 'id-token: writ'))).toEqual([
			'/jobs/publish/permissions/id-token: Enum conditions are not met',
		]);
	});

	it('rejects a job key GitHub does not know, naming the key', () => {
		expect(
			workflowSchemaProblems(publishYmlWith('timeout-minutes: 30', 'timeout_minutes: 30')),
		).toEqual([
			"/jobs/publish: Property conditions are not met (Additional property 'timeout_minutes' is not allowed)",
		]);
	});

	it('rejects needs on a job that does not exist', () => {
		expect(workflowSchemaProblems(publishYmlWith('needs: ci', 'needs: tests'))).toEqual([
			'/jobs/publish/needs: Unresolved job (unresolved job tests)',
		]);
	});

	it('rejects a step that neither runs a command nor uses an action', () => {
		const [problem] = workflowSchemaProblems(
			publishYmlWith('      - run: npm ci --no-audit --no-fund', '      - name: install'),
		);
		expect(problem).toMatch(/steps\/2\/uses: This property is required, or .*steps\/2\/run:/);
	});

	it('rejects YAML that does not parse, with the line', () => {
		expect(
			workflowSchemaProblems(publishYmlWith('      - run: npm ci', '     - run: npm ci')),
		).toEqual([expect.stringMatching(/^line \d+, column \d+: Parse Error/)]);
	});
});

describe('npm run lint:workflows', () => {
	const tsx = join(root, 'node_modules', '.bin', 'tsx');
	const script = join(root, 'scripts', 'validate-workflows.ts');
	let folder: string;

	beforeAll(() => {
		folder = mkdtempSync(join(tmpdir(), 'workflows-'));
	});

	afterAll(() => {
		rmSync(folder, { recursive: true, force: true });
	});

	it("passes this repository's workflows", () => {
		const result = spawnSync(tsx, [script], { cwd: root, encoding: 'utf8' });
		expect(result.stdout).toBe('✔ .github/workflows/ci.yml\n✔ .github/workflows/publish.yml\n');
		expect(result.status).toBe(0);
	});

	it('fails CI on a broken workflow and says what is broken', () => {
		const file = join(folder, 'publish.yml');
		writeFileSync(file, publishYmlWith('id-token: write', 'id-token: writ'));
		const result = spawnSync(tsx, [script, file], { cwd: root, encoding: 'utf8' });
		expect(result.status).toBe(1);
		expect(result.stderr).toContain(
			"breaks GitHub's workflow schema:\n    /jobs/publish/permissions/id-token: Enum conditions are not met",
		);
	});
});
