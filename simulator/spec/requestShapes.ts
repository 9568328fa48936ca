import generatedShapes from '../generated/requestShapes.json';

/**
 * A type spec: string | bool | int | int64 | number | timestamp | bytes | hex:<n> | any
 * | #<message or enum> | []<spec> | {}<spec>.
 */
export type TypeSpec = string;

export interface RequestShape {
	body?: TypeSpec;
	query?: Record<string, TypeSpec>;
}

interface ShapeData {
	requests: Record<string, RequestShape>;
	messages: Record<string, Record<string, TypeSpec>>;
	enums: Record<string, string[]>;
}

const shapes = generatedShapes as unknown as ShapeData;

export function requestShapeOf(method: string, pattern: string): RequestShape | undefined {
	return shapes.requests[`${method} ${pattern}`];
}

export function messageFields(name: string): Record<string, TypeSpec> | undefined {
	return shapes.messages[name];
}

export function enumValues(name: string): string[] | undefined {
	return shapes.enums[name];
}
