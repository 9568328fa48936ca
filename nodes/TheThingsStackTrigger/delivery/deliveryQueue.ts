import { sleep } from 'n8n-workflow';

/** Events held back from a point in the queue until every hold on it is released. */
export interface QueueHold {
	/** Resolves once everything queued before the hold was handled. */
	reached: Promise<void>;
	/** Handles now, in order, the held items that `pick` picks; the others stay held. */
	handleNow(pick: (item: unknown) => boolean): void;
	/** Lets the held items go on, after `select` (if given) chose which of them stay. */
	release(select?: (held: readonly unknown[]) => unknown[]): void;
}

export interface QueueSettings {
	/** Longest stretch of handling before the event loop gets to read sockets again, in ms. */
	sliceMs: number;
	/** Whether the next item may be handled now; when not, handling waits for wake(). */
	canHandle?: () => boolean;
	now?: () => number;
}

// Handled items are dropped from the front of the array in batches, not one by one.
const COMPACT_AFTER = 1024;

/**
 * A first-in first-out queue between the event streams and `emit`. Streams only push: what is
 * handled (shaped, emitted) runs later in slices of at most `sliceMs`, each followed by a turn of
 * the event loop, so reading the sockets never waits for it. The Things Stack drops events for a
 * connection that is read too slowly (its per-stream buffer is bounded, pkg/events/grpc/grpc.go),
 * so a burst is better kept here than left in the socket.
 */
export class DeliveryQueue<T> {
	private items: T[] = [];
	private head = 0;
	private holdAt: number | undefined;
	private onHoldReached: (() => void) | undefined;
	private holders = 0;
	private reached: Promise<void> = Promise.resolve();
	private sliceQueued = false;
	/** Whether the rest waits for the event loop to turn. */
	private continuing = false;
	private stopped = false;
	private readonly now: () => number;
	private readonly canHandle: () => boolean;

	constructor(
		private readonly handle: (item: T) => void,
		/** Called after each slice of handled items, before the event loop turns. */
		private readonly sliceEnded: () => void,
		private readonly settings: QueueSettings,
	) {
		this.now = settings.now ?? Date.now;
		this.canHandle = settings.canHandle ?? (() => true);
	}

	push(item: T): void {
		if (this.stopped) return;
		this.items.push(item);
		this.schedule();
	}

	/** Items waiting, held ones included. */
	get length(): number {
		return this.items.length - this.head;
	}

	/** Items waiting that no hold keeps back. */
	get handleable(): number {
		return Math.max(0, this.end - this.head);
	}

	/** Carries on handling after canHandle() said no. */
	wake(): void {
		this.schedule();
	}

	/**
	 * Holds back everything pushed from now on, until every hold taken released it: a second
	 * hold while the queue is held shares the first one's place.
	 */
	hold(): QueueHold {
		if (this.holdAt === undefined) {
			this.holdAt = this.items.length;
			this.holders = 0;
			this.reached = new Promise<void>((resolve) => {
				this.onHoldReached = resolve;
			});
		}
		this.holders += 1;
		this.checkHoldReached();
		this.schedule();
		let released = false;
		return {
			reached: this.reached,
			handleNow: (pick) => {
				if (released || this.holdAt === undefined || this.head < this.holdAt) return;
				const held = this.items.slice(this.holdAt);
				this.items.length = this.holdAt;
				const picked: T[] = [];
				for (const item of held) {
					if (pick(item)) picked.push(item);
					else this.items.push(item);
				}
				for (const item of picked) this.handle(item);
				this.sliceEnded();
			},
			release: (select) => {
				if (released || this.holdAt === undefined) return;
				released = true;
				if (select) {
					const held = this.items.slice(this.holdAt);
					this.items.length = this.holdAt;
					for (const item of select(held) as T[]) this.items.push(item);
				}
				this.holders -= 1;
				if (this.holders > 0) return;
				this.holdAt = undefined;
				this.onHoldReached = undefined;
				this.schedule();
			},
		};
	}

	/** Drops everything and handles nothing more. */
	stop(): void {
		this.stopped = true;
		this.items = [];
		this.head = 0;
		this.holdAt = undefined;
		this.onHoldReached?.();
	}

	private get end(): number {
		return this.holdAt ?? this.items.length;
	}

	/**
	 * A slice runs once the code that pushed has finished (a microtask: the chunk of the stream
	 * that brought the items is read to its end first), so that events are handled about as fast
	 * as they are read, while they are still cheap to collect. What a slice leaves for lack of
	 * time waits for the event loop to turn, and the sockets to be read.
	 */
	private schedule(): void {
		if (this.sliceQueued || this.stopped || this.head >= this.end || !this.canHandle()) return;
		this.sliceQueued = true;
		void Promise.resolve().then(() => this.runSlice());
	}

	private runSlice(): void {
		this.sliceQueued = false;
		if (this.stopped) return;
		const sliceEndsMs = this.now() + this.settings.sliceMs;
		while (!this.stopped && this.head < this.end && this.now() < sliceEndsMs && this.canHandle()) {
			const item = this.items[this.head];
			this.items[this.head] = undefined as T;
			this.head += 1;
			this.handle(item);
		}
		this.compact();
		this.sliceEnded();
		this.checkHoldReached();
		if (this.head < this.end && !this.continuing && this.canHandle()) {
			this.continuing = true;
			void sleep(0).then(() => {
				this.continuing = false;
				this.schedule();
			});
		}
	}

	private checkHoldReached(): void {
		if (this.holdAt !== undefined && this.head >= this.holdAt) this.onHoldReached?.();
	}

	private compact(): void {
		if (this.head < COMPACT_AFTER || this.head * 2 < this.items.length) return;
		this.items = this.items.slice(this.head);
		if (this.holdAt !== undefined) this.holdAt -= this.head;
		this.head = 0;
	}
}
