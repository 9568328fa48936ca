import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { changelogEntries, checkChangelog } from '../../../scripts/release/changelog';

const root = join(__dirname, '..', '..', '..');
const read = (file: string) => readFileSync(join(root, file), 'utf8');

const changelog = (entries: string) => `# Changelog\n\n${entries}`;

describe('changelogEntries', () => {
	it('reads titles and dates, linked or not', () => {
		expect(
			changelogEntries(
				changelog(
					'## [Unreleased]\n\n### Added\n\n- x\n\n## [1.2.0] - 2026-12-01\n\n## 1.1.0 - 2026-11-02\n',
				),
			),
		).toEqual([
			{ title: 'Unreleased', date: undefined },
			{ title: '1.2.0', date: '2026-12-01' },
			{ title: '1.1.0', date: '2026-11-02' },
		]);
	});
});

describe('checkChangelog', () => {
	it("holds for this repository's CHANGELOG and package.json version", () => {
		const { version } = JSON.parse(read('package.json'));
		expect(checkChangelog(read('CHANGELOG.md'), version).problems).toEqual([]);
	});

	it('holds for a dated entry below Unreleased', () => {
		expect(
			checkChangelog(changelog('## [Unreleased]\n\n## [1.2.0] - 2026-12-01\n'), '1.2.0'),
		).toMatchObject({ problems: [], placeholders: [], detail: '2026-12-01' });
	});

	it('makes an entry without a release date a task for release day', () => {
		const result = checkChangelog(
			changelog('## [Unreleased]\n\n## [1.2.0] - not released yet\n'),
			'1.2.0',
		);
		expect(result.problems).toEqual([]);
		expect(result.placeholders).toEqual([
			expect.stringContaining('the 1.2.0 entry has no release date yet'),
		]);
	});

	it('fails without an entry for the version, or without Unreleased on top', () => {
		expect(checkChangelog(changelog('## [1.1.0] - 2026-11-02\n'), '1.2.0').problems).toEqual([
			expect.stringContaining('the first entry is not ## [Unreleased]'),
			expect.stringContaining('no entry for 1.2.0'),
		]);
	});

	it('fails on a date that is not on the calendar', () => {
		expect(
			checkChangelog(changelog('## [Unreleased]\n\n## [1.2.0] - 2026-02-30\n'), '1.2.0').problems,
		).toEqual(['1.2.0 is dated 2026-02-30, which is not a day of the calendar']);
	});

	it('fails without a CHANGELOG', () => {
		expect(checkChangelog(undefined, '1.2.0').problems).toEqual(['there is no CHANGELOG.md']);
	});
});
