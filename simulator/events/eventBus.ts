import type { JsonObject } from '../encoding/json';
import { formatTimestamp, nowNanoseconds } from '../encoding/time';
import { EventDefinition, eventDefinition, EventHost } from './definitions';
import type { EventStore } from './eventStore';
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
	/** The event's own identifiers, as published. */
	identifiers: JsonObject[];
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
	origin: string;
	/** The events store (the Redis backend); none for the `internal` backend, which keeps no history. */
	store?: EventStore;
	/** Identity Server and cluster on their own hosts, each with its own events store. */
	split: boolean;
}

/**
 * Publishes events: into the events store when there is one (streams read them from there), to
 * the live subscribers of a store-less server, and to the onPublish listeners.
 */
export class EventBus {
	private readonly subscribers = new Set<EventSubscriber>();
	private readonly listeners = new Set<(event: PublishedEvent) => void>();

	constructor(private readonly options: EventBusOptions) {}

	get store(): EventStore | undefined {
		return this.options.store;
	}

	/** Which store a server reads: its own in split mode, the one store otherwise. */
	storeScope(host: EventHost | 'combined'): string {
		return this.options.split ? host : 'all';
	}

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
			identifiers: input.identifiers,
			host: definition.host,
			definition,
			timeMs,
			keys: [...keys],
			ownKeys,
			event,
		};
		this.options.store?.append(published, this.storeScope(published.host));
		for (const subscriber of this.subscribers) {
			if (subscriber.tenant !== tenant) continue;
			if (subscriber.host !== 'combined' && subscriber.host !== published.host) continue;
			if (published.keys.some((key) => subscriber.keys.has(key))) subscriber.deliver(published);
		}
		for (const listener of this.listeners) listener(published);
		return published;
	}

	/** A live subscription (pkg/events/basic: matched on publication, no history). */
	subscribe(subscriber: EventSubscriber): () => void {
		this.subscribers.add(subscriber);
		return () => this.subscribers.delete(subscriber);
	}

	/** Called for every published event (all tenants); for tests and the CLI. */
	onPublish(listener: (event: PublishedEvent) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	get subscriberCount(): number {
		return this.subscribers.size;
	}
}
