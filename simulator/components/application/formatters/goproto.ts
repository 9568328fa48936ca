import { isJsonObject, JsonObject, JsonValue } from '../../../encoding/json';
import { TtsError, ttsError } from '../../../errors/ttsError';
import { exportedMarker } from './sandbox';

/** Why goproto.Struct could not map an exported value; the cause when it is a TTS error. */
export class StructConversionError extends Error {
	constructor(
		message: string,
		readonly cause?: TtsError,
	) {
		super(message);
	}
}

function toValue(value: JsonValue): JsonValue {
	switch (exportedMarker(value)) {
		case 'func':
			throw new StructConversionError('can not map a value of kind func to a *structpb.Value');
		case 'cycle':
			// An object that contains itself recurses until maxNestingDepth (pkg/goproto/struct.go).
			throw new StructConversionError(
				'stack depth exceeded',
				ttsError('pkg/goproto:stack_depth_exceeded'),
			);
		case 'time':
			// A Date exports as time.Time, a struct without exported fields: an empty Struct.
			return {};
		case undefined:
			break;
		default:
			return value;
	}
	if (Array.isArray(value)) return value.map(toValue);
	if (isJsonObject(value)) return toStruct(value);
	return value;
}

/**
 * pkg/goproto/struct.go Struct: an exported map as a protobuf Struct; nil gives an empty Struct.
 * Non-finite numbers stay marked for validateStruct.
 */
export function toStruct(exported: JsonValue): JsonObject {
	if (!isJsonObject(exported)) return {};
	return Object.fromEntries(Object.entries(exported).map(([key, value]) => [key, toValue(value)]));
}

function invalidNumbers(value: JsonValue, prefix: string): string[] {
	const marker = exportedMarker(value);
	if (marker === 'NaN' || marker === 'Infinity' || marker === '-Infinity') {
		return [`${prefix}: invalid ${marker} value`];
	}
	if (Array.isArray(value))
		return value.flatMap((item, index) => invalidNumbers(item, `${prefix}[${index}]`));
	if (isJsonObject(value)) {
		return Object.entries(value).flatMap(([key, item]) => invalidNumbers(item, `${prefix}.${key}`));
	}
	return [];
}

/** pkg/goproto/validate.go ValidateStruct: the NaN and ±Infinity numbers, by path. */
export function validateStruct(struct: JsonObject): string[] {
	return invalidNumbers(struct, '');
}

/** True for an exported JS object (a Go map[string]any), not a list, Date or primitive. */
export function isExportedMap(value: JsonValue): value is JsonObject {
	return isJsonObject(value) && exportedMarker(value) === undefined;
}
