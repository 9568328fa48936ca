import { TheThingsStack } from '../../../nodes/TheThingsStack/TheThingsStack.node.ts';
import { TheThingsStackTrigger } from '../../../nodes/TheThingsStackTrigger/TheThingsStackTrigger.node.ts';
import type { PackageType } from '../../../scripts/release/packageTypes';
import {
	checkThemedIcons,
	checkUsableAsTool,
	isTriggerNode,
} from '../../../scripts/release/packageTypes';

const node: PackageType = {
	file: 'dist/nodes/Example/Example.node.js',
	kind: 'node',
	displayName: 'Example',
	icon: { light: 'file:../../icons/example.svg', dark: 'file:../../icons/example.dark.svg' },
	usableAsTool: true,
	trigger: false,
};
const credential: PackageType = {
	file: 'dist/credentials/ExampleApi.credentials.js',
	kind: 'credential',
	displayName: 'Example API',
	icon: { light: 'file:../icons/example.svg', dark: 'file:../icons/example.dark.svg' },
};
const packed = ['package.json', 'dist/icons/example.svg', 'dist/icons/example.dark.svg'];

describe('isTriggerNode', () => {
	it('tells the trigger from the action node', () => {
		expect(isTriggerNode(new TheThingsStackTrigger())).toBe(true);
		expect(isTriggerNode(new TheThingsStack())).toBe(false);
	});
});

describe('checkThemedIcons', () => {
	it('holds when every icon resolves to a packed light and dark file', () => {
		expect(checkThemedIcons([node, credential], packed).problems).toEqual([]);
	});

	it('fails on a missing dark icon', () => {
		const lightOnly = { ...credential, icon: { light: 'file:../icons/example.svg' } };
		expect(checkThemedIcons([node, lightOnly], packed).problems).toEqual([
			'Example API (dist/credentials/ExampleApi.credentials.js) has no dark icon file',
		]);
	});

	it('fails on one icon for both themes', () => {
		expect(checkThemedIcons([{ ...node, icon: 'file:example.svg' }], packed).problems).toEqual([
			'Example (dist/nodes/Example/Example.node.js) has one icon (file:example.svg), not a light and a dark one',
		]);
	});

	it('fails on an icon file that is not in the tarball', () => {
		expect(checkThemedIcons([node], ['dist/icons/example.svg']).problems).toEqual([
			'Example (dist/nodes/Example/Example.node.js): its dark icon dist/icons/example.dark.svg is not in the tarball',
		]);
	});
});

describe('checkUsableAsTool', () => {
	it('holds for the action node of this package, and does not ask it of the trigger', () => {
		const types: PackageType[] = [TheThingsStack, TheThingsStackTrigger].map((Type) => {
			const instance = new Type();
			return {
				file: `dist/nodes/${Type.name}/${Type.name}.node.js`,
				kind: 'node',
				displayName: instance.description.displayName,
				icon: instance.description.icon,
				usableAsTool: instance.description.usableAsTool,
				trigger: isTriggerNode(instance),
			};
		});
		expect(checkUsableAsTool(types)).toMatchObject({ problems: [], detail: 'The Things Stack' });
	});

	it('fails on an action node that is not usable as a tool', () => {
		expect(checkUsableAsTool([{ ...node, usableAsTool: undefined }]).problems).toEqual([
			'Example (dist/nodes/Example/Example.node.js) does not set usableAsTool: true',
		]);
	});
});
