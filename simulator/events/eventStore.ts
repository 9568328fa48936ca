import type { JsonObject } from '../encoding/json';
import type { PublishedEvent } from './eventBus';
import { entityKey, parentIdentifiers } from './identifiers';

export interface EventStoreSettings {
	/** `events.redis.store.entity-count`: entries kept per entity stream (MAXLEN). */
	entityCount: number;
	/** `events.redis.store.ttl`: how long an event's payload is kept. */
	payloadTtlMs: number;
	/** `events.redis.store.entity-ttl`: an entity stream expires this long after its last event. */
	entityTtlMs: number;
	/** The store's clock (Redis's), in ms: stream entry IDs and expiry. */
	now: () => number;
}

/** One entry of an entity's event stream (an XADD of pkg/events/redis/store.go publish). */
export interface StoredEntry {
	/** The entry ID; increases with every entry the store adds. */
	seq: number;
	/** The store's clock when the entry was added: the millisecond part of a Redis stream ID. */
	storedAtMs: number;
	published: PublishedEvent;
	/** The identifiers the entry was added for, all an event replayed without payload keeps. */
	identifiers: JsonObject;
}

export interface StreamRead {
	/** Matching entries, oldest first. */
	entries: StoredEntry[];
	/** Entries after this ID were not read. */
	cursor: number;
}

interface EntityStream {
	entries: StoredEntry[];
	expiresAtMs: number;
}

type EntryListener = (entry: StoredEntry) => void;

/**
 * The Redis events store (pkg/events/redis/store.go): per entity a stream of the events that
 * name it, trimmed to `entityCount` entries and expiring `entityTtlMs` after its last event; an
 * event's payload expires `payloadTtlMs` after it was stored, after which the event replays
 * without data.
 */
export class EventStore {
	private readonly streams = new Map<string, EntityStream>();
	private readonly listeners = new Map<string, Set<EntryListener>>();
	private lastSeq = 0;

	constructor(private readonly settings: EventStoreSettings) {}

	/**
	 * Changes the payload TTL of the running store (as a restart with another
	 * `events.redis.store.ttl` would); it applies to the entries already stored.
	 */
	setPayloadTtl(payloadTtlMs: number): void {
		this.settings.payloadTtlMs = payloadTtlMs;
	}

	/** The key of an entity's stream; `scope` separates stores (one per server in split mode). */
	static streamKey(tenant: string, scope: string, entity: string): string {
		return `${tenant}|${scope}|${entity}`;
	}

	/**
	 * pkg/events/redis/store.go publish: one XADD (MAXLEN ~ entity-count) per identifier of the
	 * event, and one to the application's stream for a device identifier when the event is
	 * defined WithPropagateToParent, each entry carrying that identifier; then PEXPIRE
	 * entity-ttl on every stream written.
	 */
	append(published: PublishedEvent, scope: string): void {
		const nowMs = this.settings.now();
		const added: Array<[string, StoredEntry]> = [];
		for (const identifiers of published.identifiers) {
			const own = entityKey(identifiers);
			if (!own) continue;
			const targets = [own];
			const parent = published.definition.propagateToParent
				? parentIdentifiers(identifiers)
				: undefined;
			if (parent) targets.push(entityKey(parent) as string);
			for (const entity of targets) {
				const key = EventStore.streamKey(published.tenant, scope, entity);
				const stream = this.liveStream(key, nowMs) ?? { entries: [], expiresAtMs: 0 };
				this.streams.set(key, stream);
				const entry: StoredEntry = {
					seq: ++this.lastSeq,
					storedAtMs: nowMs,
					published,
					identifiers,
				};
				stream.entries.push(entry);
				// Exact MAXLEN, where Redis's `~` keeps up to a macro node (100 entries) more.
				if (stream.entries.length > this.settings.entityCount)
					stream.entries.splice(0, stream.entries.length - this.settings.entityCount);
				stream.expiresAtMs = nowMs + this.settings.entityTtlMs;
				added.push([key, entry]);
			}
		}
		for (const [key, entry] of added) {
			for (const listener of this.listeners.get(key) ?? []) listener(entry);
		}
	}

	/**
	 * pkg/events/redis/store.go tailStream: the entries from `startMs` on (a stream ID range is
	 * inclusive), the newest `tail` of them when tail > 0 (XREVRANGE … COUNT tail), then only
	 * those with one of `names` (the names filter comes after the count).
	 */
	read(
		key: string,
		options: { startMs?: number; tail: number; names?: ReadonlySet<string> },
	): StreamRead {
		const entries = this.liveStream(key, this.settings.now())?.entries ?? [];
		let range =
			options.startMs === undefined
				? entries
				: entries.filter((entry) => entry.storedAtMs >= (options.startMs as number));
		if (options.tail > 0) range = range.slice(-options.tail);
		const cursor = entries.length > 0 ? entries[entries.length - 1].seq : this.lastSeq;
		const names = options.names;
		return {
			entries: names ? range.filter((entry) => names.has(entry.published.name)) : [...range],
			cursor,
		};
	}

	/** Calls `listener` with every entry added to the stream from now on, until unsubscribed. */
	listen(key: string, listener: EntryListener): () => void {
		let listeners = this.listeners.get(key);
		if (!listeners) {
			listeners = new Set();
			this.listeners.set(key, listeners);
		}
		listeners.add(listener);
		return () => {
			listeners.delete(listener);
			if (listeners.size === 0 && this.listeners.get(key) === listeners) this.listeners.delete(key);
		};
	}

	/** Whether the payload (the event_data key, SET with the payload TTL) has expired. */
	payloadExpired(entry: StoredEntry): boolean {
		return this.settings.now() >= entry.storedAtMs + this.settings.payloadTtlMs;
	}

	/** The stream if it exists and has not expired; an expired one is deleted. */
	private liveStream(key: string, nowMs: number): EntityStream | undefined {
		const stream = this.streams.get(key);
		if (stream && stream.expiresAtMs <= nowMs) {
			this.streams.delete(key);
			return undefined;
		}
		return stream;
	}
}
