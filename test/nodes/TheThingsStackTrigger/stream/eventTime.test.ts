import {
	formatTime,
	parseEventTime,
	subMillisecondOf,
} from '../../../../nodes/TheThingsStackTrigger/stream/eventTime';

describe('event times', () => {
	it('reads RFC 3339 times with nanoseconds, truncated to milliseconds as TTS compares them', () => {
		expect(parseEventTime('2024-10-01T12:00:00.123456789Z')).toBe(
			Date.UTC(2024, 9, 1, 12, 0, 0, 123),
		);
		expect(parseEventTime('2024-10-01T12:00:00.1Z')).toBe(Date.UTC(2024, 9, 1, 12, 0, 0, 100));
		expect(parseEventTime('2024-10-01T12:00:00Z')).toBe(Date.UTC(2024, 9, 1, 12, 0, 0, 0));
		expect(parseEventTime('2024-10-01T14:00:00.5+02:00')).toBe(Date.UTC(2024, 9, 1, 12, 0, 0, 500));
		expect(parseEventTime('yesterday')).toBeUndefined();
		expect(parseEventTime(undefined)).toBeUndefined();
	});

	it('writes UTC times ending in Z, as TTS requires', () => {
		expect(formatTime(Date.UTC(2024, 9, 1, 12, 0, 0, 7))).toBe('2024-10-01T12:00:00.007Z');
	});

	it('gives the nanoseconds within the millisecond, to order events of one millisecond', () => {
		expect(subMillisecondOf('2024-10-01T12:00:00.123456789Z')).toBe(456_789);
		expect(subMillisecondOf('2024-10-01T12:00:00.1234Z')).toBe(400_000);
		expect(subMillisecondOf('2024-10-01T12:00:00.123Z')).toBe(0);
		expect(subMillisecondOf('2024-10-01T12:00:00Z')).toBe(0);
		expect(subMillisecondOf(undefined)).toBe(0);
	});
});
