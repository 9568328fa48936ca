import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import { config } from '@n8n/node-cli/eslint';

// nodes/, credentials/ and package.json get n8n's community-node rules unchanged: the rules n8n's
// verification scanner runs. The simulator, tests, benchmarks and scripts are dev tooling that
// never ships; they may use timers, node: modules and the console, and define test-only nodes.
const devTooling = [
	'simulator/**/*.ts',
	'test/**/*.ts',
	'scripts/**/*.ts',
	'bench/**/*.ts',
	'e2e/**/*.ts',
];

const communityRulesOff = Object.fromEntries(
	Object.keys(n8nCommunityNodesPlugin.configs.recommended.rules).map((rule) => [rule, 'off']),
);

export default [
	// Real n8n installs and user folders of the e2e tests and the demo.
	{ ignores: ['.cache/', '.e2e/', '.demo/'] },
	...config,
	{
		files: devTooling,
		rules: {
			...communityRulesOff,
			'no-console': 'off',
		},
	},
];
