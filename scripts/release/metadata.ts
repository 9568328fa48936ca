// package.json as npm publishes it and n8n's verification reads it: the listing fields, the one
// GitHub repository that repository, homepage, bugs and the codex documentation links name, the
// author, and the version a release tag has to name.
import type { Requirement } from './requirement';
import { requirement } from './requirement';

export interface PackageManifest {
	name?: string;
	version?: string;
	license?: string;
	keywords?: string[];
	homepage?: string;
	bugs?: string | { url?: string };
	repository?: string | { type?: string; url?: string };
	author?: string | { name?: string; email?: string };
}

export interface PackageLock {
	version?: string;
	packages?: Record<string, { version?: string }>;
}

export interface GitHubRepository {
	owner: string;
	name: string;
}

/** A link to documentation written outside package.json (the codex files' `resources`). */
export interface DocumentationLink {
	/** The file it is written in, e.g. `nodes/TheThingsStack/TheThingsStack.node.json`. */
	source: string;
	url: string;
}

const GITHUB_URL =
	/^(?:git\+)?https:\/\/github\.com\/([^/#?\s]+)\/([^/#?\s]+?)(?:\.git)?(?:[/#?]\S*)?$/i;
// GitHub account names: letters, digits and single inner hyphens, at most 39 characters.
const GITHUB_ACCOUNT = /^[a-z\d](?:-?[a-z\d])*$/i;
// Domains reserved for examples and tests (RFC 2606, RFC 6761): nobody receives mail there.
const RESERVED_DOMAIN = /(^|\.)(example\.(com|net|org)|example|invalid|localhost|test)$/i;
const SEMVER =
	/^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[\da-z-]+(\.[\da-z-]+)*)?(\+[\da-z-]+(\.[\da-z-]+)*)?$/i;

/**
 * The GitHub repository a URL points into: `git+https://github.com/o/r.git`, `…/o/r#readme`,
 * `…/o/r/issues`.
 */
export function gitHubRepositoryOf(url: string): GitHubRepository | undefined {
	const match = GITHUB_URL.exec(url.trim());
	return match ? { owner: match[1], name: match[2] } : undefined;
}

/** The links of a codex file's `resources` (primaryDocumentation, credentialDocumentation, …). */
export function codexDocumentationLinks(
	source: string,
	codex: { resources?: Record<string, unknown> },
): DocumentationLink[] {
	return Object.values(codex.resources ?? {})
		.flatMap((entries) => (Array.isArray(entries) ? entries : []))
		.map((entry) => (entry as { url?: unknown })?.url)
		.filter((url): url is string => typeof url === 'string')
		.map((url) => ({ source, url }));
}

export function isGitHubAccount(owner: string): boolean {
	return owner.length <= 39 && GITHUB_ACCOUNT.test(owner);
}

function sameRepository(a: GitHubRepository, b: GitHubRepository): boolean {
	return (
		a.owner.toLowerCase() === b.owner.toLowerCase() && a.name.toLowerCase() === b.name.toLowerCase()
	);
}

export function repositoryUrlOf(manifest: PackageManifest): string | undefined {
	return typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url;
}

export function checkListing(manifest: PackageManifest): Requirement {
	const problems: string[] = [];
	if (!/^(@[a-z\d][\w.-]*\/)?n8n-nodes-[a-z\d][\w.-]*$/.test(manifest.name ?? '')) {
		problems.push(
			`name ${show(manifest.name)} does not start with n8n-nodes- (or @scope/n8n-nodes-)`,
		);
	}
	if (!manifest.keywords?.includes('n8n-community-node-package')) {
		problems.push('keywords lack n8n-community-node-package');
	}
	if (manifest.license !== 'MIT') {
		problems.push(`license is ${show(manifest.license)}; n8n verifies MIT-licensed packages only`);
	}
	return requirement(
		'listed as an n8n community package: n8n-nodes-… name, n8n-community-node-package keyword, MIT licence',
		{ problems },
	);
}

/**
 * repository must be a GitHub repository; homepage, bugs and every documentation link on GitHub
 * must point into it. An owner that cannot be a GitHub account marks the repository as a
 * placeholder: then the links that point elsewhere are part of the same maintainer task.
 */
export function checkRepositoryLinks(
	manifest: PackageManifest,
	documentationLinks: DocumentationLink[],
): Requirement {
	const name =
		'repository, homepage, bugs and the codex documentation links name one GitHub repository';
	const repositoryUrl = repositoryUrlOf(manifest);
	const repository = repositoryUrl ? gitHubRepositoryOf(repositoryUrl) : undefined;
	if (!repository) {
		return requirement(name, {
			problems: [
				`package.json repository ${show(repositoryUrl)} is not a GitHub repository URL (git+https://github.com/OWNER/NAME.git): n8n verifies packages built in a public GitHub repository`,
			],
		});
	}
	const slug = `github.com/${repository.owner}/${repository.name}`;
	const bugsUrl = typeof manifest.bugs === 'string' ? manifest.bugs : manifest.bugs?.url;
	const problems: string[] = [];
	if (!manifest.homepage) problems.push('package.json has no homepage');
	if (!bugsUrl) problems.push('package.json has no bugs URL');

	const links: DocumentationLink[] = [
		{ source: 'package.json homepage', url: manifest.homepage ?? '' },
		{ source: 'package.json bugs', url: bugsUrl ?? '' },
		...documentationLinks,
	];
	const elsewhere = links
		.filter((link) => {
			const target = gitHubRepositoryOf(link.url);
			return target !== undefined && !sameRepository(target, repository);
		})
		.map((link) => `${link.source}: ${link.url} is not in ${slug}`);

	if (!isGitHubAccount(repository.owner)) {
		return requirement(name, {
			problems,
			placeholders: [
				`${slug} is a placeholder ("${repository.owner}" cannot be a GitHub account): set the public GitHub repository in package.json repository, homepage and bugs`,
				...elsewhere.map((text) => `then point this link there too: ${text}`),
			],
		});
	}
	return requirement(name, { problems: [...problems, ...elsewhere], detail: slug });
}

export function checkAuthor(manifest: PackageManifest): Requirement {
	const { name, email } = authorOf(manifest.author);
	const problems: string[] = [];
	if (!name) problems.push('package.json author has no name');
	if (!email) problems.push('package.json author has no email');
	const domain = email?.split('@')[1] ?? '';
	const placeholders = RESERVED_DOMAIN.test(domain)
		? [
				`author "${name} <${email}>" is a placeholder: the maintainer's name and email, as on the npm account that publishes (n8n compares the author with the npm maintainer and the repository owner)`,
			]
		: [];
	return requirement('author names the maintainer (name and email)', {
		problems,
		placeholders,
		detail: `${name} <${email}>`,
	});
}

function authorOf(author: PackageManifest['author']): { name?: string; email?: string } {
	if (typeof author !== 'string')
		return { name: author?.name?.trim(), email: author?.email?.trim() };
	// npm's one-line form: Name <email> (url)
	const match = /^([^<(]*?)\s*(?:<([^>]*)>)?\s*(?:\(([^)]*)\))?$/.exec(author.trim());
	return { name: match?.[1] || undefined, email: match?.[2]?.trim() || undefined };
}

export function checkVersion(
	manifest: PackageManifest,
	lock: PackageLock | undefined,
): Requirement {
	const version = manifest.version;
	const problems: string[] = [];
	if (!version || !SEMVER.test(version)) {
		problems.push(`package.json version ${show(version)} is not a semantic version`);
	}
	const locked = [lock?.version, lock?.packages?.['']?.version];
	if (locked.some((entry) => entry !== version)) {
		problems.push(
			`package-lock.json names version ${show(locked.find((entry) => entry !== version))}: bump with \`npm version\`, which updates both`,
		);
	}
	return requirement(`version ${version} is a semantic version, the same in package-lock.json`, {
		problems,
	});
}

/** Release mode: the pushed tag has to be `v` + package.json's version. */
export function checkReleaseTag(version: string | undefined, tag: string): Requirement {
	const expected = `v${version}`;
	return requirement(`the release tag names package.json's version (${expected})`, {
		problems:
			tag === expected
				? []
				: [
						`tag ${show(tag)} does not name package.json's version ${show(version)}: tag ${expected}, or bump the version to what the tag says`,
					],
	});
}

/** Release mode: npm's provenance names the repository that publishes; package.json must agree. */
export function checkPublishingRepository(
	manifest: PackageManifest,
	publishingRepository: string,
): Requirement {
	const [owner = '', name = ''] = publishingRepository.split('/');
	const repositoryUrl = repositoryUrlOf(manifest);
	const declared = repositoryUrl ? gitHubRepositoryOf(repositoryUrl) : undefined;
	return requirement(
		`package.json repository is the repository that publishes (${publishingRepository})`,
		{
			problems:
				declared && sameRepository(declared, { owner, name })
					? []
					: [
							`package.json repository is ${show(repositoryUrl)}: npm rejects a provenance statement from github.com/${publishingRepository} for it`,
						],
		},
	);
}

function show(value: unknown): string {
	return value === undefined ? 'missing' : JSON.stringify(value);
}
