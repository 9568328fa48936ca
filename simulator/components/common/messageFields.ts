import { getPath, isJsonObject, JsonObject, JsonValue } from '../../encoding/json';
import { fieldMaskPaths } from '../../encoding/fieldMask';

export function stringAt(message: JsonObject, path: string): string {
	const value = getPath(message, path);
	return typeof value === 'string' ? value : '';
}

export function objectAt(message: JsonObject, path: string): JsonObject {
	const value = getPath(message, path);
	return isJsonObject(value) ? value : {};
}

export function numberAt(message: JsonObject, path: string): number {
	const value = getPath(message, path);
	return typeof value === 'number' ? value : typeof value === 'string' ? Number(value) || 0 : 0;
}

export function arrayAt(message: JsonObject, path: string): JsonValue[] {
	const value = getPath(message, path);
	return Array.isArray(value) ? value : [];
}

export function maskAt(message: JsonObject, path = 'field_mask'): string[] {
	return fieldMaskPaths(getPath(message, path));
}

export function booleanAt(message: JsonObject, path: string): boolean {
	return getPath(message, path) === true;
}
