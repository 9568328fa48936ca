// CHANGELOG.md in the Keep a Changelog format: an Unreleased section on top, and an entry for
// package.json's version, dated on the day it is tagged.
import type { Requirement } from './requirement';
import { requirement } from './requirement';

export interface ChangelogEntry {
	/** `Unreleased` or a version. */
	title: string;
	/** The date after the title (`## [1.2.0] - 2026-12-01`), as written. */
	date?: string;
}

const ENTRY = /^##\s+\[?([^\]\s]+)\]?(?:\s+-\s+(.+?))?\s*$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function changelogEntries(markdown: string): ChangelogEntry[] {
	return markdown.split(/\r?\n/).flatMap((line) => {
		const match = ENTRY.exec(line);
		return match ? [{ title: match[1], date: match[2] }] : [];
	});
}

export function checkChangelog(
	markdown: string | undefined,
	version: string | undefined,
): Requirement {
	const name = `CHANGELOG.md has an Unreleased section and a dated entry for ${version}`;
	if (markdown === undefined) return requirement(name, { problems: ['there is no CHANGELOG.md'] });
	const entries = changelogEntries(markdown);
	const problems: string[] = [];
	if (entries[0]?.title.toLowerCase() !== 'unreleased') {
		problems.push(
			'the first entry is not ## [Unreleased] (where changes wait for the next release)',
		);
	}
	const entry = entries.find((candidate) => candidate.title === version);
	if (!entry) {
		problems.push(`no entry for ${version}: add ## [${version}] - YYYY-MM-DD with what it changes`);
		return requirement(name, { problems });
	}
	if (entry.date && ISO_DATE.test(entry.date) && !isCalendarDate(entry.date)) {
		problems.push(`${version} is dated ${entry.date}, which is not a day of the calendar`);
	}
	const placeholders = isCalendarDate(entry.date ?? '')
		? []
		: [
				`the ${version} entry has no release date yet: write the day you tag it (## [${version}] - YYYY-MM-DD)`,
			];
	return requirement(name, { problems, placeholders, detail: entry.date });
}

function isCalendarDate(text: string): boolean {
	const match = ISO_DATE.exec(text);
	if (!match) return false;
	const date = new Date(`${text}T00:00:00Z`);
	return (
		date.getUTCFullYear() === Number(match[1]) &&
		date.getUTCMonth() + 1 === Number(match[2]) &&
		date.getUTCDate() === Number(match[3])
	);
}
