export interface RateLimitResult {
	limited: boolean;
	limit: number;
	remaining: number;
	resetAfterMs: number;
	/** Negative when the request was allowed. */
	retryAfterMs: number;
}

/**
 * GCRA as github.com/throttled/throttled implements it, configured as pkg/ratelimit/config.go
 * does: MaxRate = maxPerMinute per minute, MaxBurst = maxBurst - 1 (so `limit` = maxBurst).
 */
export class GcraLimiter {
	private readonly emissionIntervalMs: number;
	private readonly toleranceMs: number;
	private readonly theoreticalArrival = new Map<string, number>();

	constructor(
		readonly maxPerMinute: number,
		readonly maxBurst: number,
	) {
		this.emissionIntervalMs = 60_000 / maxPerMinute;
		this.toleranceMs = this.emissionIntervalMs * maxBurst;
	}

	take(key: string, now: number): RateLimitResult {
		const stored = this.theoreticalArrival.get(key);
		const arrival = stored === undefined || stored < now ? now : stored;
		const newArrival = arrival + this.emissionIntervalMs;
		const allowAt = newArrival - this.toleranceMs;
		const difference = now - allowAt;
		let ttl: number;
		let limited = false;
		let retryAfterMs = -1;
		if (difference < 0) {
			limited = true;
			retryAfterMs = -difference;
			ttl = arrival - now;
		} else {
			this.theoreticalArrival.set(key, newArrival);
			ttl = newArrival - now;
		}
		const next = this.toleranceMs - ttl;
		const remaining =
			next > -this.emissionIntervalMs ? Math.floor(next / this.emissionIntervalMs) : 0;
		return { limited, limit: this.maxBurst, remaining, resetAfterMs: ttl, retryAfterMs };
	}
}
