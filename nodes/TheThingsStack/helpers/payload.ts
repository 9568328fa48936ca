import type { IDataObject } from 'n8n-workflow';
import { jsonParse } from 'n8n-workflow';

export type PayloadFormat = 'hex' | 'base64' | 'bytes';

/** A message (payload, FPort, downlink) a user described that cannot be sent, and why. */
export class InvalidMessage extends Error {}

// LoRaWAN Regional Parameters: the largest MACPayload (M) is 250 bytes, of which at least 8 are
// frame header and FPort, so no data rate carries an FRMPayload (N) longer than 242 bytes.
export const MAX_FRM_PAYLOAD_BYTES = 242;

const RESERVED_TEST_PORT = 224;

/** Why `value` is not an FPort an application may use (1–255, not 224), or undefined. */
export function findFPortProblem(value: unknown): string | undefined {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof number !== 'number' || !Number.isInteger(number)) {
		return `FPort "${String(value)}" is not a whole number`;
	}
	if (number < 1 || number > 255) return `FPort ${number} is out of range: use 1–255`;
	if (number === RESERVED_TEST_PORT) {
		return 'FPort 224 is reserved for the LoRaWAN MAC layer test protocol: use 1–223 or 225–255';
	}
	return undefined;
}

/** Reads raw payload bytes written as hex, base64 or a list of byte values. */
export function parsePayload(format: PayloadFormat, value: unknown): Buffer {
	const bytes =
		format === 'hex'
			? parseHex(value)
			: format === 'base64'
				? parseBase64(value)
				: parseByteList(value);
	if (bytes.length > MAX_FRM_PAYLOAD_BYTES) {
		throw new InvalidMessage(
			`Payload is ${bytes.length} bytes long; LoRaWAN carries at most ${MAX_FRM_PAYLOAD_BYTES}`,
		);
	}
	return bytes;
}

function parseHex(value: unknown): Buffer {
	const hex = String(value ?? '').replace(/0x|[\s:,-]/gi, '');
	if (!/^[0-9a-f]*$/i.test(hex)) {
		throw new InvalidMessage(`Payload "${String(value)}" is not hexadecimal`);
	}
	if (hex.length % 2 !== 0) {
		throw new InvalidMessage(
			`Payload "${String(value)}" has an odd number of hex digits (${hex.length}): each byte needs two`,
		);
	}
	return Buffer.from(hex, 'hex');
}

// TTS reads bytes fields as standard or URL-safe base64, padded or not (pkg/jsonpb).
function parseBase64(value: unknown): Buffer {
	const text = String(value ?? '').replace(/\s/g, '');
	const unpadded = text.replace(/=+$/, '');
	if (
		!/^[A-Za-z0-9+/_-]*$/.test(unpadded) ||
		unpadded.length % 4 === 1 ||
		text.length - unpadded.length > 2
	) {
		throw new InvalidMessage(`Payload "${String(value)}" is not base64`);
	}
	return Buffer.from(unpadded.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

/** `[1, 2, 255]`, `1, 2, 255` or `1 2 255`; `0x` prefixes are read as hex. */
function parseByteList(value: unknown): Buffer {
	let entries: unknown[];
	if (Array.isArray(value)) {
		entries = value;
	} else {
		const text = String(value ?? '')
			.trim()
			.replace(/^\[|\]$/g, '');
		entries = text === '' ? [] : text.split(/[\s,]+/).filter((entry) => entry !== '');
	}
	return Buffer.from(
		entries.map((entry, index) => {
			const text = String(entry).trim();
			const byte = /^0x[0-9a-f]{1,2}$/i.test(text) ? parseInt(text, 16) : Number(text);
			if (text === '' || !Number.isInteger(byte) || byte < 0 || byte > 255) {
				throw new InvalidMessage(
					`Payload byte ${index + 1} ("${text}") is not a number from 0 to 255`,
				);
			}
			return byte;
		}),
	);
}

/** What jsonParse gives back for text that is not JSON. */
export const NOT_JSON = Symbol('not JSON');

/** Reads the JSON object a device's downlink payload formatter encodes (`decoded_payload`). */
export function parseDecodedPayload(value: unknown): IDataObject {
	let parsed: unknown = value;
	if (typeof value === 'string') {
		if (value.trim() === '') throw new InvalidMessage('Decoded Payload is empty');
		parsed = jsonParse<unknown>(value, { fallbackValue: NOT_JSON });
		if (parsed === NOT_JSON)
			throw new InvalidMessage(`Decoded Payload is not valid JSON: ${value}`);
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw new InvalidMessage(
			'Decoded Payload must be a JSON object, e.g. {"led": "on"}; the payload formatter receives it as input.data',
		);
	}
	return parsed as IDataObject;
}

/** Adds `frm_payload_hex` next to a base64 `frm_payload`, so a workflow can read the bytes. */
export function withHexPayload<T extends IDataObject>(message: T): T {
	if (typeof message.frm_payload !== 'string') return message;
	return {
		...message,
		frm_payload_hex: Buffer.from(message.frm_payload, 'base64').toString('hex').toUpperCase(),
	};
}
