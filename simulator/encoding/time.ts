// pkg/jsonpb: timestamps are parsed with layout 2006-01-02T15:04:05.999999999Z, so input must be UTC.
const rfc3339Utc = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

export function isUtcTimestamp(value: string): boolean {
	return rfc3339Utc.test(value) && !Number.isNaN(Date.parse(value));
}

let lastIssued = 0n;

/** The current time in nanoseconds, strictly increasing between calls. */
export function nowNanoseconds(): bigint {
	const wall = BigInt(Date.now()) * 1_000_000n;
	const subMillisecond = process.hrtime.bigint() % 1_000_000n;
	let now = wall + subMillisecond;
	if (now <= lastIssued) now = lastIssued + 1n;
	lastIssued = now;
	return now;
}

/** RFC 3339 UTC with up to nanosecond digits, trailing zeros trimmed, as Go's time marshals it. */
export function formatTimestamp(nanoseconds: bigint): string {
	const milliseconds = Number(nanoseconds / 1_000_000n);
	const base = new Date(milliseconds).toISOString().slice(0, 19);
	const fraction = (nanoseconds % 1_000_000_000n).toString().padStart(9, '0').replace(/0+$/, '');
	return fraction ? `${base}.${fraction}Z` : `${base}Z`;
}

export function nowTimestamp(): string {
	return formatTimestamp(nowNanoseconds());
}

/** Milliseconds since the epoch of an RFC 3339 timestamp (sub-millisecond digits truncated). */
export function timestampMilliseconds(value: string): number {
	return Date.parse(value.replace(/(\.\d{3})\d+Z$/, '$1Z'));
}

/** Nanoseconds since the epoch of an RFC 3339 UTC timestamp with up to nine fraction digits. */
export function timestampNanoseconds(value: string): bigint {
	const fraction = /\.(\d{1,9})Z$/.exec(value)?.[1] ?? '';
	const seconds = Date.parse(value.replace(/\.\d+Z$/, 'Z')) / 1000;
	return BigInt(seconds) * 1_000_000_000n + BigInt(fraction.padEnd(9, '0') || '0');
}
