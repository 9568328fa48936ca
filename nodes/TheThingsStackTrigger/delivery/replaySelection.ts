import { subMillisecondOf } from '../stream/eventTime';
import type { QueuedEvent } from './eventDelivery';

/**
 * Of the events a stream replayed on activation, keeps the `count` most recent ones, oldest
 * first, then whatever came live. TTS replays the last `tail` events of each subscribed entity,
 * one entity after the other, and drops the names filter only after counting (pkg/events/redis
 * store.go tailStream), so the newest matching events overall can only be chosen once the whole
 * replay is in.
 */
export function keepNewestReplayed(held: readonly QueuedEvent[], count: number): QueuedEvent[] {
	const replayed = held.filter((item) => item.delivered.replayed);
	const kept = replayed
		.map((item, index) => ({
			item,
			index,
			subMs: subMillisecondOf(item.delivered.event.time),
		}))
		.sort(
			(a, b) =>
				a.item.delivered.timeMs - b.item.delivered.timeMs || a.subMs - b.subMs || a.index - b.index,
		)
		.slice(Math.max(0, replayed.length - count))
		.map(({ item }) => item);
	return [...kept, ...held.filter((item) => !item.delivered.replayed)];
}
