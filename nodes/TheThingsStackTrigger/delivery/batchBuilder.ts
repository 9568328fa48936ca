export interface BatchLimits {
	/** Most items per execution; 1 emits every event on its own. */
	maxItems: number;
	/** Longest an item waits for others to join it, in ms. */
	maxWaitMs: number;
}

/**
 * Collects items into the batch of one execution: it is due when it holds `maxItems`, or when its
 * first item has waited `maxWaitMs`, whichever comes first.
 */
export class BatchBuilder<T> {
	private items: T[] = [];
	private firstAtMs = 0;

	constructor(private readonly limits: BatchLimits) {}

	/** Adds an item; returns whether the batch is full. */
	add(item: T, nowMs: number): boolean {
		if (this.items.length === 0) this.firstAtMs = nowMs;
		this.items.push(item);
		return this.items.length >= this.limits.maxItems;
	}

	get size(): number {
		return this.items.length;
	}

	/** Milliseconds until the batch is due by time (≤ 0: due now); undefined when empty. */
	dueInMs(nowMs: number): number | undefined {
		if (this.items.length === 0) return undefined;
		if (this.items.length >= this.limits.maxItems) return 0;
		return this.firstAtMs + this.limits.maxWaitMs - nowMs;
	}

	/** Takes the items collected so far and starts a new batch. */
	take(): T[] {
		const items = this.items;
		this.items = [];
		return items;
	}
}
