import { TtsError, ttsError } from '../errors/ttsError';
import { GcraLimiter, RateLimitResult } from './gcra';

export interface RateLimitProfile {
	/**
	 * The call classes this profile applies to, as in TTS's `associations`:
	 * `grpc:method:/ttn.lorawan.v3.<Service>/<Method>`, `grpc:method`,
	 * `grpc:stream:accept:/ttn.lorawan.v3.Events/Stream`, `grpc:stream:accept`.
	 */
	class: string | string[];
	maxPerMinute: number;
	/** Defaults to maxPerMinute (pkg/ratelimit/config.go). */
	maxBurst?: number;
}

export interface RateLimitRequest {
	/** `/ttn.lorawan.v3.<Service>/<Method>` */
	fullMethod: string;
	stream: boolean;
	/** `<entity type>:<unique ID>` of the request message, '' without (see rateLimitEntity). */
	entity: string;
	tokenId?: string;
	tenant: string;
}

export interface RateLimitDecision {
	headers: Record<string, string>;
	result: RateLimitResult;
	/** Set when the request exceeds the limit (429, headers still sent). */
	exceeded?: TtsError;
}

/** pkg/ratelimit: the first call class that has a profile decides (muxRateLimiter). */
export class RateLimiter {
	private readonly byClass = new Map<string, GcraLimiter>();

	constructor(profiles: readonly RateLimitProfile[] = []) {
		for (const profile of profiles) this.addProfile(profile);
	}

	addProfile(profile: RateLimitProfile): void {
		const limiter = new GcraLimiter(profile.maxPerMinute, profile.maxBurst ?? profile.maxPerMinute);
		for (const callClass of ([] as string[]).concat(profile.class))
			this.byClass.set(callClass, limiter);
	}

	clear(): void {
		this.byClass.clear();
	}

	/** Applies the limit; returns undefined when no profile applies (no headers, like TTS). */
	check(request: RateLimitRequest, now: number): RateLimitDecision | undefined {
		const classes = request.stream
			? [`grpc:stream:accept:${request.fullMethod}`, 'grpc:stream:accept']
			: [`grpc:method:${request.fullMethod}`, 'grpc:method'];
		for (const callClass of classes) {
			const limiter = this.byClass.get(callClass);
			if (!limiter) continue;
			// pkg/ratelimit/resource.go grpcMethodResource, grpcStreamAcceptResource: a call is keyed
			// per method, entity and token, a stream accept per method and token (the simulator keys
			// per tenant too).
			const resource = request.stream
				? `grpc:stream:accept:${request.fullMethod}`
				: `grpc:method:${request.fullMethod}:${request.entity}`;
			const key = request.tokenId ? `${resource}:token:${request.tokenId}` : resource;
			const result = limiter.take(`${request.tenant}|${key}`, now);
			const headers = {
				'X-Rate-Limit-Limit': String(result.limit),
				'X-Rate-Limit-Available': String(result.remaining),
				'X-Rate-Limit-Reset': String(Math.trunc(result.resetAfterMs / 1000)),
				'X-Rate-Limit-Retry': String(Math.trunc(result.retryAfterMs / 1000)),
			};
			// pkg/ratelimit/grpc.go: the `rate` attribute is the result's Limit (the burst size).
			const exceeded = result.limited
				? ttsError('pkg/ratelimit:rate_limit_exceeded', { key, rate: result.limit })
				: undefined;
			return { headers, result, exceeded };
		}
		return undefined;
	}
}
