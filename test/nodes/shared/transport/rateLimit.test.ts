import {
	RateLimitBucket,
	readRateLimitHeaders,
} from '../../../../nodes/shared/transport/rateLimit';

const headers = (limit: number, available: number, reset = 0, retry = 0) => ({
	'x-rate-limit-limit': String(limit),
	'x-rate-limit-available': String(available),
	'x-rate-limit-reset': String(reset),
	'x-rate-limit-retry': String(retry),
});

describe('readRateLimitHeaders', () => {
	it('reads the four headers', () => {
		expect(readRateLimitHeaders(headers(60, 10, 50, 0))).toEqual({
			limit: 60,
			available: 10,
			resetSeconds: 50,
			retrySeconds: 0,
		});
	});

	it('reports nothing when the server applies no limit', () => {
		expect(readRateLimitHeaders({ 'content-type': 'application/json' })).toBeUndefined();
	});
});

/** Queues a request and returns how long it must wait, marking it sent (a synchronous acquire). */
function reserve(bucket: RateLimitBucket): number {
	const ticket = bucket.enqueue();
	const wait = Math.max(0, bucket.waitFor(ticket));
	bucket.markSent(ticket);
	return wait;
}

describe('RateLimitBucket', () => {
	let now = 0;
	const clock = () => now;

	beforeEach(() => {
		now = 1_000_000;
	});

	it('does not hold requests back while the server reports no limit', () => {
		const bucket = new RateLimitBucket(clock);
		for (let i = 0; i < 100; i++) expect(reserve(bucket)).toBe(0);
	});

	it('lets the remaining burst through, then spaces requests at the refill rate', () => {
		const bucket = new RateLimitBucket(clock);
		reserve(bucket);
		bucket.release(headers(60, 3), 200); // 60/min: one token per second, 3 left
		const delays = Array.from({ length: 6 }, () => reserve(bucket));
		expect(delays).toEqual([0, 0, 0, 1000, 2000, 3000]);
	});

	it('accounts for requests still in flight when a report arrives', () => {
		const bucket = new RateLimitBucket(clock);
		reserve(bucket);
		reserve(bucket);
		reserve(bucket);
		bucket.release(headers(120, 1), 200); // two still in flight will take the last token and one more
		expect(reserve(bucket)).toBe(1000); // 120/min: 500 ms per token, needs the 2nd refilled token
	});

	it('makes every caller wait for the advertised retry time after a 429', () => {
		const bucket = new RateLimitBucket(clock);
		reserve(bucket);
		expect(bucket.release(headers(10, 0, 60, 4), 429)).toBe(4000);
		expect(reserve(bucket)).toBeGreaterThanOrEqual(4000);
		now += 4000;
		expect(reserve(bucket)).toBeGreaterThanOrEqual(0);
	});

	it('waits one refill interval when the truncated retry header says 0', () => {
		const bucket = new RateLimitBucket(clock);
		reserve(bucket);
		expect(bucket.release(headers(600, 0, 60, 0), 429)).toBe(100);
	});

	it('refills over time', () => {
		const bucket = new RateLimitBucket(clock);
		reserve(bucket);
		bucket.release(headers(60, 0), 200);
		now += 5000;
		expect(reserve(bucket)).toBe(0);
	});
});

/** A TTS-like GCRA bucket on a fake clock (pkg/ratelimit: burst tokens, one back every interval). */
function gcraServer(ratePerMinute: number, burst: number) {
	const interval = 60_000 / ratePerMinute;
	let tokens = burst;
	let last = 0;
	return (now: number) => {
		tokens = Math.min(burst, tokens + (now - last) / interval);
		last = now;
		if (tokens >= 1) {
			tokens -= 1;
			return {
				status: 200,
				headers: headers(
					burst,
					Math.floor(tokens),
					Math.trunc(((burst - tokens) * interval) / 1000),
					0,
				),
			};
		}
		const retry = Math.trunc(((1 - tokens) * interval) / 1000);
		return {
			status: 429,
			headers: headers(burst, 0, Math.trunc((burst * interval) / 1000), retry),
		};
	};
}

describe('RateLimitBucket against a GCRA server', () => {
	it.each([
		[1200, 5, 'burst below the rate'],
		[600, 600, 'burst equal to the rate (TTS default)'],
		[60, 10, 'slow quota'],
	])('reaches at least 90%% of %i/min with burst %i (%s), with few 429s', (rate, burst) => {
		let now = 0;
		const bucket = new RateLimitBucket(() => now);
		const server = gcraServer(rate, burst);
		const target = Math.max(200, burst * 3);
		let served = 0;
		let rejected = 0;
		while (served < target) {
			now += reserve(bucket);
			const response = server(now);
			now += 1; // request round trip
			bucket.release(response.headers, response.status);
			if (response.status === 429) rejected += 1;
			else served += 1;
		}
		const allowed = burst + (now * rate) / 60_000;
		expect(served / allowed).toBeGreaterThanOrEqual(0.9);
		expect(rejected).toBeLessThanOrEqual(served * 0.05);
	});
});

describe('RateLimitBucket with requests in flight together', () => {
	it.each([
		[1200, 5, 8, 20],
		[600, 600, 16, 20],
		[3000, 50, 32, 20],
	])(
		'reaches at least 90%% of %i/min (burst %i) with %i requests in flight and %i ms latency',
		(rate, burst, concurrency, latency) => {
			let now = 0;
			const bucket = new RateLimitBucket(() => now);
			const server = gcraServer(rate, burst);
			type Event = { at: number; run: () => void };
			const events: Event[] = [];
			const schedule = (at: number, run: () => void) => {
				events.push({ at, run });
				events.sort((a, b) => a.at - b.at);
			};
			const target = 600;
			let started = 0;
			let served = 0;
			let rejected = 0;
			const send = () => {
				schedule(now + latency / 2, () => {
					const response = server(now);
					schedule(now + latency / 2, () => {
						bucket.release(response.headers, response.status);
						if (response.status === 429) {
							rejected += 1;
							started -= 1;
						} else {
							served += 1;
						}
						sendNext();
					});
				});
			};
			const waitThenSend = (ticket: number) => {
				const wait = bucket.waitFor(ticket);
				if (wait <= 0) {
					bucket.markSent(ticket);
					send();
				} else {
					schedule(now + Math.min(wait, 250), () => waitThenSend(ticket));
				}
			};
			const sendNext = () => {
				if (started >= target) return;
				started += 1;
				waitThenSend(bucket.enqueue());
			};
			for (let worker = 0; worker < concurrency; worker++) sendNext();
			while (events.length > 0) {
				const event = events.shift() as Event;
				now = event.at;
				event.run();
			}
			const allowed = burst + (now * rate) / 60_000;
			expect(served).toBe(target);
			expect(served / allowed).toBeGreaterThanOrEqual(0.9);
			expect(rejected).toBeLessThanOrEqual(served * 0.05);
		},
	);
});
