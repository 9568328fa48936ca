export interface BackoffSettings {
	/** Wait after the first failure, in ms. */
	baseMs: number;
	/** Longest wait, in ms. */
	capMs: number;
}

/**
 * Capped exponential backoff with "equal jitter": after the n-th consecutive failure, a random
 * wait between half and all of min(cap, base·2^(n−1)), so that many triggers that lost the
 * server at the same moment do not come back in lockstep.
 */
export function backoffDelay(
	failures: number,
	settings: BackoffSettings,
	random: () => number = Math.random,
): number {
	if (failures <= 0) return 0;
	const exponential = Math.min(settings.capMs, settings.baseMs * 2 ** Math.min(failures - 1, 30));
	return Math.round(exponential / 2 + random() * (exponential / 2));
}
