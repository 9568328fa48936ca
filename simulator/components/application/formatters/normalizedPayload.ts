import { isJsonObject, JsonObject, JsonValue } from '../../../encoding/json';
import { TtsError, ttsError } from '../../../errors/ttsError';

/**
 * pkg/messageprocessors/normalizedpayload/uplink.go: the measurements of a normalized payload,
 * validated field by field. Unknown fields and wrong types fail the whole parse; values out of
 * range (DataLoss errors) only drop that field and become validation errors.
 */

type FieldCheck = (value: JsonValue, path: string) => TtsError[];

const typeError = (path: string) =>
	ttsError('pkg/messageprocessors/normalizedpayload:field_type', { path });

/** A plain Error for what Go reports without a TTS error (time.Parse). */
class ParseFailure extends Error {}

function object(): FieldCheck {
	return (value, path) => (isJsonObject(value) ? [] : [typeError(path)]);
}

type Bound = (number: number, path: string) => TtsError | undefined;

const minimum =
	(bound: number): Bound =>
	(number, path) =>
		number < bound
			? ttsError('pkg/messageprocessors/normalizedpayload:field_minimum', { path, minimum: bound })
			: undefined;

const maximum =
	(bound: number): Bound =>
	(number, path) =>
		number > bound
			? ttsError('pkg/messageprocessors/normalizedpayload:field_maximum', { path, maximum: bound })
			: undefined;

const exclusiveMaximum =
	(bound: number): Bound =>
	(number, path) =>
		number >= bound
			? ttsError('pkg/messageprocessors/normalizedpayload:field_exclusive_maximum', {
					path,
					maximum: bound,
				})
			: undefined;

function number(...bounds: Bound[]): FieldCheck {
	return (value, path) => {
		if (typeof value !== 'number') return [typeError(path)];
		return bounds.map((bound) => bound(value, path)).filter((error): error is TtsError => !!error);
	};
}

const percentage = () => number(minimum(0), maximum(100));
const concentration = () => number(minimum(0), maximum(1000000));

// time.RFC3339Nano as time.Parse reads it.
const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function time(): FieldCheck {
	return (value, path) => {
		if (typeof value !== 'string') return [typeError(path)];
		if (!rfc3339.test(value) || Number.isNaN(Date.parse(value))) {
			throw new ParseFailure(`parsing time "${value}": not RFC 3339`);
		}
		return [];
	};
}

// uplink.go fieldParsers.
const fieldChecks: Record<string, FieldCheck> = {
	time: time(),
	soil: object(),
	'soil.depth': number(minimum(0)),
	'soil.moisture': percentage(),
	'soil.temperature': number(minimum(-273.15)),
	'soil.ec': number(minimum(0), maximum(621)),
	'soil.pH': number(minimum(0), maximum(14)),
	'soil.n': concentration(),
	'soil.p': concentration(),
	'soil.k': concentration(),
	air: object(),
	'air.temperature': number(minimum(-273.15)),
	'air.relativeHumidity': percentage(),
	'air.pressure': number(minimum(900), maximum(1100)),
	'air.co2': concentration(),
	'air.lightIntensity': number(minimum(0)),
	wind: object(),
	'wind.speed': number(minimum(0)),
	'wind.direction': number(minimum(0), exclusiveMaximum(360)),
};

export interface ParsedMeasurement {
	/** The fields without validation errors. */
	valid: JsonObject;
	/** The DataLoss errors of fields out of range. */
	validationErrors: TtsError[];
}

function parseFields(source: JsonObject, prefix: string): ParsedMeasurement {
	const parsed: ParsedMeasurement = { valid: {}, validationErrors: [] };
	for (const [key, value] of Object.entries(source)) {
		const path = `${prefix}${key}`;
		const check = fieldChecks[path];
		if (!check) throw ttsError('pkg/messageprocessors/normalizedpayload:unknown_field', { path });
		const errors = check(value, path);
		if (errors.length > 0) {
			const fatal = errors.find((error) => error.errorName === 'field_type');
			if (fatal) throw fatal;
			parsed.validationErrors.push(...errors);
			continue;
		}
		if (isJsonObject(value)) {
			const nested = parseFields(value, `${path}.`);
			parsed.validationErrors.push(...nested.validationErrors);
			if (Object.keys(nested.valid).length > 0) parsed.valid[key] = nested.valid;
		} else {
			parsed.valid[key] = value;
		}
	}
	return parsed;
}

/**
 * uplink.go Parse. Throws the first unknown field or wrong type (a TtsError), or a plain Error for
 * a time that does not parse.
 */
export function parseMeasurements(measurements: JsonObject[]): ParsedMeasurement[] {
	return measurements.map((measurement) => parseFields(measurement, ''));
}

// pkg/errors FormatMessage; numbers as strconv.FormatFloat(f, 'f', -1, 64) writes them.
function formatMessage(error: TtsError): string {
	return error.messageFormat.replace(/\{(\w+)\}/g, (_, name: string) =>
		String(error.attributes[name]),
	);
}

/** javascript.go appendValidationErrors: "measurement N: <message>". */
export function validationWarnings(measurements: ParsedMeasurement[]): string[] {
	return measurements.flatMap((measurement, index) =>
		measurement.validationErrors.map(
			(error) => `measurement ${index + 1}: ${formatMessage(error)}`,
		),
	);
}

/** The measurements that kept at least one valid field (empty ones are left out). */
export function validMeasurements(measurements: ParsedMeasurement[]): JsonObject[] {
	return measurements
		.map((measurement) => measurement.valid)
		.filter((valid) => Object.keys(valid).length > 0);
}
