import type { JsonObject } from '../../../encoding/json';
import { ttsError } from '../../../errors/ttsError';
import type { PayloadEncoderDecoder } from './payloadProcessor';

/**
 * The CayenneLPP payload formatter (pkg/messageprocessors/cayennelpp/cayennelpp.go) with the
 * codec of github.com/TheThingsNetwork/go-cayenne-lib v1.2.0 (decoder.go, encoder.go): uplinks
 * decode every LPP type the library knows to `<type>_<channel>` keys; downlinks carry
 * `value_<channel>` numbers (channel, int16 of value × 100), ended by the end of the payload or
 * 0xFF.
 */

/** A payload that ends inside a value, or an unknown type: the library's decoding errors. */
class LppDecodingError extends Error {}

class Reader {
	private offset = 0;

	constructor(private readonly bytes: Buffer) {}

	get done(): boolean {
		return this.offset >= this.bytes.length;
	}

	private take(length: number): Buffer {
		if (this.offset + length > this.bytes.length) throw new LppDecodingError('unexpected EOF');
		const slice = this.bytes.subarray(this.offset, this.offset + length);
		this.offset += length;
		return slice;
	}

	uint8 = () => this.take(1).readUInt8(0);
	int16 = () => this.take(2).readInt16BE(0);
	uint16 = () => this.take(2).readUInt16BE(0);
	/** decodeGPS: a 3-byte signed big-endian integer. */
	int24 = () => this.take(3).readIntBE(0, 3);
}

type ValueDecoder = (reader: Reader) => number | Record<string, number>;

const axes = (scale: number): ValueDecoder => {
	return (reader) => {
		const [x, y, z] = [reader.int16(), reader.int16(), reader.int16()];
		return { x: x / scale, y: y / scale, z: z / scale };
	};
};

// types.go (type numbers) and the decodedMap keys of cayennelpp.go / keys.go.
const uplinkTypes: Record<number, { key: string; decode: ValueDecoder }> = {
	0: { key: 'digital_in', decode: (reader) => reader.uint8() },
	1: { key: 'digital_out', decode: (reader) => reader.uint8() },
	2: { key: 'analog_in', decode: (reader) => reader.int16() / 100 },
	3: { key: 'analog_out', decode: (reader) => reader.int16() / 100 },
	101: { key: 'luminosity', decode: (reader) => reader.uint16() },
	102: { key: 'presence', decode: (reader) => reader.uint8() },
	103: { key: 'temperature', decode: (reader) => reader.int16() / 10 },
	104: { key: 'relative_humidity', decode: (reader) => reader.uint8() / 2 },
	113: { key: 'accelerometer', decode: axes(1000) },
	// The library reads barometric pressure as a signed int16, although LPP calls it unsigned.
	115: { key: 'barometric_pressure', decode: (reader) => reader.int16() / 10 },
	134: { key: 'gyrometer', decode: axes(100) },
	136: {
		key: 'gps',
		decode: (reader) => {
			const [latitude, longitude, altitude] = [reader.int24(), reader.int24(), reader.int24()];
			return { latitude: latitude / 10000, longitude: longitude / 10000, altitude: altitude / 100 };
		},
	},
};

function payloadOf(message: JsonObject): Buffer {
	return Buffer.from(typeof message.frm_payload === 'string' ? message.frm_payload : '', 'base64');
}

/** decoder.go DecodeUplink: channel, type, value, until the payload ends. */
export function decodeLppUplink(payload: Buffer): JsonObject {
	const reader = new Reader(payload);
	const decoded: JsonObject = {};
	while (!reader.done) {
		const [channel, type] = [reader.uint8(), reader.uint8()];
		const known = uplinkTypes[type];
		if (!known) throw new LppDecodingError('cayennelpp: unknown type');
		decoded[`${known.key}_${channel}`] = known.decode(reader);
	}
	return decoded;
}

/** decoder.go DecodeDownlink: channel and int16 (value × 100), until the end or 0xFF. */
export function decodeLppDownlink(payload: Buffer): JsonObject {
	const reader = new Reader(payload);
	const decoded: JsonObject = {};
	while (!reader.done) {
		const channel = reader.uint8();
		if (channel === 0xff) break;
		decoded[`value_${channel}`] = reader.int16() / 100;
	}
	return decoded;
}

/** keys.go parseName: `<key>_<channel>`, the channel as strconv.Atoi reads it, 0–255. */
function parseName(name: string): { key: string; channel: number } | undefined {
	const parts = name.split('_');
	if (parts.length < 2) return undefined;
	const key = parts.slice(0, -1).join('_');
	const digits = parts[parts.length - 1];
	if (key === '' || !/^[+-]?\d+$/.test(digits)) return undefined;
	const channel = Number(digits);
	if (channel < 0 || channel > 255) return undefined;
	return { key, channel };
}

/**
 * cayennelpp.go EncodeDownlink: each `value_<channel>` number as AddPort writes it (the channel,
 * then int16(value × 100) big-endian); other keys and non-numbers are skipped. Go walks the map
 * in random order; this keeps the object's key order.
 */
export function encodeLppDownlink(decoded: JsonObject): Buffer {
	const bytes: number[] = [];
	for (const [name, value] of Object.entries(decoded)) {
		const parsed = parseName(name);
		if (!parsed || parsed.key !== 'value' || typeof value !== 'number') continue;
		// int16(float64): truncation, then the low 16 bits (as on amd64).
		const scaled = Math.trunc(value * 100);
		const word = Number.isFinite(scaled) ? ((scaled % 65536) + 65536) % 65536 : 0;
		bytes.push(parsed.channel, word >> 8, word & 0xff);
	}
	return Buffer.from(bytes);
}

function decodeWith(message: JsonObject, decode: (payload: Buffer) => JsonObject): void {
	try {
		message.decoded_payload = decode(payloadOf(message));
	} catch (error) {
		if (error instanceof LppDecodingError)
			throw ttsError('pkg/messageprocessors/cayennelpp:output');
		throw error;
	}
}

export const cayenneLppFormatter: PayloadEncoderDecoder = {
	encodeDownlink: (_device, message) => {
		const decoded = message.decoded_payload;
		if (typeof decoded !== 'object' || decoded === null || Array.isArray(decoded)) return;
		const payload = encodeLppDownlink(decoded);
		if (payload.length > 0) message.frm_payload = payload.toString('base64');
		else delete message.frm_payload;
	},
	decodeUplink: (_device, message) => decodeWith(message, decodeLppUplink),
	decodeDownlink: (_device, message) => decodeWith(message, decodeLppDownlink),
};
