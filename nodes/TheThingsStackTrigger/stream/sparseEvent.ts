import type { IDataObject } from 'n8n-workflow';

/**
 * Whether the server replayed the event without its data. The events store keeps an event's
 * payload for a short time only (`events.redis.store.ttl`, 10 minutes by default) and its entry in
 * the entity's history much longer; past the payload's time the history yields only what the entry
 * holds: the unique ID, name, time, identifiers, context and visibility
 * (pkg/events/redis/codec.go encodeEventMeta/decodeEventMeta, store.go loadEventData skipping
 * expired data). A complete event always carries its `origin` (the publishing host,
 * pkg/events/events.go) and nearly always correlation IDs.
 */
export function isWithoutData(event: IDataObject): boolean {
	return (
		event.origin === undefined &&
		event.data === undefined &&
		(!Array.isArray(event.correlation_ids) || event.correlation_ids.length === 0)
	);
}
