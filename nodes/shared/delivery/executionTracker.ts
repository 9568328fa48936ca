/** An execution the trigger emitted (or is about to), as ExecutionTracker follows it. */
export interface TrackedExecution<Point> {
	/**
	 * The resume point that covers this execution's items and every earlier one's (none when it
	 * was not taken for this execution: points are taken at most every few milliseconds).
	 */
	point?: Point;
	finished: boolean;
}

/**
 * The executions a trigger handed to n8n, in the order it emitted them, and the resume point that
 * survives a crash: the newest point whose execution, and every execution before it, n8n reported
 * finished (emit's donePromise). The newest emitted point is not that point: n8n may crash while
 * executions it started have not finished, and a resume point past them would lose their items.
 * With several executions in flight, the durable point stays below the oldest unfinished one.
 */
export class ExecutionTracker<Point> {
	private entries: Array<TrackedExecution<Point>> = [];
	private head = 0;
	private durable: Point | undefined;

	/** Adds the next execution, with the point that covers it when one was taken. */
	add(point?: Point): TrackedExecution<Point> {
		const entry: TrackedExecution<Point> = { point, finished: false };
		this.entries.push(entry);
		return entry;
	}

	/**
	 * Gives the newest execution the point that covers it, when it has none yet; returns the
	 * durable point when that moved (the execution had already finished, with all before it).
	 */
	coverNewest(point: Point): Point | undefined {
		const newest = this.entries[this.entries.length - 1];
		if (newest !== undefined && this.head < this.entries.length) {
			if (newest.point === undefined) newest.point = point;
			return undefined;
		}
		// Every execution finished already: the point is durable at once.
		if (this.durable === point) return undefined;
		this.durable = point;
		return point;
	}

	/** Marks an execution finished; returns the durable point when that moved. */
	finish(entry: TrackedExecution<Point>): Point | undefined {
		if (entry.finished) return undefined;
		entry.finished = true;
		let moved: Point | undefined;
		while (this.head < this.entries.length && this.entries[this.head].finished) {
			const point = this.entries[this.head].point;
			if (point !== undefined) moved = point;
			this.head += 1;
		}
		this.compact();
		if (moved !== undefined) this.durable = moved;
		return moved;
	}

	/** Executions not finished yet (emitted or about to be). */
	get unfinished(): number {
		return this.entries.length - this.head;
	}

	/** The point a restart carries on from: every execution it covers finished. */
	get durablePoint(): Point | undefined {
		return this.durable;
	}

	private compact(): void {
		if (this.head < 1024 || this.head * 2 < this.entries.length) return;
		this.entries = this.entries.slice(this.head);
		this.head = 0;
	}
}
