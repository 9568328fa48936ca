import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { checkReadme, markdownHeadings, README_SECTIONS } from '../../../scripts/release/readme';

const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');

const complete = [
	'# n8n-nodes-x',
	'## Installation',
	'## Credentials',
	'## Operations',
	'## Usage examples',
	'## Compatibility',
	'## Troubleshooting',
	'## License',
].join('\n\n');

describe('markdownHeadings', () => {
	it('skips the title and headings inside fenced code', () => {
		expect(
			markdownHeadings(
				'# Title\n\n## Install\n\n```bash\n## not a heading\n```\n\n### Details ##\n',
			),
		).toEqual(['Install', 'Details']);
	});
});

describe('checkReadme', () => {
	it("holds for this repository's README", () => {
		expect(checkReadme(readme).problems).toEqual([]);
	});

	it('holds for a README with every section', () => {
		expect(checkReadme(complete).problems).toEqual([]);
	});

	it('names each missing section', () => {
		const withoutTroubleshooting = complete.replace('## Troubleshooting', '');
		expect(checkReadme(withoutTroubleshooting).problems).toEqual(['no section on troubleshooting']);
		expect(checkReadme('# n8n-nodes-x\n').problems).toHaveLength(README_SECTIONS.length);
	});

	it('does not count a heading inside a code block', () => {
		const fenced = complete.replace('## Troubleshooting', '```\n## Troubleshooting\n```');
		expect(checkReadme(fenced).problems).toEqual(['no section on troubleshooting']);
	});

	it('fails without a README', () => {
		expect(checkReadme(undefined).problems).toEqual(['there is no README.md']);
	});
});
