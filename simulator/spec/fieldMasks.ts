import generatedFieldMasks from '../generated/fieldMasks.json';
import { expandPathTree } from '../encoding/pathTree';

const encodedMasks: Record<string, string> = generatedFieldMasks.fieldMasks;
const expanded = new Map<string, ReadonlySet<string>>();

/** The allowedFieldMaskPaths of an RPC (`Service.Rpc`) from api-definition.json, or undefined. */
export function allowedFieldMaskPaths(rpc: string): ReadonlySet<string> | undefined {
	const cached = expanded.get(rpc);
	if (cached) return cached;
	const encoded = encodedMasks[rpc];
	if (encoded === undefined) return undefined;
	const paths = new Set(expandPathTree(encoded));
	expanded.set(rpc, paths);
	return paths;
}
