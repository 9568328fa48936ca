import { enumValues, messageFields, TypeSpec } from '../spec/requestShapes';
import { canonicalEnumValue } from './enumAliases';
import { fieldMaskPaths } from './fieldMask';
import { camelToSnake, isJsonObject, JsonObject, JsonValue } from './json';
import { isUtcTimestamp } from './time';

export type DecodeIssueKind =
	'type' | 'enum' | 'timestamp' | 'hex' | 'bytes' | 'field_mask' | 'unknown_field';

export interface DecodeIssue {
	kind: DecodeIssueKind;
	/** Dotted location in the request message, e.g. `end_device.ids.dev_eui`. */
	path: string;
	message: string;
}

export interface DecodeResult<T extends JsonValue = JsonValue> {
	value: T;
	/** Inputs real TTS would reject. */
	violations: DecodeIssue[];
	/** Inputs real TTS silently ignores (unknown fields). */
	warnings: DecodeIssue[];
}

const hexPattern = /^[0-9a-fA-F]*$/;
const base64Pattern = /^[A-Za-z0-9+/_-]*={0,2}$/;

/**
 * Decodes a JSON request value against a swagger-derived type spec into TTS's canonical form:
 * snake_case names, enum names, uppercase hex for EUIs/keys, `{paths}` field masks.
 */
export function decodeValue(spec: TypeSpec, input: JsonValue): DecodeResult {
	const violations: DecodeIssue[] = [];
	const warnings: DecodeIssue[] = [];
	const value = decode(spec, input, '', violations, warnings);
	return { value: value === undefined ? null : value, violations, warnings };
}

function issue(kind: DecodeIssueKind, path: string, message: string): DecodeIssue {
	return { kind, path: path || '(root)', message };
}

function decode(
	spec: TypeSpec,
	input: JsonValue,
	path: string,
	violations: DecodeIssue[],
	warnings: DecodeIssue[],
): JsonValue | undefined {
	if (input === null) return undefined;
	if (spec.startsWith('[]')) {
		if (!Array.isArray(input)) {
			violations.push(issue('type', path, 'expected an array'));
			return undefined;
		}
		const itemSpec = spec.slice(2);
		return input
			.map((item, index) => decode(itemSpec, item, `${path}[${index}]`, violations, warnings))
			.filter((item): item is JsonValue => item !== undefined);
	}
	if (spec.startsWith('{}')) {
		if (!isJsonObject(input)) {
			violations.push(issue('type', path, 'expected an object (map)'));
			return undefined;
		}
		const valueSpec = spec.slice(2);
		const result: JsonObject = {};
		for (const [key, item] of Object.entries(input)) {
			const decoded = decode(valueSpec, item, `${path}.${key}`, violations, warnings);
			if (decoded !== undefined) result[key] = decoded;
		}
		return result;
	}
	if (spec.startsWith('#'))
		return decodeReference(spec.slice(1), input, path, violations, warnings);
	if (spec.startsWith('hex:')) return decodeHex(Number(spec.slice(4)), input, path, violations);
	switch (spec) {
		case 'string':
			if (typeof input === 'string') return input;
			violations.push(issue('type', path, 'expected a string'));
			return undefined;
		case 'bool':
			if (typeof input === 'boolean') return input;
			if (input === 'true' || input === 'false') return input === 'true';
			violations.push(issue('type', path, 'expected a boolean'));
			return undefined;
		case 'int':
		case 'int64':
			if (typeof input === 'number' && Number.isInteger(input)) return input;
			if (typeof input === 'string' && /^-?\d+$/.test(input)) {
				return spec === 'int' ? Number(input) : input;
			}
			violations.push(issue('type', path, 'expected an integer'));
			return undefined;
		case 'number':
			if (typeof input === 'number') return input;
			if (typeof input === 'string' && input.trim() !== '' && !Number.isNaN(Number(input))) {
				return Number(input);
			}
			violations.push(issue('type', path, 'expected a number'));
			return undefined;
		case 'timestamp':
			if (typeof input === 'string' && isUtcTimestamp(input)) return input;
			violations.push(
				issue(
					'timestamp',
					path,
					`expected an RFC 3339 timestamp in UTC ending in Z, got ${JSON.stringify(input)}`,
				),
			);
			return undefined;
		case 'bytes':
			if (typeof input === 'string' && base64Pattern.test(input)) {
				return Buffer.from(input, 'base64').toString('base64');
			}
			violations.push(issue('bytes', path, 'expected base64 bytes'));
			return undefined;
		default:
			return input;
	}
}

function decodeHex(
	byteLength: number,
	input: JsonValue,
	path: string,
	violations: DecodeIssue[],
): JsonValue | undefined {
	if (typeof input !== 'string') {
		violations.push(issue('hex', path, `expected ${byteLength} bytes as hex`));
		return undefined;
	}
	if (input === '') return undefined;
	if (input.length === byteLength * 2 && hexPattern.test(input)) return input.toUpperCase();
	// pkg/types/types.go unmarshalNBytes: a string that is not hex of the right length is tried as base64.
	if (base64Pattern.test(input)) {
		const bytes = Buffer.from(input, 'base64');
		if (bytes.length === byteLength) return bytes.toString('hex').toUpperCase();
	}
	violations.push(
		issue(
			'hex',
			path,
			`invalid length: want ${byteLength} bytes as hex, got ${JSON.stringify(input)}`,
		),
	);
	return undefined;
}

function decodeReference(
	name: string,
	input: JsonValue,
	path: string,
	violations: DecodeIssue[],
	warnings: DecodeIssue[],
): JsonValue | undefined {
	const values = enumValues(name);
	if (values) {
		const canonical = canonicalEnumValue(name, values, input);
		if (canonical === undefined) {
			violations.push(issue('enum', path, `unknown ${name} value ${JSON.stringify(input)}`));
		}
		return canonical;
	}
	const fields = messageFields(name);
	if (!fields) return input;
	// Wrapper messages (BoolValue, DataRateIndexValue, ...) accept the bare value too.
	if (!isJsonObject(input) && Object.keys(fields).length === 1 && 'value' in fields) {
		const wrapped = decode(fields.value, input, path, violations, warnings);
		return wrapped === undefined ? undefined : { value: wrapped };
	}
	if (!isJsonObject(input)) {
		violations.push(issue('type', path, `expected an object (${name})`));
		return undefined;
	}
	const result: JsonObject = {};
	for (const [key, item] of Object.entries(input)) {
		const fieldName = key in fields ? key : camelToSnake(key);
		const fieldPath = path ? `${path}.${fieldName}` : fieldName;
		const fieldSpec = fields[fieldName];
		if (fieldSpec === undefined) {
			warnings.push(
				issue('unknown_field', fieldPath, `unknown field ${JSON.stringify(key)} (ignored)`),
			);
			continue;
		}
		const decoded =
			fieldName === 'field_mask'
				? decodeFieldMask(item, fieldPath, violations)
				: decode(fieldSpec, item, fieldPath, violations, warnings);
		if (decoded !== undefined) result[fieldName] = decoded;
	}
	return result;
}

function decodeFieldMask(
	input: JsonValue,
	path: string,
	violations: DecodeIssue[],
): JsonValue | undefined {
	const shapeIsValid =
		typeof input === 'string' ||
		(isJsonObject(input) &&
			Object.keys(input).every((key) => key === 'paths') &&
			(input.paths === undefined ||
				(Array.isArray(input.paths) && input.paths.every((p) => typeof p === 'string'))));
	if (!shapeIsValid) {
		violations.push(
			issue('field_mask', path, 'field_mask must be {"paths": [...]} or a comma-separated string'),
		);
		return undefined;
	}
	const paths = fieldMaskPaths(input);
	const malformed = paths.filter((p) => !/^[a-z0-9_]+(\.[a-z0-9_]+)*$/.test(p));
	if (malformed.length) {
		violations.push(
			issue('field_mask', path, `malformed field mask paths: ${malformed.join(', ')}`),
		);
	}
	return { paths };
}
