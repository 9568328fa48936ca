import { sleep } from 'n8n-workflow';

export type HeaderBag = Record<string, string | string[] | undefined>;

export interface RateLimitState {
	limit: number;
	available: number;
	resetSeconds: number;
	retrySeconds: number;
}

export function readRateLimitHeaders(headers: HeaderBag): RateLimitState | undefined {
	const limit = numberHeader(headers, 'x-rate-limit-limit');
	const available = numberHeader(headers, 'x-rate-limit-available');
	if (limit === undefined || available === undefined) return undefined;
	return {
		limit,
		available,
		resetSeconds: numberHeader(headers, 'x-rate-limit-reset') ?? 0,
		retrySeconds: numberHeader(headers, 'x-rate-limit-retry') ?? 0,
	};
}

function numberHeader(headers: HeaderBag, name: string): number | undefined {
	const raw = headers[name];
	const value = Number(Array.isArray(raw) ? raw[0] : raw);
	return raw === undefined || !Number.isFinite(value) ? undefined : value;
}

// TTS quotas are "max per minute" with a GCRA burst (pkg/ratelimit/config.go): once the burst is
// spent, one request becomes available every 60 s / rate.
const QUOTA_WINDOW_MS = 60_000;

/**
 * Paces the requests of one rate-limit bucket. TTS reports each bucket's state in X-Rate-Limit-*
 * headers; from the last report and the requests started since, this works out when the next
 * token is free and holds the caller until then, so a bulk run flows at the quota's refill rate
 * instead of running into 429s. After a 429 every caller waits for the advertised retry time.
 */
export class RateLimitBucket {
	private state?: RateLimitState;
	private stateAt = 0;
	/** Requests handed out by acquire() and not yet released (waiting or in flight). */
	private pending = 0;
	/** Requests handed out since the last header report, which that report does not reflect. */
	private claimedSinceState = 0;
	private blockedUntil = 0;

	constructor(private readonly now: () => number = Date.now) {}

	/** Waits until a request may be sent without exceeding the quota. Pair with release(). */
	async acquire(): Promise<void> {
		const delayMs = this.reserve();
		if (delayMs > 0) await sleep(delayMs);
	}

	/** Claims the next free slot and returns how long to wait for it, in ms. */
	reserve(): number {
		const now = this.now();
		const readyAt = Math.max(this.blockedUntil, this.nextFreeTokenAt());
		this.pending += 1;
		this.claimedSinceState += 1;
		return Math.max(0, readyAt - now);
	}

	/** Records the response of a request started with acquire(). Returns the wait after a 429. */
	release(headers: HeaderBag | undefined, statusCode: number | undefined): number {
		this.pending = Math.max(0, this.pending - 1);
		const now = this.now();
		const state = headers ? readRateLimitHeaders(headers) : undefined;
		if (state) {
			this.state = state;
			this.stateAt = now;
			this.claimedSinceState = this.pending;
		}
		if (statusCode !== 429) return 0;
		const waitMs = state && state.retrySeconds > 0 ? state.retrySeconds * 1000 : this.intervalMs();
		this.blockedUntil = Math.max(this.blockedUntil, now + waitMs);
		return waitMs;
	}

	private nextFreeTokenAt(): number {
		if (!this.state) return 0;
		const missingTokens = this.claimedSinceState + 1 - this.state.available;
		if (missingTokens <= 0) return 0;
		return this.stateAt + missingTokens * this.intervalMs();
	}

	/** Time for one token to refill. */
	private intervalMs(): number {
		if (!this.state || this.state.limit <= 0) return 1_000;
		const byQuota = QUOTA_WINDOW_MS / this.state.limit;
		// X-Rate-Limit-Reset is the time until the bucket is full again; when the burst differs
		// from the per-minute rate it tells the true refill pace better than the limit does.
		const used = this.state.limit - this.state.available;
		const byReset = used >= 10 ? (this.state.resetSeconds * 1000) / used : 0;
		return Math.max(byQuota, byReset);
	}
}

const MAX_BUCKETS = 500;

/** Buckets shared by every execution in this n8n process, keyed by host, route and credential. */
export class RateLimitGovernor {
	private readonly buckets = new Map<string, RateLimitBucket>();

	bucket(key: string): RateLimitBucket {
		let bucket = this.buckets.get(key);
		if (bucket) {
			this.buckets.delete(key);
		} else {
			bucket = new RateLimitBucket();
			if (this.buckets.size >= MAX_BUCKETS) {
				const oldest = this.buckets.keys().next().value as string;
				this.buckets.delete(oldest);
			}
		}
		this.buckets.set(key, bucket);
		return bucket;
	}
}

export const rateLimitGovernor = new RateLimitGovernor();
