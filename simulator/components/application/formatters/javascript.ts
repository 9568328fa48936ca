import { isJsonObject, JsonObject, JsonValue } from '../../../encoding/json';
import { TtsError, ttsError } from '../../../errors/ttsError';
import { isExportedMap, StructConversionError, toStruct, validateStruct } from './goproto';
import {
	parseMeasurements,
	ParsedMeasurement,
	validationWarnings,
	validMeasurements,
} from './normalizedPayload';
import type { PayloadEncoderDecoder } from './payloadProcessor';
import { runScript, ScriptResult, ValueShape } from './sandbox';

/**
 * The JavaScript payload formatter (pkg/messageprocessors/javascript/javascript.go): the script
 * is wrapped exactly as the Application Server wraps it, so `decodeUplink`/`normalizeUplink`,
 * `encodeDownlink`, `decodeDownlink` and the legacy `Decoder`/`Encoder` (The Things Network
 * Stack V2) behave alike, and line numbers in errors match.
 */

// wrapDownlinkEncoderScript
const downlinkEncoderScript = (script: string) => `
		${script}

		function main(input) {
			const { data, fPort } = input;
			if (typeof encodeDownlink === 'function') {
				return encodeDownlink({ data, fPort });
			}
			return {
				bytes: Encoder(data, fPort),
				fPort: input.fPort
			}
		}
	`;

// wrapUplinkDecoderScript
const uplinkDecoderScript = (script: string) => `
		${script}

		function main(input) {
			const bytes = input.bytes.slice();
			const { fPort } = input;
			if (typeof decodeUplink === 'function') {
				const decoded = decodeUplink({ bytes, fPort });
				let normalized;
				const { data, errors } = decoded;
				if ((!errors || !errors.length) && data && typeof normalizeUplink === 'function') {
					normalized = normalizeUplink({ data });
				}
				return { decoded, normalized };
			}
			return {
				decoded: {
					data: Decoder(bytes, fPort)
				}
			}
		}
	`;

// wrapDownlinkDecoderScript
const downlinkDecoderScript = (script: string) => `
		${script}

		function main(input) {
			const bytes = input.bytes.slice();
			const { fPort } = input;
			return decodeDownlink({ bytes, fPort });
		}
	`;

const strings: ValueShape = { list: 'string' };

// The Go structs the results are exported to.
const encodeDownlinkOutput: ValueShape = {
	struct: {
		bytes: { list: 'uint8' },
		fPort: { pointer: 'uint8' },
		warnings: strings,
		errors: strings,
	},
};
const uplinkDecoderOutput: ValueShape = {
	struct: {
		decoded: { struct: { data: 'map', warnings: strings, errors: strings } },
		normalized: { pointer: { struct: { data: 'any', warnings: strings, errors: strings } } },
	},
};
const decodeDownlinkOutput: ValueShape = {
	struct: { data: 'map', warnings: strings, errors: strings },
};

interface EncodedDownlink {
	bytes: number[] | null;
	fPort: number | null;
	warnings: string[] | null;
	errors: string[] | null;
}

interface DecodedMessage {
	data: JsonValue;
	warnings: string[] | null;
	errors: string[] | null;
}

interface UplinkDecoderOutput {
	decoded: DecodedMessage | null;
	normalized: DecodedMessage | null;
}

const outputError = (cause?: TtsError) =>
	ttsError('pkg/messageprocessors/javascript:output', {}, cause);

/** The exported result, or the `output` error goja's `valueAs` failure becomes. */
function exported<T>(result: ScriptResult): T {
	if ('exportError' in result) throw outputError(result.exportError);
	return result.value as T;
}

function throwOutputErrors(errors: string[] | null): void {
	if (errors && errors.length > 0) {
		throw ttsError('pkg/messageprocessors/javascript:output_errors', { errors: errors.join(', ') });
	}
}

/** goproto.Struct of the decoded data, then ValidateStruct (NaN and ±Infinity are refused). */
function decodedStruct(data: JsonValue): JsonObject {
	let struct: JsonObject;
	try {
		struct = toStruct(data);
	} catch (error) {
		throw outputError((error as StructConversionError).cause);
	}
	const invalid = validateStruct(struct);
	if (invalid.length > 0) {
		throw ttsError('pkg/messageprocessors/javascript:output_encoding', {
			errors: invalid.join(', '),
		});
	}
	return struct;
}

function setRepeated(message: JsonObject, field: string, values: string[] | null): void {
	if (values && values.length > 0) message[field] = values;
	else delete message[field];
}

function payloadBytes(message: JsonObject): number[] {
	return [
		...Buffer.from(typeof message.frm_payload === 'string' ? message.frm_payload : '', 'base64'),
	];
}

function setPayload(message: JsonObject, bytes: number[] | null): void {
	if (bytes && bytes.length > 0) message.frm_payload = Buffer.from(bytes).toString('base64');
	else delete message.frm_payload;
}

function encodeDownlink(message: JsonObject, script: string): void {
	const decoded = message.decoded_payload;
	if (!isJsonObject(decoded)) return;
	const fPort = Number(message.f_port ?? 0);
	const output = exported<EncodedDownlink>(
		runScript({
			source: downlinkEncoderScript(script),
			entrypoint: 'main',
			// goproto.Map gives nil for an empty Struct: the script sees data === null.
			input: { data: Object.keys(decoded).length > 0 ? decoded : null, fPort },
			numberObjects: ['fPort'],
			output: encodeDownlinkOutput,
		}),
	);
	throwOutputErrors(output.errors);
	setPayload(message, output.bytes);
	setRepeated(message, 'decoded_payload_warnings', output.warnings);
	// An encoder that names no FPort leaves the request's, or 1 when the request has none.
	if (output.fPort !== null) message.f_port = output.fPort;
	else if (fPort === 0) message.f_port = 1;
}

function parsedOrOutputError(measurements: JsonObject[]): ParsedMeasurement[] {
	try {
		return parseMeasurements(measurements);
	} catch (error) {
		throw outputError(error instanceof TtsError ? error : undefined);
	}
}

function setNormalized(message: JsonObject, measurements: ParsedMeasurement[]): void {
	const valid = validMeasurements(measurements);
	if (valid.length > 0) message.normalized_payload = valid;
}

/** normalizeUplink's data: one measurement or a list of them, each an object. */
function normalizedMeasurements(data: JsonValue): JsonObject[] {
	const measurements = Array.isArray(data) ? data : [data];
	if (!measurements.every(isExportedMap)) throw outputError();
	return measurements.map((measurement) => {
		try {
			return toStruct(measurement);
		} catch (error) {
			throw outputError((error as StructConversionError).cause);
		}
	});
}

function decodeUplink(message: JsonObject, script: string): void {
	const output = exported<UplinkDecoderOutput>(
		runScript({
			source: uplinkDecoderScript(script),
			entrypoint: 'main',
			input: { bytes: payloadBytes(message), fPort: Number(message.f_port ?? 0) },
			output: uplinkDecoderOutput,
		}),
	);
	const decoded = output.decoded ?? { data: null, warnings: null, errors: null };
	throwOutputErrors(decoded.errors);
	const decodedPayload = decodedStruct(decoded.data);
	message.decoded_payload = decodedPayload;
	setRepeated(message, 'decoded_payload_warnings', decoded.warnings);
	delete message.normalized_payload;
	delete message.normalized_payload_warnings;

	const normalized = output.normalized;
	if (normalized) {
		throwOutputErrors(normalized.errors);
		if (normalized.data === null) return;
		const measurements = parsedOrOutputError(normalizedMeasurements(normalized.data));
		setNormalized(message, measurements);
		setRepeated(message, 'normalized_payload_warnings', [
			...(normalized.warnings ?? []),
			...validationWarnings(measurements),
		]);
		return;
	}
	// Without normalizeUplink, the decoded payload may already be normalized: it is, when it
	// parses as a measurement.
	let measurements: ParsedMeasurement[];
	try {
		measurements = parseMeasurements([decodedPayload]);
	} catch {
		return;
	}
	setNormalized(message, measurements);
	setRepeated(message, 'normalized_payload_warnings', validationWarnings(measurements));
}

function decodeDownlink(message: JsonObject, script: string): void {
	const output = exported<DecodedMessage>(
		runScript({
			source: downlinkDecoderScript(script),
			entrypoint: 'main',
			input: { bytes: payloadBytes(message), fPort: Number(message.f_port ?? 0) },
			output: decodeDownlinkOutput,
		}),
	);
	throwOutputErrors(output.errors);
	message.decoded_payload = decodedStruct(output.data);
	setRepeated(message, 'decoded_payload_warnings', output.warnings);
}

export const javascriptFormatter: PayloadEncoderDecoder = {
	encodeDownlink: (_device, message, parameter) => encodeDownlink(message, parameter),
	decodeUplink: (_device, message, parameter) => decodeUplink(message, parameter),
	decodeDownlink: (_device, message, parameter) => decodeDownlink(message, parameter),
};
