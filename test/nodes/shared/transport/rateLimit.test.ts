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

describe('RateLimitBucket', () => {
	let now = 0;
	const clock = () => now;

	beforeEach(() => {
		now = 1_000_000;
	});

	it('does not hold requests back while the server reports no limit', () => {
		const bucket = new RateLimitBucket(clock);
		for (let i = 0; i < 100; i++) expect(bucket.reserve()).toBe(0);
	});

	it('lets the remaining burst through, then spaces requests at the refill rate', () => {
		const bucket = new RateLimitBucket(clock);
		bucket.reserve();
		bucket.release(headers(60, 3), 200); // 60/min: one token per second, 3 left
		const delays = Array.from({ length: 6 }, () => bucket.reserve());
		expect(delays).toEqual([0, 0, 0, 1000, 2000, 3000]);
	});

	it('accounts for requests still in flight when a report arrives', () => {
		const bucket = new RateLimitBucket(clock);
		bucket.reserve();
		bucket.reserve();
		bucket.reserve();
		bucket.release(headers(120, 1), 200); // two still in flight will take the last token and one more
		expect(bucket.reserve()).toBe(1000); // 120/min: 500 ms per token, needs the 2nd refilled token
	});

	it('makes every caller wait for the advertised retry time after a 429', () => {
		const bucket = new RateLimitBucket(clock);
		bucket.reserve();
		expect(bucket.release(headers(10, 0, 60, 4), 429)).toBe(4000);
		expect(bucket.reserve()).toBeGreaterThanOrEqual(4000);
		now += 4000;
		expect(bucket.reserve()).toBeGreaterThanOrEqual(0);
	});

	it('waits one refill interval when the truncated retry header says 0', () => {
		const bucket = new RateLimitBucket(clock);
		bucket.reserve();
		expect(bucket.release(headers(600, 0, 60, 0), 429)).toBe(100);
	});

	it('refills over time', () => {
		const bucket = new RateLimitBucket(clock);
		bucket.reserve();
		bucket.release(headers(60, 0), 200);
		now += 5000;
		expect(bucket.reserve()).toBe(0);
	});
});
