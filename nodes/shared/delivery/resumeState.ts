export interface ResumeSettings {
	/** How far before the newest event a resumed stream starts, in ms. */
	overlapMs: number;
	/** Most event keys remembered for de-duplication. */
	maxRemembered: number;
}

/** What a ResumeState needs to carry on where another left off (see resumePoint.ts). */
export interface ResumeSnapshot {
	/** Time (ms) of the newest delivered event; undefined before the first. */
	newestMs?: number;
	/** `after` never goes below this (ms); undefined when there is no such bound. */
	floorMs?: number;
	/** Keys of the delivered events that a resumed stream may send again. */
	keys: string[];
}

/**
 * Where a stream resumes and which events it already delivered.
 *
 * TTS replays events whose millisecond-truncated time is strictly after `after`
 * (pkg/events/redis/store.go SubscribeWithHistory), so resuming at the newest event's time would
 * lose events of the same millisecond, and events may arrive out of order. A resumed stream
 * therefore starts `overlapMs` earlier, and what it replays twice is dropped by key. The invariant
 * that makes this exact: every event the server can replay (time > after) is either remembered,
 * or was never delivered. Keys older than the overlap are forgotten (they cannot come back); when
 * more than `maxRemembered` keys are within the overlap, the oldest are forgotten and `after`
 * moves past them (never into the newest millisecond).
 */
export class ResumeState {
	/** Event key → event time in ms. */
	private readonly remembered = new Map<string, number>();
	/**
	 * The keys in the order received, with their times, from `head` on; an entry whose key has
	 * since been remembered again (with another time) is passed over. Not the Map's own order: V8
	 * leaves a hole for each entry deleted at the front of a Map, which every walk from the front
	 * steps over again.
	 */
	private orderKeys: string[] = [];
	private orderTimes: number[] = [];
	private head = 0;
	private newestMs: number | undefined;
	private forgottenUpToMs = Number.NEGATIVE_INFINITY;

	constructor(
		private readonly settings: ResumeSettings,
		snapshot?: ResumeSnapshot,
	) {
		if (!snapshot) return;
		if (snapshot.floorMs !== undefined) this.forgottenUpToMs = snapshot.floorMs;
		if (snapshot.newestMs === undefined) return;
		this.newestMs = snapshot.newestMs;
		// The snapshot keeps no times: each key counts as of the newest millisecond, so it is
		// kept until a newer event moves `after` past everything it could stand for.
		for (const key of snapshot.keys) this.add(key, snapshot.newestMs);
	}

	/** Whether the event was delivered before. */
	isKnown(key: string): boolean {
		return this.remembered.has(key);
	}

	/** Records a delivered event. */
	remember(key: string, timeMs: number): void {
		this.add(key, timeMs);
		if (this.newestMs === undefined || timeMs > this.newestMs) this.newestMs = timeMs;
		this.forgetOld();
	}

	/**
	 * Where a stream begins before anything was delivered: events up to `afterMs` are not wanted.
	 * Has no effect once an event was delivered.
	 */
	startAfter(afterMs: number): void {
		if (this.newestMs === undefined) this.forgottenUpToMs = afterMs;
	}

	/** Whether any event was delivered yet. */
	get hasDelivered(): boolean {
		return this.newestMs !== undefined;
	}

	/** Time (ms) of the newest delivered event. */
	get newestEventMs(): number | undefined {
		return this.newestMs;
	}

	/** The `after` (ms) for a resumed stream, or undefined with neither an event nor a start. */
	resumeAfterMs(): number | undefined {
		const floor = Number.isFinite(this.forgottenUpToMs) ? this.forgottenUpToMs : undefined;
		if (this.newestMs === undefined) return floor;
		return Math.max(this.newestMs - this.settings.overlapMs, this.forgottenUpToMs);
	}

	/** How many keys are remembered right now. */
	get size(): number {
		return this.remembered.size;
	}

	snapshot(): ResumeSnapshot {
		const keys = new Set<string>();
		for (let index = this.head; index < this.orderKeys.length; index++) {
			const key = this.orderKeys[index];
			if (this.remembered.get(key) === this.orderTimes[index]) keys.add(key);
		}
		return {
			newestMs: this.newestMs,
			floorMs: Number.isFinite(this.forgottenUpToMs) ? this.forgottenUpToMs : undefined,
			keys: [...keys],
		};
	}

	private add(key: string, timeMs: number): void {
		this.remembered.set(key, timeMs);
		this.orderKeys.push(key);
		this.orderTimes.push(timeMs);
	}

	private forgetOld(): void {
		const newestMs = this.newestMs as number;
		const horizon = newestMs - this.settings.overlapMs;
		while (this.head < this.orderKeys.length) {
			const key = this.orderKeys[this.head];
			const timeMs = this.orderTimes[this.head];
			if (this.remembered.get(key) !== timeMs) {
				this.head += 1;
				continue;
			}
			const overfull = this.remembered.size > this.settings.maxRemembered;
			if (timeMs > horizon && !overfull) break;
			// TTS drops every event of the `after` millisecond: forgetting one of the newest
			// millisecond would put `after` there and lose that millisecond's undelivered events.
			// The window grows past its bound instead, by at most one millisecond's events.
			if (timeMs > horizon && timeMs >= newestMs) break;
			this.remembered.delete(key);
			this.head += 1;
			if (timeMs > horizon && timeMs > this.forgottenUpToMs) this.forgottenUpToMs = timeMs;
		}
		if (this.head > 1024 && this.head * 2 > this.orderKeys.length) {
			this.orderKeys = this.orderKeys.slice(this.head);
			this.orderTimes = this.orderTimes.slice(this.head);
			this.head = 0;
		}
	}
}
