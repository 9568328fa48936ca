import {
	parseMeasurements,
	validationWarnings,
	validMeasurements,
} from '../../../../../simulator/components/application/formatters/normalizedPayload';
import { TtsError } from '../../../../../simulator/errors/ttsError';

function parseError(measurement: Record<string, unknown>): unknown {
	try {
		parseMeasurements([measurement as never]);
	} catch (error) {
		return error;
	}
	return undefined;
}

describe('normalized payload (pkg/messageprocessors/normalizedpayload)', () => {
	it('keeps valid fields and reports out-of-range ones as validation errors', () => {
		const parsed = parseMeasurements([
			{
				time: '2024-10-24T12:00:00.5Z',
				air: { temperature: 21, relativeHumidity: 101, pressure: 1013, co2: 2000000 },
				soil: { pH: -1, moisture: 30, n: 5 },
				wind: { speed: 3, direction: 360 },
			},
			{ air: { pressure: 800 } },
		]);
		expect(validMeasurements(parsed)).toEqual([
			{
				time: '2024-10-24T12:00:00.5Z',
				air: { temperature: 21, pressure: 1013 },
				soil: { moisture: 30, n: 5 },
				wind: { speed: 3 },
			},
		]);
		expect(validationWarnings(parsed)).toEqual([
			'measurement 1: `air.relativeHumidity` should be equal or less than `100`',
			'measurement 1: `air.co2` should be equal or less than `1000000`',
			'measurement 1: `soil.pH` should be equal or greater than `0`',
			'measurement 1: `wind.direction` should be less than `360`',
			'measurement 2: `air.pressure` should be equal or greater than `900`',
		]);
	});

	it('fails on unknown fields, wrong types and times that are not RFC 3339', () => {
		const unknown = parseError({ air: { smell: 1 } }) as TtsError;
		expect(unknown.id).toBe('pkg/messageprocessors/normalizedpayload:unknown_field');
		expect(unknown.attributes).toEqual({ path: 'air.smell' });
		const wrongType = parseError({ air: { temperature: '21' } }) as TtsError;
		expect(wrongType.id).toBe('pkg/messageprocessors/normalizedpayload:field_type');
		expect((parseError({ air: 5 }) as TtsError).attributes).toEqual({ path: 'air' });
		expect(parseError({ time: '2024-10-24 12:00' })).toBeInstanceOf(Error);
		expect(parseError({ time: '2024-10-24T12:00:00+02:00' })).toBeUndefined();
	});
});
