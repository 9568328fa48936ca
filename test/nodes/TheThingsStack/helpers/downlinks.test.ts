import {
	downlinkFromFields,
	downlinksFromJson,
} from '../../../../nodes/TheThingsStack/helpers/downlinks';

describe('downlinkFromFields', () => {
	it('builds an ApplicationDownlink from hex with a normal priority', () => {
		expect(downlinkFromFields({ fPort: 2, payloadFormat: 'hex', payload: '01 02' })).toEqual({
			f_port: 2,
			frm_payload: 'AQI=',
			priority: 'NORMAL',
		});
	});

	it('carries a decoded payload, confirmation with retries, priority, class B/C and correlation IDs', () => {
		expect(
			downlinkFromFields({
				fPort: 10,
				payloadFormat: 'json',
				decodedPayload: '{"led":"on"}',
				confirmed: true,
				retryAttempts: 3,
				priority: 'highest',
				classBcGateways: 'gw-one, gw-two:1',
				absoluteTime: '2030-01-02T03:04:05+01:00',
				correlationIds: 'order:42, run:7',
			}),
		).toEqual({
			f_port: 10,
			decoded_payload: { led: 'on' },
			confirmed: true,
			confirmed_retry: { max_attempts: 3 },
			priority: 'HIGHEST',
			class_b_c: {
				gateways: [
					{ gateway_ids: { gateway_id: 'gw-one' } },
					{ gateway_ids: { gateway_id: 'gw-two' }, antenna_index: 1 },
				],
				absolute_time: '2030-01-02T02:04:05.000Z',
			},
			correlation_ids: ['order:42', 'run:7'],
		});
	});

	it('ignores retry attempts of an unconfirmed downlink', () => {
		expect(
			downlinkFromFields({ fPort: 1, payloadFormat: 'base64', payload: 'AQ==', retryAttempts: 3 }),
		).not.toHaveProperty('confirmed_retry');
	});

	it('says what is wrong', () => {
		const base = { fPort: 1, payloadFormat: 'hex' as const, payload: '01' };
		expect(() => downlinkFromFields({ ...base, fPort: 224 })).toThrow(/FPort 224 is reserved/);
		expect(() => downlinkFromFields({ ...base, payload: ' ' })).toThrow(
			'Payload is empty: give the bytes to send',
		);
		expect(() => downlinkFromFields({ ...base, priority: 'urgent' })).toThrow(
			/Priority "urgent" is not one of LOWEST/,
		);
		expect(() => downlinkFromFields({ ...base, confirmed: true, retryAttempts: 0 })).toThrow(
			/Retry Attempts "0" is not valid/,
		);
		expect(() => downlinkFromFields({ ...base, classBcGateways: 'Not OK' })).toThrow(
			/^Class B\/C gateway: Gateway ID "Not OK" is not valid/,
		);
		expect(() => downlinkFromFields({ ...base, absoluteTime: 'tomorrow' })).toThrow(
			'Class B/C Absolute Time "tomorrow" is not a date',
		);
		expect(() => downlinkFromFields({ ...base, correlationIds: 'x'.repeat(101) })).toThrow(
			/longer than 100 characters/,
		);
	});
});

describe('downlinksFromJson', () => {
	it('reads a list in the API format, snake_case or camelCase, normalised, NORMAL priority by default', () => {
		expect(
			downlinksFromJson(
				JSON.stringify([
					{ f_port: 1, frm_payload: 'AQL_' },
					{
						fPort: 2,
						decodedPayload: { on: true },
						confirmed: true,
						confirmedRetry: { max_attempts: 2 },
					},
				]),
			),
		).toEqual([
			{ f_port: 1, frm_payload: 'AQL/', priority: 'NORMAL' },
			{
				f_port: 2,
				priority: 'NORMAL',
				decoded_payload: { on: true },
				confirmed: true,
				confirmed_retry: { max_attempts: 2 },
			},
		]);
	});

	it('takes a single object, and objects from an expression', () => {
		expect(downlinksFromJson({ f_port: 3, frm_payload: '' })).toEqual([
			{ f_port: 3, frm_payload: '', priority: 'NORMAL' },
		]);
	});

	it('checks class B/C entries and priorities', () => {
		expect(
			downlinksFromJson({
				f_port: 1,
				frm_payload: 'AQ==',
				priority: 'below_normal',
				class_b_c: { gateways: [{ gateway_ids: { gateway_id: 'gw-1' }, antenna_index: 0 }] },
			}),
		).toEqual([
			{
				f_port: 1,
				frm_payload: 'AQ==',
				priority: 'BELOW_NORMAL',
				class_b_c: { gateways: [{ gateway_ids: { gateway_id: 'gw-1' }, antenna_index: 0 }] },
			},
		]);
	});

	it('names the downlink and the field that is wrong', () => {
		expect(() =>
			downlinksFromJson('[{"f_port":1,"frm_payload":"AQ=="},{"f_port":0,"frm_payload":"AQ=="}]'),
		).toThrow('Downlink 2: FPort 0 is out of range: use 1–255');
		expect(() => downlinksFromJson('{"fport":1}')).toThrow(/^"fport" is not a downlink field/);
		expect(() => downlinksFromJson('{"f_port":1}')).toThrow(
			/give frm_payload \(base64 bytes\) or decoded_payload/,
		);
		expect(() => downlinksFromJson('{"f_port":1,"frm_payload":"%%"}')).toThrow(/is not base64/);
		expect(() => downlinksFromJson('{"f_port":1,"frm_payload":"","confirmed":"yes"}')).toThrow(
			'confirmed must be true or false',
		);
		expect(() => downlinksFromJson('[1]')).toThrow(/a downlink must be a JSON object/);
		expect(() => downlinksFromJson('[]')).toThrow(/is an empty list/);
		expect(() => downlinksFromJson('not json')).toThrow('Downlinks (JSON) is not valid JSON');
	});
});
