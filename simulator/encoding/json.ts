export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export interface JsonObject {
	[key: string]: JsonValue;
}

export function isJsonObject(value: unknown): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function getPath(source: JsonObject, path: string): JsonValue | undefined {
	let node: JsonValue | undefined = source;
	for (const segment of path.split('.')) {
		if (!isJsonObject(node)) return undefined;
		node = node[segment];
	}
	return node;
}

export function setPath(target: JsonObject, path: string, value: JsonValue | undefined): void {
	const segments = path.split('.');
	let node = target;
	for (const segment of segments.slice(0, -1)) {
		const child = node[segment];
		if (!isJsonObject(child)) {
			if (value === undefined) return;
			node[segment] = {};
		}
		node = node[segment] as JsonObject;
	}
	const last = segments[segments.length - 1];
	if (value === undefined) delete node[last];
	else node[last] = value;
}

export function deepClone<T extends JsonValue>(value: T): T {
	return structuredClone(value);
}

/** A value is "zero" in the protobuf sense: absent, empty, false, 0, or an all-zero hex string. */
export function isZero(value: JsonValue | undefined): boolean {
	if (value === undefined || value === null || value === false || value === 0 || value === '') {
		return true;
	}
	if (typeof value === 'string') return /^0+$/.test(value);
	if (Array.isArray(value)) return value.length === 0;
	if (isJsonObject(value)) return Object.values(value).every(isZero);
	return false;
}

export function camelToSnake(name: string): string {
	return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}
