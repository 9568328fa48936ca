interface Anchor {
	key: string;
	timeMs: number;
}

/**
 * Notices when a resumed stream could not replay everything that was missed.
 *
 * TTS keeps only the last ~100 events per entity (pkg/events/redis/store.go, `entity-count`).
 * For each subscribed entity the newest delivered event is kept as an anchor; a resumed stream
 * starts before it, so the server replays the anchor again, before any newer event of that
 * entity, unless newer events pushed it out of the entity's history. A replayed event that is
 * newer than the anchor and was not delivered before, arriving while the anchor has not been
 * replayed, therefore means that events of that entity were dropped from the history.
 */
export class ReplayAudit {
	private readonly anchors = new Map<string, Anchor>();
	private pending: Map<string, Anchor> | undefined;
	private replayEndsMs: number | undefined;

	/** Records a delivered event for the subscribed entities it belongs to. */
	record(entityKeys: readonly string[], key: string, timeMs: number): void {
		for (const entity of entityKeys) {
			const anchor = this.anchors.get(entity);
			if (!anchor || timeMs >= anchor.timeMs) this.anchors.set(entity, { key, timeMs });
		}
	}

	/** A stream resumes after `afterMs`: the anchors newer than that must be replayed. */
	beginResume(afterMs: number): void {
		this.pending = new Map();
		for (const [entity, anchor] of this.anchors) {
			if (anchor.timeMs > afterMs) this.pending.set(entity, anchor);
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
	inspect(entityKeys: readonly string[], key: string, timeMs: number, known: boolean): string[] {
		if (!this.pending) return [];
		if (this.replayEndsMs !== undefined && timeMs >= this.replayEndsMs) {
			// Live events (or too close to the start to tell): whatever was to be replayed has been.
			this.pending = undefined;
			return [];
		}
		const truncated: string[] = [];
		for (const entity of entityKeys) {
			const anchor = this.pending.get(entity);
			if (!anchor) continue;
			if (anchor.key === key) {
				this.pending.delete(entity);
			} else if (!known && timeMs > anchor.timeMs) {
				truncated.push(entity);
				this.pending.delete(entity);
			}
		}
		if (this.pending.size === 0) this.pending = undefined;
		return truncated;
	}
}
