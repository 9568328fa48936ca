/** A subscribed entity whose history no longer reached back to its last delivered event. */
export interface TruncatedHistory {
	entity: string;
	/** Time (ms) of the entity's last delivered event. */
	anchorMs: number;
}

/**
 * Notices when a resumed stream could not replay everything that was missed.
 *
 * TTS keeps only the last ~100 events per entity (pkg/events/redis/store.go publish: XADD with
 * an approximate MAXLEN of `entity-count`) and replays each entity's history in the order it
 * was stored (SubscribeWithHistory). For each subscribed entity the time of the newest delivered
 * event is kept as an anchor; a resumed stream starts before it, so the first event the server
 * replays for that entity is at most as new as the anchor, unless newer events pushed the older
 * ones out of the entity's history. A first replayed event that is newer than the anchor and was
 * not delivered before therefore means that events of that entity were dropped from the history.
 * Anchors are times, not event keys: the anchor may come back without its data (and under
 * another key) or have been delivered from the Storage Integration.
 */
export class ReplayAudit {
	private readonly anchors = new Map<string, number>();
	private pending: Map<string, number> | undefined;
	private replayEndsMs: number | undefined;

	constructor(anchors: Record<string, number> = {}) {
		for (const [entity, timeMs] of Object.entries(anchors)) this.anchors.set(entity, timeMs);
	}

	/** Records a delivered event for the subscribed entities it belongs to. */
	record(entityKeys: readonly string[], timeMs: number): void {
		for (const entity of entityKeys) {
			const anchor = this.anchors.get(entity);
			if (anchor === undefined || timeMs > anchor) this.anchors.set(entity, timeMs);
		}
	}

	/** A stream resumes after `afterMs`: the anchors newer than that must be replayed. */
	beginResume(afterMs: number): void {
		this.pending = new Map();
		for (const [entity, anchorMs] of this.anchors) {
			if (anchorMs > afterMs) this.pending.set(entity, anchorMs);
		}
		this.replayEndsMs = undefined;
		if (this.pending.size === 0) this.pending = undefined;
	}

	/** Nothing will be replayed (the server keeps no history): nothing to check. */
	cancel(): void {
		this.pending = undefined;
	}

	/** The server's time at the start of the stream: later events are live, not replayed. */
	streamStarted(serverTimeMs: number): void {
		this.replayEndsMs = serverTimeMs;
	}

	/**
	 * Checks an event of the resumed stream (before it is delivered) and returns the entities
	 * whose history turned out to be cut short.
	 */
	inspect(entityKeys: readonly string[], timeMs: number, known: boolean): TruncatedHistory[] {
		if (!this.pending) return [];
		if (this.replayEndsMs !== undefined && timeMs >= this.replayEndsMs) {
			// Live events (or too close to the start to tell): whatever was to be replayed has been.
			this.pending = undefined;
			return [];
		}
		const truncated: TruncatedHistory[] = [];
		for (const entity of entityKeys) {
			const anchorMs = this.pending.get(entity);
			if (anchorMs === undefined) continue;
			this.pending.delete(entity);
			if (timeMs > anchorMs && !known) truncated.push({ entity, anchorMs });
		}
		if (this.pending.size === 0) this.pending = undefined;
		return truncated;
	}
}
