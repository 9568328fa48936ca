import { maintainerSteps } from '../../../scripts/release/maintainerSteps';

describe('maintainerSteps', () => {
	it('names the repository and the package in the steps that need them', () => {
		const steps = maintainerSteps({
			name: 'n8n-nodes-the-things-stack',
			repository: { url: 'git+https://github.com/acme-iot/n8n-nodes-the-things-stack.git' },
		});
		expect(steps[0]).toMatch(/^github\.com\/acme-iot\/n8n-nodes-the-things-stack is public/);
		expect(steps[1]).toContain('to publish n8n-nodes-the-things-stack');
		expect(steps[1]).toContain('repository github.com/acme-iot/n8n-nodes-the-things-stack');
		expect(steps[3]).toContain('npm run release:scan');
	});

	it('still says what to do without a GitHub repository', () => {
		expect(maintainerSteps({ name: 'n8n-nodes-x' })[0]).toMatch(/^the GitHub repository is public/);
	});
});
