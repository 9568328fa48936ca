import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { PackageManifest } from '../../../scripts/release/metadata';
import {
	checkAuthor,
	checkListing,
	checkPublishingRepository,
	checkReleaseTag,
	checkRepositoryLinks,
	checkVersion,
	codexDocumentationLinks,
	gitHubRepositoryOf,
	isGitHubAccount,
} from '../../../scripts/release/metadata';

const root = join(__dirname, '..', '..', '..');
const readJson = (file: string) => JSON.parse(readFileSync(join(root, file), 'utf8'));

const filledIn: PackageManifest = {
	name: 'n8n-nodes-the-things-stack',
	version: '1.2.0',
	license: 'MIT',
	keywords: ['n8n-community-node-package', 'lorawan'],
	homepage: 'https://github.com/acme-iot/n8n-nodes-the-things-stack#readme',
	bugs: { url: 'https://github.com/acme-iot/n8n-nodes-the-things-stack/issues' },
	repository: {
		type: 'git',
		url: 'git+https://github.com/acme-iot/n8n-nodes-the-things-stack.git',
	},
	author: { name: 'Ada Maintainer', email: 'ada@acme-iot.io' },
};

const codexLinks = (url: string) =>
	codexDocumentationLinks('nodes/X/X.node.json', {
		resources: { primaryDocumentation: [{ url }], credentialDocumentation: [{ url }] },
	});

describe('gitHubRepositoryOf', () => {
	it.each([
		'git+https://github.com/acme-iot/n8n-nodes-x.git',
		'https://github.com/acme-iot/n8n-nodes-x',
		'https://github.com/acme-iot/n8n-nodes-x#readme',
		'https://github.com/acme-iot/n8n-nodes-x/issues',
		'https://github.com/acme-iot/n8n-nodes-x.git',
	])('reads owner and name from %s', (url) => {
		expect(gitHubRepositoryOf(url)).toEqual({ owner: 'acme-iot', name: 'n8n-nodes-x' });
	});

	it.each([
		'https://gitlab.com/acme/n8n-nodes-x',
		'acme-iot/n8n-nodes-x',
		'https://github.com/acme',
	])('finds no GitHub repository in %s', (url) => {
		expect(gitHubRepositoryOf(url)).toBeUndefined();
	});
});

describe('isGitHubAccount', () => {
	it.each(['acme-iot', 'A1', 'x'.repeat(39)])('accepts %s', (owner) => {
		expect(isGitHubAccount(owner)).toBe(true);
	});

	it.each(['YOUR_GITHUB_ACCOUNT', '-acme', 'acme-', 'ac--me', 'x'.repeat(40), ''])(
		'rejects %s',
		(owner) => {
			expect(isGitHubAccount(owner)).toBe(false);
		},
	);
});

describe('checkRepositoryLinks', () => {
	it('holds when repository, homepage, bugs and codex links name one repository', () => {
		const result = checkRepositoryLinks(
			filledIn,
			codexLinks('https://github.com/Acme-IoT/n8n-nodes-the-things-stack#trigger'),
		);
		expect(result).toMatchObject({ problems: [], placeholders: [] });
		expect(result.detail).toBe('github.com/acme-iot/n8n-nodes-the-things-stack');
	});

	it('fails on a codex link into another repository', () => {
		const { problems } = checkRepositoryLinks(
			filledIn,
			codexLinks('https://github.com/someone-else/n8n-nodes-the-things-stack#readme'),
		);
		expect(problems).toHaveLength(2);
		expect(problems[0]).toMatch(
			/^nodes\/X\/X\.node\.json: .*someone-else.* is not in github\.com\/acme-iot/,
		);
	});

	it('fails on a homepage in another repository and on missing bugs', () => {
		const { problems } = checkRepositoryLinks(
			{ ...filledIn, homepage: 'https://github.com/acme-iot/other#readme', bugs: undefined },
			[],
		);
		expect(problems).toEqual([
			'package.json has no bugs URL',
			expect.stringMatching(/^package\.json homepage: .*\/other#readme is not in/),
		]);
	});

	it('accepts a homepage outside GitHub', () => {
		const { problems } = checkRepositoryLinks({ ...filledIn, homepage: 'https://acme-iot.io' }, []);
		expect(problems).toEqual([]);
	});

	it('fails when the repository is not on GitHub', () => {
		const { problems } = checkRepositoryLinks(
			{ ...filledIn, repository: { type: 'git', url: 'https://gitlab.com/acme/x.git' } },
			[],
		);
		expect(problems).toEqual([expect.stringMatching(/is not a GitHub repository URL/)]);
	});

	it('makes a placeholder owner, and the links elsewhere, a maintainer task instead of a failure', () => {
		const placeholder = 'https://github.com/YOUR_GITHUB_ACCOUNT/n8n-nodes-the-things-stack';
		const result = checkRepositoryLinks(
			{
				...filledIn,
				homepage: `${placeholder}#readme`,
				bugs: { url: `${placeholder}/issues` },
				repository: { type: 'git', url: `git+${placeholder}.git` },
			},
			codexLinks('https://github.com/acme-iot/n8n-nodes-the-things-stack#readme'),
		);
		expect(result.problems).toEqual([]);
		expect(result.placeholders).toEqual([
			expect.stringMatching(/YOUR_GITHUB_ACCOUNT" cannot be a GitHub account/),
			expect.stringMatching(/^then point this link there too: nodes\/X\/X\.node\.json/),
			expect.stringMatching(/^then point this link there too: nodes\/X\/X\.node\.json/),
		]);
	});

	it('on this repository, fails nothing (placeholders are maintainer tasks)', () => {
		const codex = [
			'nodes/TheThingsStack/TheThingsStack.node.json',
			'nodes/TheThingsStackTrigger/TheThingsStackTrigger.node.json',
		].flatMap((file) => codexDocumentationLinks(file, readJson(file)));
		const result = checkRepositoryLinks(readJson('package.json'), codex);
		expect(result.problems).toEqual([]);
	});
});

describe('codexDocumentationLinks', () => {
	it('reads every resource link of a codex file', () => {
		const links = codexDocumentationLinks(
			'nodes/TheThingsStack/TheThingsStack.node.json',
			readJson('nodes/TheThingsStack/TheThingsStack.node.json'),
		);
		expect(links.length).toBeGreaterThanOrEqual(2);
		for (const link of links) expect(link.url).toMatch(/^https:\/\//);
	});
});

describe('checkAuthor', () => {
	it('holds for a name and an email', () => {
		expect(checkAuthor(filledIn)).toMatchObject({ problems: [], placeholders: [] });
	});

	it("reads npm's one-line form", () => {
		expect(
			checkAuthor({ author: 'Ada Maintainer <ada@acme-iot.io> (https://acme-iot.io)' }),
		).toMatchObject({ problems: [], placeholders: [], detail: 'Ada Maintainer <ada@acme-iot.io>' });
	});

	it('fails without an email', () => {
		expect(checkAuthor({ author: 'Ada Maintainer' }).problems).toEqual([
			'package.json author has no email',
		]);
	});

	it.each(['maintainer@example.com', 'me@tts.invalid', 'x@build.test'])(
		'makes %s a maintainer task',
		(email) => {
			const result = checkAuthor({ author: { name: 'Someone', email } });
			expect(result.problems).toEqual([]);
			expect(result.placeholders).toEqual([expect.stringContaining(email)]);
		},
	);
});

describe('checkListing', () => {
	it('holds for an n8n-nodes- name, the keyword and MIT', () => {
		expect(checkListing(filledIn).problems).toEqual([]);
		expect(checkListing(readJson('package.json')).problems).toEqual([]);
	});

	it('names each listing mistake', () => {
		expect(
			checkListing({ name: 'tts-nodes', keywords: ['n8n'], license: 'Apache-2.0' }).problems,
		).toEqual([
			expect.stringContaining('does not start with n8n-nodes-'),
			'keywords lack n8n-community-node-package',
			expect.stringContaining('"Apache-2.0"'),
		]);
	});
});

describe('checkVersion', () => {
	const lock = { version: '1.2.0', packages: { '': { version: '1.2.0' } } };

	it('holds for a semantic version that the lock file repeats', () => {
		expect(checkVersion(filledIn, lock).problems).toEqual([]);
		expect(checkVersion(readJson('package.json'), readJson('package-lock.json')).problems).toEqual(
			[],
		);
	});

	it('fails when package.json was bumped by hand', () => {
		expect(checkVersion({ ...filledIn, version: '1.3.0' }, lock).problems).toEqual([
			expect.stringContaining('package-lock.json names version "1.2.0"'),
		]);
	});

	it('fails on a version that is not semantic', () => {
		const notSemantic = { version: '1.2', packages: { '': { version: '1.2' } } };
		expect(checkVersion({ ...filledIn, version: '1.2' }, notSemantic).problems).toEqual([
			'package.json version "1.2" is not a semantic version',
		]);
	});
});

describe('checkReleaseTag', () => {
	it('holds when the tag is v and the version', () => {
		expect(checkReleaseTag('1.2.0', 'v1.2.0').problems).toEqual([]);
		expect(checkReleaseTag('1.3.0-rc.1', 'v1.3.0-rc.1').problems).toEqual([]);
	});

	it.each(['v1.2.1', '1.2.0', 'v1.2'])('refuses tag %s for version 1.2.0', (tag) => {
		expect(checkReleaseTag('1.2.0', tag).problems).toEqual([
			expect.stringContaining(`tag "${tag}" does not name package.json's version "1.2.0"`),
		]);
	});
});

describe('checkPublishingRepository', () => {
	it('holds when the publishing repository is package.json repository, in any case', () => {
		expect(
			checkPublishingRepository(filledIn, 'Acme-IoT/n8n-nodes-the-things-stack').problems,
		).toEqual([]);
	});

	it('fails for a fork or a placeholder', () => {
		expect(
			checkPublishingRepository(filledIn, 'someone/n8n-nodes-the-things-stack').problems,
		).toEqual([
			expect.stringContaining('npm rejects a provenance statement from github.com/someone/'),
		]);
		expect(
			checkPublishingRepository(readJson('package.json'), 'acme-iot/n8n-nodes-the-things-stack')
				.problems,
		).toHaveLength(1);
	});
});
