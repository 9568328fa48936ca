// The README is the package's documentation on npm and GitHub, and what n8n's reviewers read: it
// needs the sections users look for.
import type { Requirement } from './requirement';
import { requirement } from './requirement';

/** Each section, and the heading words that name it. */
export const README_SECTIONS: ReadonlyArray<{ section: string; heading: RegExp }> = [
	{ section: 'installation', heading: /\binstall/i },
	{ section: 'credentials', heading: /\bcredential/i },
	{ section: 'operations', heading: /\b(operations?|actions?)\b/i },
	{ section: 'usage examples', heading: /\b(examples?|usage)\b/i },
	{ section: 'compatibility', heading: /\bcompatib/i },
	{ section: 'troubleshooting', heading: /\btroubleshoot/i },
	{ section: 'licence', heading: /\blicen[cs]e\b/i },
];

/** The headings of a Markdown document (level 2 and below), outside fenced code blocks. */
export function markdownHeadings(markdown: string): string[] {
	const headings: string[] = [];
	let fence: string | undefined;
	for (const line of markdown.split(/\r?\n/)) {
		const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
		if (marker && (!fence || marker.startsWith(fence))) {
			fence = fence ? undefined : marker;
			continue;
		}
		const heading = fence ? undefined : /^#{2,6}\s+(.+?)\s*#*\s*$/.exec(line)?.[1];
		if (heading) headings.push(heading);
	}
	return headings;
}

export function checkReadme(markdown: string | undefined): Requirement {
	const name = `README has sections on ${README_SECTIONS.map(({ section }) => section).join(', ')}`;
	if (markdown === undefined) return requirement(name, { problems: ['there is no README.md'] });
	const headings = markdownHeadings(markdown);
	const missing = README_SECTIONS.filter(
		({ heading }) => !headings.some((text) => heading.test(text)),
	);
	return requirement(name, {
		problems: missing.map(({ section }) => `no section on ${section}`),
	});
}
