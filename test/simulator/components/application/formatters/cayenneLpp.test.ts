import type { JsonObject } from '../../../../../simulator/encoding/json';
import { TtsError } from '../../../../../simulator/errors/ttsError';
import {
	cayenneLppFormatter,
	decodeLppDownlink,
	decodeLppUplink,
	encodeLppDownlink,
} from '../../../../../simulator/components/application/formatters/cayenneLpp';

const device = { ids: {} };
const hex = (text: string) => Buffer.from(text.replace(/\s/g, ''), 'hex');

describe('CayenneLPP payload formatter (pkg/messageprocessors/cayennelpp, go-cayenne-lib v1.2.0)', () => {
	it('decodes every uplink type the library knows, to <type>_<channel>', () => {
		const payload = hex(`
			01 00 01            02 01 00            03 02 FF 38         04 03 01 2C
			05 65 01 F4         06 66 01            07 67 FF 38         08 68 61
			09 71 03 E8 FC 18 00 00                 0A 73 27 54
			0B 86 00 64 FF 9C 00 00                 0C 88 06 76 5F F2 96 0A 00 03 E8
		`);
		expect(decodeLppUplink(payload)).toEqual({
			digital_in_1: 1,
			digital_out_2: 0,
			analog_in_3: -2,
			analog_out_4: 3,
			luminosity_5: 500,
			presence_6: 1,
			temperature_7: -20,
			relative_humidity_8: 48.5,
			accelerometer_9: { x: 1, y: -1, z: 0 },
			barometric_pressure_10: 1006.8,
			gyrometer_11: { x: 1, y: -1, z: 0 },
			gps_12: { latitude: 42.3519, longitude: -87.9094, altitude: 10 },
		});
	});

	it('fails with output on an unknown type or a value cut short, leaving the message undecoded', () => {
		for (const payload of ['01 FF 00', '01 67 01', '01']) {
			const message: JsonObject = { f_port: 1, frm_payload: hex(payload).toString('base64') };
			let error: unknown;
			try {
				cayenneLppFormatter.decodeUplink(device, message, '');
			} catch (thrown) {
				error = thrown;
			}
			expect((error as TtsError).id).toBe('pkg/messageprocessors/cayennelpp:output');
			expect(message.decoded_payload).toBeUndefined();
		}
	});

	it('encodes value_<channel> numbers as channel and int16 of value × 100, skipping other keys', () => {
		const payload = encodeLppDownlink({
			value_1: 1.5,
			value_2: -0.01,
			value_3: 0.29,
			temperature_4: 20,
			value_x: 1,
			value_5: 'on',
			value_300: 1,
		});
		// 0.29 × 100 is 28.999…: Go truncates it to 28.
		expect(payload.toString('hex')).toBe('010096' + '02ffff' + '03001c');
	});

	it('round-trips downlinks: what it encodes decodes to the same values; 0xFF ends a payload', () => {
		const values = { value_1: 1.5, value_7: -12.25, value_254: 327.67 };
		const message: JsonObject = { decoded_payload: values };
		cayenneLppFormatter.encodeDownlink(device, message, '');
		cayenneLppFormatter.decodeDownlink(device, message, '');
		expect(message.decoded_payload).toEqual(values);
		expect(decodeLppDownlink(hex('01 00 64 FF 02 00 64'))).toEqual({ value_1: 1 });
		// Channel 255 encodes, but reads back as the end of the payload.
		expect(decodeLppDownlink(encodeLppDownlink({ value_255: 1, value_1: 2 }))).toEqual({});
	});

	it('leaves frm_payload empty when nothing in the decoded payload is encodable', () => {
		const message: JsonObject = { f_port: 1, decoded_payload: { led: 'on' } };
		cayenneLppFormatter.encodeDownlink(device, message, '');
		expect(message.frm_payload).toBeUndefined();
	});
});
