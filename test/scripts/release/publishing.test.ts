import type { Requirement } from '../../../scripts/release/requirement';
import {
	checkNpmForTrustedPublishing,
	checkPublishWorkflow,
	compareVersions,
} from '../../../scripts/release/publishing';
import { publishYml, publishYmlWith } from './publishWorkflow';

/** The names of the requirements that fail, each with its first problem. */
function failing(requirements: Requirement[]): Array<[string, string]> {
	return requirements
		.filter(({ problems }) => problems.length > 0)
		.map(({ name, problems }) => [name, problems[0]]);
}

describe('checkPublishWorkflow', () => {
	it("holds for this repository's publish.yml", () => {
		const requirements = checkPublishWorkflow(publishYml);
		expect(requirements).toHaveLength(6);
		expect(failing(requirements)).toEqual([]);
	});

	it('fails when the publishing job may not request an OIDC token', () => {
		expect(failing(checkPublishWorkflow(publishYmlWith(/\n\s*id-token: write/, '')))).toEqual([
			[expect.stringContaining('id-token: write'), 'job publish has id-token: none'],
		]);
	});

	it('fails when npm publish runs without --provenance', () => {
		expect(failing(checkPublishWorkflow(publishYmlWith(/ --provenance/g, '')))).toEqual([
			[
				expect.stringContaining('provenance'),
				expect.stringMatching(/^job publish runs `npm publish .*` without --provenance$/),
			],
		]);
	});

	it("fails when nothing compares the tag with package.json's version first", () => {
		const withoutTag = publishYmlWith(/ --tag "\$GITHUB_REF_NAME"/, '');
		expect(failing(checkPublishWorkflow(withoutTag))).toEqual([
			[
				expect.stringContaining('checks the tag'),
				'job publish publishes without running npm run release:check -- --tag first',
			],
		]);
	});

	it('fails when the tag check comes after npm publish', () => {
		const workflow = `
on: { push: { tags: ['v*'] } }
jobs:
  ci: { uses: ./.github/workflows/ci.yml }
  publish:
    needs: ci
    runs-on: ubuntu-latest
    permissions: { id-token: write }
    steps:
      - run: npm publish --provenance
      - run: npm run release:check -- --tag "$GITHUB_REF_NAME"
`;
		expect(failing(checkPublishWorkflow(workflow)).map(([name]) => name)).toEqual([
			expect.stringContaining('checks the tag'),
		]);
	});

	it('fails on a misspelt tag trigger, which the workflow schema lets through', () => {
		expect(failing(checkPublishWorkflow(publishYmlWith('tags: [', 'tag: [')))).toEqual([
			[
				expect.stringContaining('version tag'),
				expect.stringContaining('does not run on pushed tags'),
			],
		]);
	});

	it('fails on tag patterns that are not version tags', () => {
		const anyTag = publishYmlWith(/tags: \[.*\]/, "tags: ['*']");
		expect(failing(checkPublishWorkflow(anyTag))).toEqual([
			[
				expect.stringContaining('version tag'),
				'tag patterns * do not start with v, as version tags do',
			],
		]);
	});

	it('fails when publishing does not wait for CI', () => {
		expect(failing(checkPublishWorkflow(publishYmlWith(/\n\s*needs: ci/, '')))).toEqual([
			[
				expect.stringContaining('after CI'),
				expect.stringContaining('does not need a job that calls'),
			],
		]);
	});

	it('fails when an npm token comes back', () => {
		const withToken = publishYmlWith(
			'- name: Publish with provenance\n',
			'- name: Publish with provenance\n        env:\n          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}\n',
		);
		expect(failing(checkPublishWorkflow(withToken))).toEqual([
			[
				'publish.yml uses no npm token (trusted publishing)',
				expect.stringMatching(
					/^publish\.yml\.jobs\.publish\.steps\[\d\]\.env\.NODE_AUTH_TOKEN names/,
				),
			],
		]);
	});

	it('fails every requirement without a workflow, or with one that is not YAML', () => {
		for (const source of [undefined, 'jobs: [', '']) {
			const requirements = checkPublishWorkflow(source);
			expect(failing(requirements)).toHaveLength(6);
		}
		expect(checkPublishWorkflow(undefined)[0].problems).toEqual([
			'.github/workflows/publish.yml does not exist',
		]);
	});

	it('fails when no job publishes', () => {
		const notPublishing = publishYml.replace(/npm publish/g, 'npm pack');
		expect(failing(checkPublishWorkflow(notPublishing)).map(([, problem]) => problem)).toEqual([
			'no job runs npm publish',
			'no job runs npm publish',
			'no job runs npm publish',
			'no job runs npm publish',
		]);
	});
});

describe('checkNpmForTrustedPublishing', () => {
	it.each(['11.5.1', '11.6.2', '12.0.0'])('accepts npm %s', (version) => {
		expect(checkNpmForTrustedPublishing(version).problems).toEqual([]);
	});

	it.each(['10.9.2', '11.5.0'])('refuses npm %s', (version) => {
		expect(checkNpmForTrustedPublishing(version).problems).toEqual([
			expect.stringContaining(`npm ${version} cannot sign in with trusted publishing`),
		]);
	});
});

describe('compareVersions', () => {
	it.each([
		['11.5.1', '11.5.1', 0],
		['11.10.0', '11.5.1', 1],
		['v10.9.2', '11.5.1', -1],
		['11.6.0-pre', '11.6.0', 0],
	])('%s against %s is %i', (a, b, expected) => {
		expect(compareVersions(a, b)).toBe(expected);
	});
});
