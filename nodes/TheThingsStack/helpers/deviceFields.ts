import type { IDataObject } from 'n8n-workflow';

import type { Component } from '../../shared/generated/endDeviceFieldMap';
import { endDeviceFieldMap } from '../../shared/generated/endDeviceFieldMap';

export type { Component };

export const COMPONENTS: Component[] = ['is', 'js', 'ns', 'as'];

/** Paths that identify a device: sent in bodies, never in field masks (ttn-lw-cli end_devices_split.go). */
const IDENTITY_PATHS = ['ids', 'created_at', 'updated_at'];

function isIdentityPath(path: string): boolean {
	return IDENTITY_PATHS.some((root) => path === root || path.startsWith(`${root}.`));
}

function isPlainObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The field-mask paths of the values set in `device`: descends into nested objects as long as the
 * API knows the deeper path, so maps (`attributes`, `locations`) and wrapper values are set whole.
 */
export function setPaths(device: IDataObject, prefix = ''): string[] {
	const paths: string[] = [];
	for (const [key, value] of Object.entries(device)) {
		if (value === undefined) continue;
		const path = prefix ? `${prefix}.${key}` : key;
		const descend =
			isPlainObject(value) &&
			Object.keys(value).length > 0 &&
			Object.keys(value).some((child) => `${path}.${child}` in endDeviceFieldMap);
		paths.push(...(descend ? setPaths(value, path) : [path]));
	}
	return paths;
}

export interface PathProblem {
	path: string;
	message: string;
}

/** Paths a user may not set: unknown to the API, or read-only. */
export function findUnsettablePaths(paths: string[]): PathProblem[] {
	const problems: PathProblem[] = [];
	for (const path of paths) {
		if (isIdentityPath(path)) continue;
		const entry = endDeviceFieldMap[path];
		if (!entry) problems.push({ path, message: `"${path}" is not a field of an end device` });
		else if (entry.set === 'read_only') problems.push({ path, message: `"${path}" is read-only` });
	}
	return problems;
}

/** Splits settable paths over the servers that store them (device-entity-map set components). */
export function splitSetPaths(paths: string[]): Record<Component, string[]> {
	const split: Record<Component, string[]> = { is: [], js: [], ns: [], as: [] };
	for (const path of paths) {
		if (isIdentityPath(path)) continue;
		const set = endDeviceFieldMap[path]?.set;
		if (!set || set === 'read_only') continue;
		for (const component of set) split[component].push(path);
	}
	return split;
}

/** Splits paths to read over the servers that hold them; `ids`, `created_at`, `updated_at` come with every answer. */
export function splitGetPaths(paths: string[]): Record<Component, string[]> {
	const split: Record<Component, string[]> = { is: [], js: [], ns: [], as: [] };
	for (const path of paths) {
		if (isIdentityPath(path)) continue;
		const get = endDeviceFieldMap[path]?.get;
		if (!get || get === 'read_only') continue;
		// Read each field from one server: the Identity Server when it has it, else the first.
		split[get.includes('is') ? 'is' : get[0]].push(path);
	}
	return split;
}

/** Copies the values at `paths` (and `ids`) out of `device`. */
export function pickPaths(device: IDataObject, paths: string[]): IDataObject {
	const picked: IDataObject = {};
	if (device.ids !== undefined) picked.ids = device.ids;
	for (const path of paths) {
		const value = getPath(device, path);
		if (value !== undefined) setPath(picked, path, value);
	}
	return picked;
}

export function getPath(object: IDataObject, path: string): unknown {
	let current: unknown = object;
	for (const key of path.split('.')) {
		if (!isPlainObject(current)) return undefined;
		current = current[key];
	}
	return current;
}

export function setPath(object: IDataObject, path: string, value: unknown): void {
	const keys = path.split('.');
	let current = object;
	for (const key of keys.slice(0, -1)) {
		if (!isPlainObject(current[key])) current[key] = {};
		current = current[key] as IDataObject;
	}
	current[keys[keys.length - 1]] = value as IDataObject[string];
}

/** Deep-merges device views read from several servers (later sources fill what earlier ones lack). */
export function mergeDevices(...views: Array<IDataObject | undefined>): IDataObject {
	const merged: IDataObject = {};
	for (const view of views) if (view) mergeInto(merged, view);
	return merged;
}

// Components answer 0001-01-01T00:00:00Z for timestamps they do not hold (JS SDK merge.js).
const ZERO_TIME = '0001-01-01T00:00:00Z';

function mergeInto(target: IDataObject, source: IDataObject): void {
	for (const [key, value] of Object.entries(source)) {
		if (value === undefined || value === ZERO_TIME) continue;
		if (isPlainObject(value)) {
			if (target[key] === undefined) target[key] = {};
			if (isPlainObject(target[key])) mergeInto(target[key] as IDataObject, value);
		} else if (target[key] === undefined) {
			target[key] = value;
		}
	}
}

/** Top-level device fields a user can choose to read, with the servers that hold them. */
export function readableTopLevelFields(): string[] {
	return Object.keys(endDeviceFieldMap).filter(
		(path) =>
			!path.includes('.') && !isIdentityPath(path) && endDeviceFieldMap[path].get !== 'read_only',
	);
}
