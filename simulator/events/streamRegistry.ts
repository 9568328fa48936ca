/** What the simulator counted on one event stream; see simulator/README.md. */
export interface EventStreamStats {
	/** Streams are numbered from 1 in the order they were opened. */
	id: number;
	tenant: string;
	/** The server that serves it: `combined`, or `identity` / `cluster` with split hosts. */
	host: string;
	/** Requested entities, e.g. `application:app1`, `end_device:app1.dev1`. */
	entities: string[];
	/** The expanded names filter; undefined for all events. */
	names?: string[];
	/** `tail` and `after` as requested (0 / undefined when absent). */
	tail: number;
	after?: string;
	/** The size of the stream's channel: clamp(tail, 8, 1024). */
	channelSize: number;
	/** Events pushed into the channel: history and live, before the visibility check. */
	pushed: number;
	/** Pushes dropped because the channel was full (the server tells nobody). */
	dropped: number;
	/** Dropped pushes by event name (the label of TTS's metric). */
	droppedByName: Record<string, number>;
	/** Events written to the client (not counting the stream start). */
	written: number;
	open: boolean;
}

export interface OpenEventStream {
	tenantId: string;
	/** Re-checks the caller's credentials and rights; ends the stream with an error if gone. */
	revalidate(): void;
	end(): void;
	/** Loses the connection now, after the events written so far (as the injected cut does). */
	cut(): void;
	stats(): EventStreamStats;
}

// Enough for any test; a long-running simulator forgets the oldest closed streams.
const keptStreams = 1_000;

/** Open event streams, so revoking a key can end them the way TTS does, and every stream's counts. */
export class EventStreamRegistry {
	private readonly open = new Set<OpenEventStream>();
	private readonly recent: OpenEventStream[] = [];
	private forgottenDrops = 0;
	private lastId = 0;

	nextId(): number {
		return ++this.lastId;
	}

	add(stream: OpenEventStream): () => void {
		this.open.add(stream);
		this.recent.push(stream);
		if (this.recent.length > keptStreams) {
			const [forgotten] = this.recent.splice(0, 1);
			this.forgottenDrops += forgotten.stats().dropped;
		}
		return () => this.open.delete(stream);
	}

	revalidate(tenantId: string): void {
		for (const stream of [...this.open]) {
			if (stream.tenantId === tenantId) stream.revalidate();
		}
	}

	/** Cuts the connection of every open stream; resolves to how many there were. */
	cutOpen(): number {
		const open = [...this.open];
		for (const stream of open) stream.cut();
		return open.length;
	}

	/** The last 1,000 streams, open or closed, oldest first. */
	stats(): EventStreamStats[] {
		return this.recent.map((stream) => stream.stats());
	}

	/** Events dropped on every stream so far. */
	get dropped(): number {
		return this.recent.reduce((sum, stream) => sum + stream.stats().dropped, this.forgottenDrops);
	}

	get size(): number {
		return this.open.size;
	}
}
