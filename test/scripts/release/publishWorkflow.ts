// This repository's .github/workflows/publish.yml, as is or with one edit, for the tests that
// check what breaks it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const publishYml = readFileSync(
	join(__dirname, '..', '..', '..', '.github', 'workflows', 'publish.yml'),
	'utf8',
);

/** publish.yml with `search` replaced; fails the test if there was nothing to replace. */
export function publishYmlWith(search: string | RegExp, replacement: string): string {
	const changed = publishYml.replace(search, replacement);
	expect(changed).not.toBe(publishYml);
	return changed;
}
