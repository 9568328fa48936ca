import type { INodeProperties } from 'n8n-workflow';

/** Device → Create and Update: whether the output may carry plaintext keys. */
export const includeKeysOption: INodeProperties = {
	displayName: 'Include Keys in Output',
	name: 'includeKeys',
	type: 'boolean',
	default: false,
	description:
		'Whether to put the device’s root and session keys in the output. Off, they stay out of the execution history; keys the node generated are always returned, under generated_keys.',
};
