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

// TTS quotas are "max per minute" with a GCRA burst (pkg/ratelimit/config.go); the Limit header
// is the burst, which equals the per-minute rate unless the operator set max-burst.
const QUOTA_WINDOW_MS = 60_000;
// Refill is measured once this many tokens have come back since the last measurement: the
// Available header is floored, so shorter spans are too noisy.
const MIN_REFILLED_TOKENS = 10;
// When the bucket came back full, the refill was capped and only bounds the rate from below:
// probe faster by this factor. After a 429 the estimate grows by the other.
const PROBE_FASTER = 1.5;
const BACK_OFF = 1.5;
// Until measured, assume a token comes back within a second: slower quotas answer the first 429
// with an exact X-Rate-Limit-Retry (whole seconds), faster ones are found by measuring.
const INITIAL_PROBE_MS = 1_000;

// A waiting request re-reads the bucket at least this often, so a better estimate or a fresh
// report frees it early.
const REEVALUATE_MS = 250;

interface Anchor {
	at: number;
	available: number;
	/** Successful requests released so far; each took one token. */
	served: number;
}

/**
 * Paces the requests of one rate-limit bucket. TTS reports each bucket's state in X-Rate-Limit-*
 * headers; from the last report and the requests sent since, this works out when the next token
 * is free and holds waiting requests, first come first served, until then, so a bulk run flows at
 * the quota's refill rate instead of running into 429s. The Limit header is the burst, not the
 * rate, so the refill interval is measured from the reports: tokens that came back over time.
 * After a 429 every request waits for the advertised retry time.
 */
export class RateLimitBucket {
	private state?: RateLimitState;
	private stateAt = 0;
	private nextTicket = 0;
	/** Tickets of requests waiting for a token, oldest first. */
	private readonly waiting: number[] = [];
	private inFlight = 0;
	/** Requests sent since the last report, which that report does not reflect. */
	private sentSinceState = 0;
	private blockedUntil = 0;
	private served = 0;
	/** Start of the span over which refill is being measured. */
	private anchor?: Anchor;
	/** The last report of an (almost) empty bucket. */
	private lowPoint?: Anchor;
	private lastBackOffAt = Number.NEGATIVE_INFINITY;
	/** Estimated time for one token to come back, once headers have been seen. */
	private intervalEstimateMs?: number;

	constructor(private readonly now: () => number = Date.now) {}

	/** Waits until a request may be sent without exceeding the quota. Pair with release(). */
	async acquire(): Promise<void> {
		const ticket = this.enqueue();
		for (;;) {
			const waitMs = this.waitFor(ticket);
			if (waitMs <= 0) break;
			await sleep(Math.min(waitMs, REEVALUATE_MS));
		}
		this.markSent(ticket);
	}

	/** Queues a request; see waitFor and markSent. */
	enqueue(): number {
		const ticket = this.nextTicket++;
		this.waiting.push(ticket);
		return ticket;
	}

	/** How long the queued request still has to wait, in ms (≤ 0: it may go now). */
	waitFor(ticket: number): number {
		const position = this.waiting.indexOf(ticket) + 1;
		return Math.max(this.blockedUntil, this.tokenReadyAt(position)) - this.now();
	}

	/** The queued request is being sent. */
	markSent(ticket: number): void {
		const index = this.waiting.indexOf(ticket);
		if (index >= 0) this.waiting.splice(index, 1);
		this.inFlight += 1;
		this.sentSinceState += 1;
	}

	/** Records the response of a sent request. Returns the wait after a 429, in ms. */
	release(headers: HeaderBag | undefined, statusCode: number | undefined): number {
		this.inFlight = Math.max(0, this.inFlight - 1);
		const now = this.now();
		const state = headers ? readRateLimitHeaders(headers) : undefined;
		const rejected = statusCode === 429;
		if (statusCode !== undefined && !rejected) this.served += 1;
		if (state) {
			this.state = state;
			this.stateAt = now;
			this.sentSinceState = this.inFlight;
			this.intervalEstimateMs ??= Math.min(
				INITIAL_PROBE_MS,
				QUOTA_WINDOW_MS / Math.max(1, state.limit),
			);
			this.measureRefill(now, state);
		}
		if (!rejected) return 0;
		const retryMs = (state?.retrySeconds ?? 0) * 1000;
		const waitMs = retryMs > 0 ? retryMs : this.intervalMs();
		// Requests in flight together answer 429 together: back off once per interval, not per answer.
		if (now - this.lastBackOffAt >= this.intervalMs()) {
			this.intervalEstimateMs = Math.max(this.intervalMs() * BACK_OFF, retryMs);
			this.lastBackOffAt = now;
		}
		this.blockedUntil = Math.max(this.blockedUntil, now + waitMs);
		return waitMs;
	}

	private measureRefill(now: number, state: RateLimitState): void {
		const current = { at: now, available: state.available, served: this.served };
		const refilledSince = (from: Anchor) =>
			state.available - from.available + (this.served - from.served);
		if (state.available >= state.limit - 1) {
			// Back to (nearly) full after running empty: the bucket capped the refill, so the rate
			// is at least this fast. A full bucket wastes refill, so the span is not measured.
			const low = this.lowPoint;
			if (low && now > low.at && refilledSince(low) > 0) {
				this.intervalEstimateMs =
					Math.min(this.intervalMs(), (now - low.at) / refilledSince(low)) / PROBE_FASTER;
			}
			this.lowPoint = undefined;
			this.anchor = undefined;
			return;
		}
		if (state.available <= 1) this.lowPoint = current;
		if (!this.anchor) {
			this.anchor = current;
			return;
		}
		const refilled = refilledSince(this.anchor);
		if (refilled >= MIN_REFILLED_TOKENS && now > this.anchor.at) {
			this.intervalEstimateMs = (now - this.anchor.at) / refilled;
			this.anchor = current;
		}
	}

	/** When the token for the request at `position` (1 = next) is expected, by the last report. */
	private tokenReadyAt(position: number): number {
		if (!this.state) return 0;
		const missingTokens = this.sentSinceState + position - this.state.available;
		if (missingTokens <= 0) return 0;
		return this.stateAt + missingTokens * this.intervalMs();
	}

	/** Time for one token to come back. */
	private intervalMs(): number {
		return Math.max(1, this.intervalEstimateMs ?? 1_000);
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
