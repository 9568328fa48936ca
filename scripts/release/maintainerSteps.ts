// What n8n's verification needs that no check in this repository can see: accounts, settings and a
// form that only the package's maintainer has access to.
import type { PackageManifest } from './metadata';
import { gitHubRepositoryOf, repositoryUrlOf } from './metadata';

export function maintainerSteps(manifest: PackageManifest): string[] {
	const repositoryUrl = repositoryUrlOf(manifest);
	const repository = repositoryUrl ? gitHubRepositoryOf(repositoryUrl) : undefined;
	const slug = repository
		? `github.com/${repository.owner}/${repository.name}`
		: 'the GitHub repository';
	return [
		`${slug} is public and holds the tagged commit: n8n's scanner lints the source at the commit the provenance statement names`,
		`npm trusts this repository's publish.yml to publish ${manifest.name}: on npm's website, the package's Settings → Trusted Publisher → GitHub Actions, repository ${slug}, workflow publish.yml (a package that does not exist yet needs one first publish by hand: CONTRIBUTING.md, Releasing)`,
		'the npm account that owns the package is the maintainer package.json names as author, and the owner of the GitHub repository',
		"after the workflow published a version: `npm run release:scan` passes (n8n's scanner on the published version, provenance and attested source included), then submit the package on n8n's verification form (docs.n8n.io, Submit community nodes)",
	];
}
