// TTS writes times as RFC 3339 in UTC with up to nanosecond digits ("…T12:00:00.123456789Z");
// JavaScript dates hold milliseconds, which is also the precision TTS compares `after` at
// (pkg/events/redis/store.go).
const RFC3339 = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/i;

// Events come in bursts within the same second: its start is parsed once.
let lastSecond = '';
let lastSecondMs = 0;
const UTC_WITH_FRACTION = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\.(\d+)Z$/;

/** Milliseconds since the epoch of an event time (sub-millisecond digits cut off), or undefined. */
export function parseEventTime(time: unknown): number | undefined {
	if (typeof time !== 'string') return undefined;
	const utc = UTC_WITH_FRACTION.exec(time);
	if (utc) {
		if (utc[1] !== lastSecond) {
			const parsed = Date.parse(`${utc[1]}Z`);
			if (Number.isNaN(parsed)) return undefined;
			lastSecond = utc[1];
			lastSecondMs = parsed;
		}
		return lastSecondMs + Number(utc[2].padEnd(3, '0').slice(0, 3));
	}
	const match = RFC3339.exec(time);
	if (!match) return undefined;
	const milliseconds = (match[2] ?? '').padEnd(3, '0').slice(0, 3);
	const parsed = Date.parse(`${match[1]}.${milliseconds}${match[3].toUpperCase()}`);
	return Number.isNaN(parsed) ? undefined : parsed;
}

/** A time for TTS requests: RFC 3339, UTC, ending in `Z` as TTS requires (pkg/jsonpb). */
export function formatTime(milliseconds: number): string {
	return new Date(milliseconds).toISOString();
}

const FRACTION = /\.(\d+)(?:Z|[+-]\d\d:\d\d)$/i;

/** The nanoseconds within the millisecond of an event time (0 when it has none), to order events of one millisecond. */
export function subMillisecondOf(time: unknown): number {
	if (typeof time !== 'string') return 0;
	const fraction = FRACTION.exec(time)?.[1] ?? '';
	return Number(fraction.slice(3, 9).padEnd(6, '0'));
}
