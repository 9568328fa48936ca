import type { JsonObject } from '../../../../../simulator/encoding/json';
import { TtsError } from '../../../../../simulator/errors/ttsError';
import { javascriptFormatter } from '../../../../../simulator/components/application/formatters/javascript';

const device = { ids: { device_id: 'dev1', application_ids: { application_id: 'app1' } } };

const base64 = (bytes: number[]) => Buffer.from(bytes).toString('base64');

function decodeUplink(script: string, bytes: number[], fPort = 1): JsonObject {
	const message: JsonObject = { f_port: fPort, frm_payload: base64(bytes) };
	javascriptFormatter.decodeUplink(device, message, script);
	return message;
}

function encodeDownlink(script: string, downlink: JsonObject): JsonObject {
	const message = structuredClone(downlink);
	javascriptFormatter.encodeDownlink(device, message, script);
	return message;
}

function failure(action: () => unknown): TtsError {
	try {
		action();
	} catch (error) {
		if (error instanceof TtsError) return error;
		throw error;
	}
	throw new Error('no error');
}

describe('JavaScript payload formatter (pkg/messageprocessors/javascript)', () => {
	describe('uplink decoder', () => {
		it('runs decodeUplink({bytes, fPort}) and keeps data and warnings', () => {
			const script = `function decodeUplink(input) {
				var t = (((input.bytes[0] & 0x80 ? input.bytes[0] - 0x100 : input.bytes[0]) << 8) | input.bytes[1]) / 100;
				return { data: { temperature: t, port: input.fPort }, warnings: t < -10 ? ["it's cold"] : [] };
			}`;
			expect(decodeUplink(script, [0xf7, 0xae], 5)).toMatchObject({
				decoded_payload: { temperature: -21.3, port: 5 },
				decoded_payload_warnings: ["it's cold"],
			});
			expect(decodeUplink(script, [0x08, 0x34]).decoded_payload_warnings).toBeUndefined();
		});

		it('falls back to the legacy Decoder(bytes, fPort) of The Things Network Stack V2', () => {
			const script =
				'function Decoder(bytes, port) { return { sum: bytes[0] + bytes[1], port: port }; }';
			expect(decodeUplink(script, [1, 2], 3).decoded_payload).toEqual({ sum: 3, port: 3 });
			// A script with neither function fails on the missing Decoder.
			const missing = failure(() => decodeUplink('var nothing = 1;', [1]));
			expect(missing.id).toBe('pkg/scripting/javascript:script');
			expect(missing.attributes.message).toMatch(/^ReferenceError: Decoder is not defined at main/);
		});

		it('fails with the errors the decoder returns, joined', () => {
			const failed = failure(() =>
				decodeUplink(
					'function decodeUplink() { return { errors: ["too short", "bad type"] }; }',
					[1],
				),
			);
			expect(failed.id).toBe('pkg/messageprocessors/javascript:output_errors');
			expect(failed.message).toBe(
				'error:pkg/messageprocessors/javascript:output_errors (too short, bad type)',
			);
		});

		it('gives an empty decoded payload for missing data, and refuses what a Struct cannot hold', () => {
			expect(decodeUplink('function decodeUplink() { return {}; }', [1]).decoded_payload).toEqual(
				{},
			);
			const notAnObject = failure(() =>
				decodeUplink('function decodeUplink() { return { data: 42 }; }', [1]),
			);
			expect(notAnObject.id).toBe('pkg/messageprocessors/javascript:output');
			expect(notAnObject.errorCause?.id).toBe('pkg/scripting/javascript:runtime');
			const nothing = failure(() => decodeUplink('function decodeUplink() { return null; }', [1]));
			expect(nothing.id).toBe('pkg/scripting/javascript:script');
			const nan = failure(() =>
				decodeUplink(
					'function decodeUplink() { return { data: { t: NaN, l: [1, Infinity] } }; }',
					[1],
				),
			);
			expect(nan.id).toBe('pkg/messageprocessors/javascript:output_encoding');
			expect(nan.attributes.errors).toBe('.t: invalid NaN value, .l[1]: invalid Infinity value');
			const fn = failure(() =>
				decodeUplink('function decodeUplink() { return { data: { f: function () {} } }; }', [1]),
			);
			expect(fn.id).toBe('pkg/messageprocessors/javascript:output');
			const cyclic = failure(() =>
				decodeUplink('function decodeUplink() { var d = {}; d.me = d; return { data: d }; }', [1]),
			);
			expect(cyclic.errorCause?.id).toBe('pkg/goproto:stack_depth_exceeded');
			expect(
				decodeUplink('function decodeUplink() { return { data: { at: new Date(0) } }; }', [1])
					.decoded_payload,
			).toEqual({ at: {} });
		});

		it('normalizes with normalizeUplink: valid fields kept, out-of-range ones dropped with a warning', () => {
			const script = `function decodeUplink(input) { return { data: { t: input.bytes[0] - 300 } }; }
			function normalizeUplink(input) {
				return { data: [
					{ air: { temperature: input.data.t, relativeHumidity: 40 } },
					{ wind: { direction: 400 } }
				], warnings: ["estimated"] };
			}`;
			expect(decodeUplink(script, [10])).toMatchObject({
				decoded_payload: { t: -290 },
				normalized_payload: [{ air: { relativeHumidity: 40 } }],
				normalized_payload_warnings: [
					'estimated',
					'measurement 1: `air.temperature` should be equal or greater than `-273.15`',
					'measurement 2: `wind.direction` should be less than `360`',
				],
			});
		});

		it('fails on a normalized payload with an unknown field, after setting the decoded payload', () => {
			const message: JsonObject = { f_port: 1, frm_payload: base64([1]) };
			const failed = failure(() =>
				javascriptFormatter.decodeUplink(
					device,
					message,
					`function decodeUplink() { return { data: { a: 1 } }; }
					function normalizeUplink() { return { data: { air: { smell: 3 } } }; }`,
				),
			);
			expect(failed.id).toBe('pkg/messageprocessors/javascript:output');
			expect(failed.errorCause?.id).toBe('pkg/messageprocessors/normalizedpayload:unknown_field');
			expect(failed.errorCause?.attributes).toEqual({ path: 'air.smell' });
			expect(message.decoded_payload).toEqual({ a: 1 });
			expect(message.normalized_payload).toBeUndefined();
		});

		it('takes a decoded payload in the normalized shape as normalized when there is no normalizeUplink', () => {
			expect(
				decodeUplink(
					'function decodeUplink() { return { data: { air: { temperature: 21.5 } } }; }',
					[1],
				),
			).toMatchObject({ normalized_payload: [{ air: { temperature: 21.5 } }] });
			expect(
				decodeUplink('function decodeUplink() { return { data: { temperature: 21.5 } }; }', [1])
					.normalized_payload,
			).toBeUndefined();
		});
	});

	describe('downlink encoder', () => {
		it('runs encodeDownlink({data, fPort}) and takes the bytes and the FPort it returns', () => {
			const script = `function encodeDownlink(input) {
				var colors = ["red", "green", "blue"];
				return { bytes: [colors.indexOf(input.data.color)], fPort: 4, warnings: ["ok"] };
			}`;
			expect(encodeDownlink(script, { decoded_payload: { color: 'blue' } })).toEqual({
				decoded_payload: { color: 'blue' },
				frm_payload: base64([2]),
				f_port: 4,
				decoded_payload_warnings: ['ok'],
			});
		});

		it('keeps the request FPort when the encoder names none, and uses 1 when the request has none', () => {
			const script = 'function encodeDownlink(input) { return { bytes: [1] }; }';
			expect(encodeDownlink(script, { f_port: 9, decoded_payload: { a: 1 } }).f_port).toBe(9);
			expect(encodeDownlink(script, { decoded_payload: { a: 1 } }).f_port).toBe(1);
		});

		it('gives the request FPort to the encoder as a Number object (a Go *uint8 in goja)', () => {
			const script =
				'function encodeDownlink(input) { return { bytes: [typeof input.fPort === "object" ? 1 : 0, input.fPort === 3 ? 1 : 0, input.fPort == 3 ? 1 : 0] }; }';
			expect(encodeDownlink(script, { f_port: 3, decoded_payload: { a: 1 } }).frm_payload).toBe(
				base64([1, 0, 1]),
			);
		});

		it('falls back to the legacy Encoder(data, fPort), whose FPort is the request FPort', () => {
			const script = 'function Encoder(payload, port) { return [payload.level, port]; }';
			expect(encodeDownlink(script, { f_port: 7, decoded_payload: { level: 3 } })).toMatchObject({
				frm_payload: base64([3, 7]),
				f_port: 7,
			});
			// Without an FPort in the request the legacy encoder returns FPort 0: the push fails later.
			expect(encodeDownlink(script, { decoded_payload: { level: 3 } }).f_port).toBe(0);
			const notBytes = failure(() =>
				encodeDownlink('function Encoder() { return { value: 42 }; }', {
					decoded_payload: { a: 1 },
				}),
			);
			expect(notBytes.id).toBe('pkg/messageprocessors/javascript:output');
		});

		it('passes an empty decoded payload as data null (goproto.Map of an empty Struct)', () => {
			const script =
				'function encodeDownlink(input) { return { bytes: [input.data === null ? 1 : 0] }; }';
			expect(encodeDownlink(script, { f_port: 1, decoded_payload: {} }).frm_payload).toBe(
				base64([1]),
			);
		});

		it('fails with the encoder errors, or output when it returns nothing', () => {
			const errors = failure(() =>
				encodeDownlink(
					'function encodeDownlink() { return { bytes: [1], errors: ["error 1", "error 2"] }; }',
					{
						decoded_payload: { a: 1 },
					},
				),
			);
			expect(errors.id).toBe('pkg/messageprocessors/javascript:output_errors');
			expect(errors.attributes).toEqual({ errors: 'error 1, error 2' });
			const nothing = failure(() =>
				encodeDownlink('function encodeDownlink() {}', { decoded_payload: { a: 1 } }),
			);
			expect(nothing.id).toBe('pkg/messageprocessors/javascript:output');
			expect(nothing.errorCause?.id).toBe('pkg/scripting/javascript:no_script_output');
		});
	});

	describe('downlink decoder', () => {
		it('runs decodeDownlink({bytes, fPort}); a script without it fails', () => {
			const message: JsonObject = { f_port: 2, frm_payload: base64([1]) };
			javascriptFormatter.decodeDownlink(
				device,
				message,
				'function decodeDownlink(input) { return { data: { on: input.bytes[0] === 1, port: input.fPort }, warnings: ["w"] }; }',
			);
			expect(message).toMatchObject({
				decoded_payload: { on: true, port: 2 },
				decoded_payload_warnings: ['w'],
			});
			const missing = failure(() =>
				javascriptFormatter.decodeDownlink(device, { f_port: 2 }, 'function encodeDownlink() {}'),
			);
			expect(missing.attributes.message).toMatch(/^ReferenceError: decodeDownlink is not defined/);
		});
	});
});
