import type { JsonObject } from '../../../encoding/json';
import { ttsError } from '../../../errors/ttsError';

/** The device a formatter runs for: the Device Repository picks its codec by `versionIds`. */
export interface FormatterDevice {
	ids: JsonObject;
	/** EndDeviceVersionIdentifiers; undefined when the device has none. */
	versionIds?: JsonObject;
}

/**
 * pkg/messageprocessors/payload.go PayloadEncoderDecoder. Messages are ApplicationUplink and
 * ApplicationDownlink JSON (frm_payload in base64), changed in place; failures throw TtsErrors.
 */
export interface PayloadEncoderDecoder {
	encodeDownlink(device: FormatterDevice, message: JsonObject, parameter: string): void;
	decodeUplink(device: FormatterDevice, message: JsonObject, parameter: string): void;
	decodeDownlink(device: FormatterDevice, message: JsonObject, parameter: string): void;
}

export const payloadFormatterNames = [
	'FORMATTER_NONE',
	'FORMATTER_REPOSITORY',
	'FORMATTER_GRPC_SERVICE',
	'FORMATTER_JAVASCRIPT',
	'FORMATTER_CAYENNELPP',
] as const;

export type PayloadFormatterName = (typeof payloadFormatterNames)[number];

/**
 * pkg/messageprocessors/payload.go MapPayloadProcessor: the encoder/decoder registered for each
 * formatter; any other formatter fails with formatter_not_configured.
 */
export class PayloadProcessor {
	constructor(
		private readonly codecs: Partial<Record<PayloadFormatterName, PayloadEncoderDecoder>>,
	) {}

	/** GetPayloadEncoderDecoder. */
	codecFor(formatter: string): PayloadEncoderDecoder {
		const codec = this.codecs[formatter as PayloadFormatterName];
		if (!codec) throw ttsError('pkg/messageprocessors:formatter_not_configured', { formatter });
		return codec;
	}

	encodeDownlink(
		device: FormatterDevice,
		message: JsonObject,
		formatter: string,
		parameter: string,
	): void {
		this.codecFor(formatter).encodeDownlink(device, message, parameter);
	}

	decodeUplink(
		device: FormatterDevice,
		message: JsonObject,
		formatter: string,
		parameter: string,
	): void {
		this.codecFor(formatter).decodeUplink(device, message, parameter);
	}

	decodeDownlink(
		device: FormatterDevice,
		message: JsonObject,
		formatter: string,
		parameter: string,
	): void {
		this.codecFor(formatter).decodeDownlink(device, message, parameter);
	}
}
