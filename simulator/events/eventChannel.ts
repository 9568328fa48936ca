import type { JsonObject } from '../encoding/json';
import type { EventDefinition } from './definitions';

/** One event on its way to a stream: the JSON to send and what its visibility is checked on. */
export interface ChannelEvent {
	name: string;
	/** The Event message as the stream writes it (without data when the payload expired). */
	event: JsonObject;
	definition: EventDefinition;
	/** Entity keys of the event's identifiers, whose rights decide whether the caller sees it. */
	visibilityKeys: readonly string[];
}

/**
 * pkg/events/grpc/grpc.go Stream: `ch := make(events.Channel, chSize)` with
 * chSize = clamp(tail, 8, 1024).
 */
export function channelSizeFor(tail: number): number {
	return Math.min(Math.max(tail, 8), 1024);
}

/**
 * A stream's bounded event channel. pkg/events/handler.go Channel.Notify: a push into a full
 * channel is dropped and only counted (the metric `events_channel_dropped_total`, by event
 * name); nobody tells the client.
 */
export class EventChannel {
	private readonly queue: ChannelEvent[] = [];
	private head = 0;
	pushed = 0;
	dropped = 0;
	readonly droppedByName = new Map<string, number>();

	constructor(
		readonly capacity: number,
		/** Called after each push that was not dropped. */
		private readonly onPush: () => void,
	) {}

	get length(): number {
		return this.queue.length - this.head;
	}

	notify(event: ChannelEvent): void {
		this.pushed++;
		if (this.length >= this.capacity) {
			this.dropped++;
			this.droppedByName.set(event.name, (this.droppedByName.get(event.name) ?? 0) + 1);
			return;
		}
		this.queue.push(event);
		this.onPush();
	}

	take(): ChannelEvent | undefined {
		if (this.head >= this.queue.length) return undefined;
		const event = this.queue[this.head++];
		if (this.head > 1024 && this.head * 2 > this.queue.length) {
			this.queue.splice(0, this.head);
			this.head = 0;
		}
		return event;
	}
}
