import {
	findFPortProblem,
	InvalidMessage,
	MAX_FRM_PAYLOAD_BYTES,
	parseDecodedPayload,
	parsePayload,
	withHexPayload,
} from '../../../../nodes/TheThingsStack/helpers/payload';

const bytes = (buffer: Buffer) => [...buffer];

describe('parsePayload', () => {
	it('reads hex with the separators people paste, in any case', () => {
		expect(bytes(parsePayload('hex', '01 02:ff-A0'))).toEqual([1, 2, 255, 160]);
		expect(bytes(parsePayload('hex', '0x01FF'))).toEqual([1, 255]);
		expect(bytes(parsePayload('hex', '0x01, 0x02'))).toEqual([1, 2]);
		expect(bytes(parsePayload('hex', ''))).toEqual([]);
	});

	it('refuses hex that is not hex or has half a byte', () => {
		expect(() => parsePayload('hex', '01zz')).toThrow(
			new InvalidMessage('Payload "01zz" is not hexadecimal'),
		);
		expect(() => parsePayload('hex', '012')).toThrow(/odd number of hex digits \(3\)/);
	});

	it('reads standard and URL-safe base64, padded or not, as TTS does', () => {
		expect(bytes(parsePayload('base64', 'AQL/'))).toEqual([1, 2, 255]);
		expect(bytes(parsePayload('base64', 'AQL_'))).toEqual([1, 2, 255]);
		expect(bytes(parsePayload('base64', 'AQI='))).toEqual([1, 2]);
		expect(bytes(parsePayload('base64', 'AQI'))).toEqual([1, 2]);
	});

	it('refuses text that is not base64', () => {
		expect(() => parsePayload('base64', 'AQ I$')).toThrow(/is not base64/);
		expect(() => parsePayload('base64', 'A')).toThrow(/is not base64/);
		expect(() => parsePayload('base64', 'AQ===')).toThrow(/is not base64/);
	});

	it('reads byte lists as text, JSON-like text or arrays', () => {
		expect(bytes(parsePayload('bytes', '1, 2, 255'))).toEqual([1, 2, 255]);
		expect(bytes(parsePayload('bytes', '[1,2,0x10]'))).toEqual([1, 2, 16]);
		expect(bytes(parsePayload('bytes', [3, '4']))).toEqual([3, 4]);
	});

	it('names the byte that is not a byte', () => {
		expect(() => parsePayload('bytes', '1, 256')).toThrow(
			new InvalidMessage('Payload byte 2 ("256") is not a number from 0 to 255'),
		);
		expect(() => parsePayload('bytes', '1.5')).toThrow(/byte 1/);
	});

	it('refuses payloads longer than LoRaWAN can carry', () => {
		expect(parsePayload('hex', 'AB'.repeat(MAX_FRM_PAYLOAD_BYTES))).toHaveLength(242);
		expect(() => parsePayload('hex', 'AB'.repeat(MAX_FRM_PAYLOAD_BYTES + 1))).toThrow(
			/243 bytes long; LoRaWAN carries at most 242/,
		);
	});
});

describe('findFPortProblem', () => {
	it('accepts 1–255 except 224, also as text', () => {
		expect(findFPortProblem(1)).toBeUndefined();
		expect(findFPortProblem(223)).toBeUndefined();
		expect(findFPortProblem('255')).toBeUndefined();
	});

	it('explains each kind of bad port', () => {
		expect(findFPortProblem(0)).toBe('FPort 0 is out of range: use 1–255');
		expect(findFPortProblem(256)).toBe('FPort 256 is out of range: use 1–255');
		expect(findFPortProblem(224)).toMatch(
			/^FPort 224 is reserved for the LoRaWAN MAC layer test protocol/,
		);
		expect(findFPortProblem(1.5)).toBe('FPort "1.5" is not a whole number');
		expect(findFPortProblem('')).toBe('FPort "" is not a whole number');
	});
});

describe('parseDecodedPayload', () => {
	it('reads JSON text and objects', () => {
		expect(parseDecodedPayload('{"led": "on"}')).toEqual({ led: 'on' });
		expect(parseDecodedPayload({ level: 3 })).toEqual({ level: 3 });
	});

	it('refuses what a formatter cannot take as input.data', () => {
		expect(() => parseDecodedPayload('{led')).toThrow(/is not valid JSON/);
		expect(() => parseDecodedPayload('[1]')).toThrow(/must be a JSON object/);
		expect(() => parseDecodedPayload('  ')).toThrow(/is empty/);
		expect(() => parseDecodedPayload(5)).toThrow(/must be a JSON object/);
	});
});

describe('withHexPayload', () => {
	it('adds the hex form of frm_payload, leaving messages without one alone', () => {
		expect(withHexPayload({ f_port: 1, frm_payload: 'AQL/' })).toEqual({
			f_port: 1,
			frm_payload: 'AQL/',
			frm_payload_hex: '0102FF',
		});
		expect(withHexPayload({ decoded_payload: {} })).toEqual({ decoded_payload: {} });
	});
});
