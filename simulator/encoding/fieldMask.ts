import { deepClone, getPath, isJsonObject, JsonObject, JsonValue, setPath } from './json';

/** Reads a field mask as TTS accepts it: {"paths": [...]}, "a,b.c", or absent. */
export function fieldMaskPaths(mask: JsonValue | undefined): string[] {
	if (mask === undefined || mask === null) return [];
	if (typeof mask === 'string')
		return mask
			.split(',')
			.map((path) => path.trim())
			.filter(Boolean);
	if (isJsonObject(mask) && Array.isArray(mask.paths)) {
		return mask.paths.filter((path): path is string => typeof path === 'string');
	}
	return [];
}

/** Paths not allowed: a path is allowed if it is listed (lists are prefix-closed). */
export function forbiddenPaths(paths: string[], allowed: ReadonlySet<string>): string[] {
	return paths.filter((path) => !allowed.has(path));
}

export function hasPathOrParent(paths: readonly string[], path: string): boolean {
	return paths.some((candidate) => candidate === path || path.startsWith(`${candidate}.`));
}

/**
 * pkg/ttnpb/fieldmask_utils.go HasAnyField: whether the requested paths select any of the searched
 * (bottom-level) fields, themselves or through a parent path.
 */
export function hasAnyField(requested: readonly string[], ...search: string[]): boolean {
	return search.some((path) => hasPathOrParent(requested, path));
}

export function hasPathOrChild(paths: readonly string[], path: string): boolean {
	return paths.some((candidate) => candidate === path || candidate.startsWith(`${path}.`));
}

/** A copy of `source` with only the given paths (and their sub-fields). */
export function pickPaths(source: JsonObject, paths: readonly string[]): JsonObject {
	const result: JsonObject = {};
	for (const path of paths) {
		const value = getPath(source, path);
		if (value !== undefined) setPath(result, path, deepClone(value));
	}
	return result;
}

/** Sets the masked paths of `target` from `source`; a path absent from `source` is cleared. */
export function applyPaths(target: JsonObject, source: JsonObject, paths: readonly string[]): void {
	for (const path of paths) {
		const value = getPath(source, path);
		setPath(target, path, value === undefined ? undefined : deepClone(value));
	}
}

/** Removes paths that are covered by a parent path in the same list. */
export function topLevelPaths(paths: readonly string[]): string[] {
	const unique = [...new Set(paths)].sort();
	return unique.filter(
		(path) => !unique.some((other) => other !== path && path.startsWith(`${other}.`)),
	);
}
