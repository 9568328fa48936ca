import { isJsonObject, JsonObject } from '../../encoding/json';

/**
 * The simulator cannot run JavaScript formatters, so it applies documented built-in rules
 * whenever a device (or its application's link default) has a formatter that is not
 * FORMATTER_NONE:
 *
 * Uplink decoder
 * - parameter containing `simulator:environment`: 5 bytes → {temperature, humidity, battery}:
 *   int16 BE temperature in 0.01 °C, uint8 humidity in 0.5 %, uint16 BE battery in mV (→ V).
 * - otherwise: a payload that is a UTF-8 JSON object decodes to that object; any other payload
 *   to {bytes: [..]}.
 *
 * Downlink encoder: `decoded_payload.bytes` (array of 0..255) → those bytes; otherwise the
 * UTF-8 JSON text of decoded_payload.
 */
export const environmentFormatterMarker = 'simulator:environment';

export function activeFormatter(
	formatters: JsonObject | undefined,
	direction: 'up' | 'down',
): JsonObject | undefined {
	if (!formatters) return undefined;
	const formatter = formatters[`${direction}_formatter`];
	if (typeof formatter !== 'string' || formatter === 'FORMATTER_NONE') return undefined;
	return { formatter, parameter: formatters[`${direction}_formatter_parameter`] ?? '' };
}

export function decodeUplinkPayload(formatter: JsonObject, payload: Buffer): JsonObject {
	if (String(formatter.parameter).includes(environmentFormatterMarker) && payload.length >= 5) {
		return {
			temperature: payload.readInt16BE(0) / 100,
			humidity: payload.readUInt8(2) / 2,
			battery: payload.readUInt16BE(3) / 1000,
		};
	}
	try {
		const parsed: unknown = JSON.parse(payload.toString('utf8'));
		if (isJsonObject(parsed)) return parsed;
	} catch {
		// Not JSON: fall through to the byte list.
	}
	return { bytes: [...payload] };
}

export function encodeEnvironmentPayload(reading: {
	temperature: number;
	humidity: number;
	battery: number;
}): Buffer {
	const payload = Buffer.alloc(5);
	payload.writeInt16BE(Math.round(reading.temperature * 100), 0);
	payload.writeUInt8(Math.max(0, Math.min(255, Math.round(reading.humidity * 2))), 2);
	payload.writeUInt16BE(Math.round(reading.battery * 1000), 3);
	return payload;
}

export function encodeDownlinkPayload(decoded: JsonObject): Buffer {
	const bytes = decoded.bytes;
	if (
		Array.isArray(bytes) &&
		bytes.every((byte) => typeof byte === 'number' && byte >= 0 && byte <= 255)
	) {
		return Buffer.from(bytes as number[]);
	}
	return Buffer.from(JSON.stringify(decoded), 'utf8');
}
