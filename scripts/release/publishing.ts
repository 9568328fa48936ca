// How the package gets published: .github/workflows/publish.yml has to publish with an npm
// provenance statement through trusted publishing (OIDC, no token), only for a tag that names
// package.json's version, and only after CI passed on that commit; and the npm that publishes has
// to support trusted publishing.
import { parse } from 'yaml';

import type { Requirement } from './requirement';
import { requirement } from './requirement';

type Permissions = string | Record<string, string>;

interface WorkflowStep {
	name?: string;
	run?: string;
	uses?: string;
}

interface WorkflowJob {
	uses?: string;
	needs?: string | string[];
	permissions?: Permissions;
	steps?: WorkflowStep[];
}

interface Workflow {
	on?: unknown;
	permissions?: Permissions;
	jobs?: Record<string, WorkflowJob>;
}

/** The reusable CI workflow that the publishing job has to wait for. */
export const CI_WORKFLOW = './.github/workflows/ci.yml';
/** The first npm release that signs in with trusted publishing. */
export const TRUSTED_PUBLISHING_NPM = '11.5.1';

const NPM_PUBLISH = /\bnpm\s+publish\b/;
const RELEASE_CHECK_WITH_TAG = /\bnpm\s+run\s+release:check\b.*\s--tag\b/;
const NPM_TOKEN = /NODE_AUTH_TOKEN|NPM_TOKEN|_authToken/;

export function checkPublishWorkflow(source: string | undefined): Requirement[] {
	const names = {
		trigger: 'publish.yml runs when a version tag (v1.2.3) is pushed',
		oidc: 'publish.yml: the publishing job may request an OIDC token (permissions: id-token: write)',
		provenance: 'publish.yml publishes with an npm provenance statement (npm publish --provenance)',
		tagCheck:
			"publish.yml checks the tag against package.json's version before publishing (npm run release:check -- --tag)",
		afterCi: `publish.yml publishes only after CI passed on the tagged commit (needs the job that calls ${CI_WORKFLOW})`,
		noToken: 'publish.yml uses no npm token (trusted publishing)',
	};
	let workflow: Workflow | undefined;
	let unreadable: string | undefined;
	if (source === undefined) unreadable = '.github/workflows/publish.yml does not exist';
	else {
		try {
			workflow = parse(source) as Workflow;
		} catch (error) {
			unreadable = `.github/workflows/publish.yml is not valid YAML: ${(error as Error).message}`;
		}
	}
	if (!workflow || typeof workflow !== 'object') {
		const problems = [unreadable ?? '.github/workflows/publish.yml is empty'];
		return Object.values(names).map((name) => requirement(name, { problems }));
	}

	const jobs = Object.entries(workflow.jobs ?? {});
	const publishing = jobs.filter(([, job]) => (job.steps ?? []).some(isPublishStep));
	const noPublishingJob = publishing.length === 0 ? ['no job runs npm publish'] : [];
	const perPublishingJob = (check: (id: string, job: WorkflowJob) => string | undefined) =>
		noPublishingJob.length > 0
			? noPublishingJob
			: publishing.map(([id, job]) => check(id, job)).filter((problem) => problem !== undefined);

	return [
		requirement(names.trigger, { problems: triggerProblems(workflow.on) }),
		requirement(names.oidc, {
			problems: perPublishingJob((id, job) => {
				const permissions = job.permissions ?? workflow.permissions;
				const idToken = typeof permissions === 'string' ? permissions : permissions?.['id-token'];
				return idToken === 'write' || idToken === 'write-all'
					? undefined
					: `job ${id} has id-token: ${idToken ?? 'none'}`;
			}),
		}),
		requirement(names.provenance, {
			problems: perPublishingJob((id, job) => {
				const commands = (job.steps ?? []).flatMap((step) => commandsOf(step.run));
				const without = commands.filter(
					(command) => NPM_PUBLISH.test(command) && !/\s--provenance\b/.test(command),
				);
				return without.length > 0
					? `job ${id} runs \`${without[0]}\` without --provenance`
					: undefined;
			}),
		}),
		requirement(names.tagCheck, {
			problems: perPublishingJob((id, job) => {
				const steps = job.steps ?? [];
				const check = steps.findIndex((step) =>
					commandsOf(step.run).some((command) => RELEASE_CHECK_WITH_TAG.test(command)),
				);
				return check !== -1 && check < steps.findIndex(isPublishStep)
					? undefined
					: `job ${id} publishes without running npm run release:check -- --tag first`;
			}),
		}),
		requirement(names.afterCi, {
			problems: perPublishingJob((id, job) => {
				const needs = typeof job.needs === 'string' ? [job.needs] : (job.needs ?? []);
				return needs.some((need) => workflow.jobs?.[need]?.uses === CI_WORKFLOW)
					? undefined
					: `job ${id} does not need a job that calls ${CI_WORKFLOW}`;
			}),
		}),
		requirement(names.noToken, {
			problems: tokenMentions(workflow).map(
				(where) => `${where} names an npm token; trusted publishing signs in with OIDC instead`,
			),
		}),
	];
}

/** Release mode: the npm that runs `npm publish` has to sign in with trusted publishing. */
export function checkNpmForTrustedPublishing(npmVersion: string): Requirement {
	return requirement(
		`npm ${npmVersion} supports trusted publishing (${TRUSTED_PUBLISHING_NPM} or newer)`,
		{
			problems:
				compareVersions(npmVersion, TRUSTED_PUBLISHING_NPM) >= 0
					? []
					: [`npm ${npmVersion} cannot sign in with trusted publishing: use Node 24 or newer npm`],
		},
	);
}

function triggerProblems(on: unknown): string[] {
	const push = on !== null && typeof on === 'object' ? (on as Record<string, unknown>).push : on;
	const tags =
		push !== null && typeof push === 'object' ? (push as { tags?: unknown }).tags : undefined;
	if (!Array.isArray(tags) || tags.length === 0) {
		return ['it does not run on pushed tags (on: push: tags: [...])'];
	}
	const others = tags.filter((pattern) => typeof pattern !== 'string' || !pattern.startsWith('v'));
	return others.length > 0
		? [`tag patterns ${others.join(', ')} do not start with v, as version tags do`]
		: [];
}

function isPublishStep(step: WorkflowStep): boolean {
	return commandsOf(step.run).some((command) => NPM_PUBLISH.test(command));
}

/** The commands of a `run` script, one per line, with continued lines joined. */
function commandsOf(script: string | undefined): string[] {
	return (script ?? '')
		.replace(/\\\r?\n/g, ' ')
		.split(/\r?\n|&&|;/)
		.map((command) => command.trim())
		.filter(Boolean);
}

/** Where the parsed workflow (keys and values, not comments) names an npm token. */
function tokenMentions(value: unknown, path = 'publish.yml'): string[] {
	if (typeof value === 'string') return NPM_TOKEN.test(value) ? [path] : [];
	if (Array.isArray(value))
		return value.flatMap((entry, index) => tokenMentions(entry, `${path}[${index}]`));
	if (value !== null && typeof value === 'object') {
		return Object.entries(value).flatMap(([key, entry]) => [
			...(NPM_TOKEN.test(key) ? [`${path}.${key}`] : []),
			...tokenMentions(entry, `${path}.${key}`),
		]);
	}
	return [];
}

/** Compares release versions (1.2.3; a pre-release suffix is ignored). */
export function compareVersions(a: string, b: string): number {
	const parts = (version: string) =>
		version
			.replace(/^v/, '')
			.split('-')[0]
			.split('.')
			.map((part) => Number(part) || 0);
	const [left, right] = [parts(a), parts(b)];
	for (let index = 0; index < 3; index++) {
		const difference = (left[index] ?? 0) - (right[index] ?? 0);
		if (difference !== 0) return Math.sign(difference);
	}
	return 0;
}
