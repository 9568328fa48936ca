import type { JsonObject } from '../encoding/json';
import { ChannelEvent, channelSizeFor, EventChannel } from './eventChannel';
import { EventStore, StoredEntry } from './eventStore';
import { bareIdentifiers, entityKey } from './identifiers';

// cmd/internal/shared/config.go: events.redis.store.stream-partition-size = 64.
const streamPartitionSize = 64;
// pkg/events/redis/store.go SubscribeWithHistory: "a clock skew on the Redis server of up to 1 second".
const scanSkewMs = 1_000;

export interface StoreSubscriptionRequest {
	tenant: string;
	/** The store the stream's server reads (EventBus.storeScope). */
	scope: string;
	/** The requested identifiers, in request order: one entity stream each. */
	identifiers: JsonObject[];
	/** The expanded names filter; undefined for all events. */
	names?: ReadonlySet<string>;
	/** `after`, truncated to milliseconds; undefined when the request has none. */
	afterMs?: number;
	tail: number;
}

interface EntityStreamState {
	key: string;
	/** Entries added after the history read, not yet read live. */
	pending: StoredEntry[];
	stopListening?: () => void;
}

/**
 * pkg/events/redis/store.go SubscribeWithHistory, writing into a stream's channel:
 *
 * - History, per requested identifier in request order (tailStream, one store round trip
 *   each): the entries from `after` − 1 s on (the scan allows for Redis's clock), the newest
 *   `tail` of them if tail is set, then the names filter, then only events whose millisecond
 *   time is after `after`. Each identifier's history is pushed in one go.
 * - Then live: each partition of up to 64 streams is read with XREAD COUNT clamp(tail, 8, 1024)
 *   per stream, and each read is pushed in one go.
 *
 * An event stored under several requested identifiers (a device and its application) is
 * pushed once for each. A push goes through EventChannel.notify, which drops it when the
 * channel is full. The stream writer gets a turn between two store reads, not within one: Go
 * pushes each stream's part of a read right after the round trip that loads its payloads
 * (MGET), and a fast writer may catch up during those; the simulator models one that does not.
 */
export class StoreSubscription {
	private readonly streams: EntityStreamState[];
	private readonly partitions: EntityStreamState[][] = [];
	private readonly scheduled = new Set<number>();
	private readonly readCount: number;
	private live = false;
	private closed = false;

	constructor(
		private readonly store: EventStore,
		private readonly request: StoreSubscriptionRequest,
		private readonly channel: EventChannel,
	) {
		const keys = request.identifiers
			.map(entityKey)
			.filter((key): key is string => key !== undefined);
		this.streams = keys.map((entity) => ({
			key: EventStore.streamKey(request.tenant, request.scope, entity),
			pending: [],
		}));
		for (let index = 0; index < this.streams.length; index += streamPartitionSize)
			this.partitions.push(this.streams.slice(index, index + streamPartitionSize));
		this.readCount = channelSizeFor(request.tail);
	}

	/**
	 * Reads every stream's history and starts listening at once (as if Redis answered without
	 * delay, so no event falls between the history and the live reads), then pushes each
	 * identifier's history a store round trip apart, and goes live.
	 */
	start(): void {
		const { afterMs, tail, names } = this.request;
		const startMs = afterMs === undefined ? undefined : afterMs - scanSkewMs;
		const histories = this.streams.map((stream) => {
			const { entries } = this.store.read(stream.key, { startMs, tail, names });
			const partition = this.partitionOf(stream);
			stream.stopListening = this.store.listen(stream.key, (entry) => {
				stream.pending.push(entry);
				this.wake(partition);
			});
			return entries.filter((entry) => afterMs === undefined || entry.published.timeMs > afterMs);
		});
		void this.pushHistory(histories);
	}

	close(): void {
		if (this.closed) return;
		this.closed = true;
		for (const stream of this.streams) stream.stopListening?.();
	}

	private async pushHistory(histories: StoredEntry[][]): Promise<void> {
		for (const entries of histories) {
			await storeRoundTrip();
			if (this.closed) return;
			for (const entry of entries) this.channel.notify(this.channelEvent(entry));
		}
		this.live = true;
		this.partitions.forEach((partition, index) => {
			if (partition.some((stream) => stream.pending.length > 0)) this.wake(index);
		});
	}

	private partitionOf(stream: EntityStreamState): number {
		return Math.floor(this.streams.indexOf(stream) / streamPartitionSize);
	}

	private wake(partition: number): void {
		if (!this.live || this.closed || this.scheduled.has(partition)) return;
		this.scheduled.add(partition);
		setImmediate(() => this.readLive(partition));
	}

	/** One XREAD of a partition: up to readCount entries per stream, pushed in one go. */
	private readLive(partition: number): void {
		this.scheduled.delete(partition);
		if (this.closed) return;
		const streams = this.partitions[partition];
		const names = this.request.names;
		const read: ChannelEvent[] = [];
		for (const stream of streams) {
			for (const entry of stream.pending.splice(0, this.readCount)) {
				if (names && !names.has(entry.published.name)) continue;
				read.push(this.channelEvent(entry));
			}
		}
		read.forEach((event) => this.channel.notify(event));
		if (streams.some((stream) => stream.pending.length > 0)) this.wake(partition);
	}

	/** pkg/events/redis/store.go loadEventData: the full event, or the stored meta without data. */
	private channelEvent(entry: StoredEntry): ChannelEvent {
		const { published } = entry;
		if (!this.store.payloadExpired(entry)) {
			return {
				name: published.name,
				event: published.event,
				definition: published.definition,
				visibilityKeys: published.ownKeys,
			};
		}
		const identifiers = bareIdentifiers(entry.identifiers);
		return {
			name: published.name,
			event: {
				name: published.name,
				time: published.event.time,
				identifiers: [identifiers],
				visibility: published.event.visibility,
				unique_id: published.event.unique_id,
			},
			definition: published.definition,
			visibilityKeys: [entityKey(identifiers) as string],
		};
	}
}

/** A Redis request: other work (the stream writer) runs before its answer is handled. */
function storeRoundTrip(): Promise<void> {
	return new Promise((resolve) => setImmediate(resolve));
}
