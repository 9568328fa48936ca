import { config } from '@n8n/node-cli/eslint';

// nodes/, credentials/ and package.json get n8n's community-node rules unchanged (the same
// rules n8n's verification scanner runs). Tests, the simulator and scripts are dev tooling that
// never ships: they may use timers, node: modules and the console.
const devTooling = ['simulator/**/*.ts', 'test/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts', 'e2e/**/*.ts'];

export default [
	...config,
	{
		files: devTooling,
		rules: {
			'@n8n/community-nodes/no-restricted-globals': 'off',
			'@n8n/community-nodes/no-restricted-imports': 'off',
			'@n8n/community-nodes/no-dead-files': 'off',
			'@n8n/community-nodes/require-node-api-error': 'off',
			'@n8n/community-nodes/missing-paired-item': 'off',
			'@n8n/community-nodes/no-hardcoded-secrets': 'off',
			'no-console': 'off',
		},
	},
];
