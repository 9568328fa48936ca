// The node and credential types the package registers (package.json#n8n), as compiled into dist/:
// n8n shows each with a light and a dark icon, and lets its AI agents use every action node as a
// tool when the node says so.
import { posix } from 'node:path';

import type { Requirement } from './requirement';
import { requirement } from './requirement';

export interface PackageType {
	/** The compiled file as package.json#n8n lists it, e.g. `dist/nodes/X/X.node.js`. */
	file: string;
	kind: 'node' | 'credential';
	displayName: string;
	icon: unknown;
	/** Nodes only. */
	usableAsTool?: unknown;
	/** Nodes only: a trigger starts workflows and is never a tool. */
	trigger?: boolean;
}

/** Whether a node type instance starts workflows: n8n calls its trigger, webhook or poll method. */
export function isTriggerNode(node: object): boolean {
	const methods = node as { trigger?: unknown; webhook?: unknown; poll?: unknown };
	return [methods.trigger, methods.webhook, methods.poll].some(
		(method) => typeof method === 'function',
	);
}

export function checkThemedIcons(types: PackageType[], packedFiles: string[]): Requirement {
	const packed = new Set(packedFiles);
	const problems = types.flatMap((type) => {
		const label = `${type.displayName} (${type.file})`;
		const icon = type.icon as { light?: unknown; dark?: unknown } | string | undefined;
		if (typeof icon !== 'object' || icon === null) {
			return [
				`${label} has ${icon ? `one icon (${String(icon)})` : 'no icon'}, not a light and a dark one`,
			];
		}
		return (['light', 'dark'] as const).flatMap((theme) => {
			const reference = icon[theme];
			if (typeof reference !== 'string' || !reference.startsWith('file:')) {
				return [`${label} has no ${theme} icon file`];
			}
			const path = posix.join(posix.dirname(type.file), reference.slice('file:'.length));
			return packed.has(path) ? [] : [`${label}: its ${theme} icon ${path} is not in the tarball`];
		});
	});
	return requirement('every node and credential has a light and a dark icon, both in the tarball', {
		problems,
		detail: `${types.length} types`,
	});
}

export function checkUsableAsTool(types: PackageType[]): Requirement {
	const actionNodes = types.filter((type) => type.kind === 'node' && !type.trigger);
	return requirement('every action node is usable as a tool by AI agents (usableAsTool: true)', {
		problems: [
			...(actionNodes.length === 0 ? ['the package registers no action node'] : []),
			...actionNodes
				.filter((type) => type.usableAsTool !== true)
				.map((type) => `${type.displayName} (${type.file}) does not set usableAsTool: true`),
		],
		detail: actionNodes.map((type) => type.displayName).join(', '),
	});
}
