import type { JsonObject } from '../encoding/json';
import { formatTimestamp, nowNanoseconds } from '../encoding/time';
import { EventDefinition, eventDefinition, EventHost } from './definitions';
import { entityKey, parentKey } from './identifiers';
import { ulid } from './ulid';

export interface EventInput {
	name: string;
	identifiers: JsonObject[];
	/** The event payload; must carry its `@type`. */
	data?: JsonObject;
	correlationIds?: string[];
}

export interface PublishedEvent {
	tenant: string;
	name: string;
	host: EventHost;
	definition: EventDefinition;
	/** Milliseconds since the epoch (for `after` comparisons, which TTS does at ms precision). */
	timeMs: number;
	/** Entity keys the event is indexed under: its own identifiers plus propagated parents. */
	keys: string[];
	/** Entity keys of the event's own identifiers (for visibility checks). */
	ownKeys: string[];
	/** The Event message as the stream writes it. */
	event: JsonObject;
}

export interface EventSubscriber {
	tenant: string;
	/** `combined` sees every event; a split host sees only the events its server publishes. */
	host: EventHost | 'combined';
	keys: ReadonlySet<string>;
	deliver(event: PublishedEvent): void;
}

export interface EventBusOptions {
	/** Events kept per entity for `tail`/`after` replay (TTS Redis store entity-count, ~100). */
	historyPerEntity: number;
	origin: string;
}

/** Publishes events to live subscribers and keeps a bounded per-entity history for replay. */
export class EventBus {
	private readonly subscribers = new Set<EventSubscriber>();
	/** `<tenant>|<host>|<entity key>` -> recent events, oldest first. */
	private readonly history = new Map<string, PublishedEvent[]>();
	private readonly listeners = new Set<(event: PublishedEvent) => void>();

	constructor(private readonly options: EventBusOptions) {}

	publish(tenant: string, input: EventInput): PublishedEvent {
		const definition = eventDefinition(input.name);
		const nanoseconds = nowNanoseconds();
		const timeMs = Number(nanoseconds / 1_000_000n);
		const ownKeys = input.identifiers.map(entityKey).filter((key): key is string => Boolean(key));
		const keys = new Set(ownKeys);
		if (definition.propagateToParent) {
			for (const identifiers of input.identifiers) {
				const parent = parentKey(identifiers);
				if (parent) keys.add(parent);
			}
		}
		const event: JsonObject = {
			name: input.name,
			time: formatTimestamp(nanoseconds),
			identifiers: input.identifiers,
		};
		if (input.data) event.data = input.data;
		event.correlation_ids = input.correlationIds ?? [];
		event.origin = this.options.origin;
		event.visibility = { rights: definition.visibility };
		event.unique_id = ulid(timeMs);
		const published: PublishedEvent = {
			tenant,
			name: input.name,
			host: definition.host,
			definition,
			timeMs,
			keys: [...keys],
			ownKeys,
			event,
		};
		for (const key of keys) {
			const historyKey = `${tenant}|${definition.host}|${key}`;
			let entries = this.history.get(historyKey);
			if (!entries) {
				entries = [];
				this.history.set(historyKey, entries);
			}
			entries.push(published);
			if (entries.length > this.options.historyPerEntity) entries.shift();
		}
		for (const subscriber of this.subscribers) {
			if (subscriber.tenant !== tenant) continue;
			if (subscriber.host !== 'combined' && subscriber.host !== published.host) continue;
			if (published.keys.some((key) => subscriber.keys.has(key))) subscriber.deliver(published);
		}
		for (const listener of this.listeners) listener(published);
		return published;
	}

	subscribe(subscriber: EventSubscriber): () => void {
		this.subscribers.add(subscriber);
		return () => this.subscribers.delete(subscriber);
	}

	/** Called for every published event (all tenants); for tests and the CLI. */
	onPublish(listener: (event: PublishedEvent) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/** Stored events for the given entities, oldest first, without duplicates. */
	replay(tenant: string, host: EventHost | 'combined', keys: Iterable<string>): PublishedEvent[] {
		const hosts: EventHost[] = host === 'combined' ? ['identity', 'cluster'] : [host];
		const seen = new Set<PublishedEvent>();
		for (const key of keys) {
			for (const eachHost of hosts) {
				for (const entry of this.history.get(`${tenant}|${eachHost}|${key}`) ?? []) seen.add(entry);
			}
		}
		return [...seen].sort((a, b) => a.timeMs - b.timeMs || compareTime(a, b));
	}

	get subscriberCount(): number {
		return this.subscribers.size;
	}
}

function compareTime(a: PublishedEvent, b: PublishedEvent): number {
	return String(a.event.unique_id).localeCompare(String(b.event.unique_id));
}
