// One verification requirement as `npm run release:check` reports it.

export interface Requirement {
	/** What must hold, as the report names it. */
	name: string;
	/** Why it does not hold; empty when it holds. */
	problems: string[];
	/**
	 * Values a maintainer fills in once (package.json's repository and author, a release date). They
	 * are reported as maintainer tasks and fail only a release (`release:check --tag`).
	 */
	placeholders: string[];
	/** Shown next to a requirement that holds. */
	detail?: string;
}

export function requirement(
	name: string,
	{
		problems = [],
		placeholders = [],
		detail,
	}: { problems?: string[]; placeholders?: string[]; detail?: string } = {},
): Requirement {
	return { name, problems, placeholders, detail };
}
