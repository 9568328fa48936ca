import type { ServerResponse } from 'node:http';
import type { StreamCut } from '../faults/faultInjector';
import type { ChannelEvent, EventChannel } from './eventChannel';

export interface StreamWriterSettings {
	/** "\n\n" for `Accept: text/event-stream`, "\n" otherwise. */
	delimiter: string;
	/** A fault to inject: lose the connection after so many events or bytes. */
	cut?: StreamCut;
	/** rightsutil.EventIsVisible: whether the caller may see the event. */
	isVisible(event: ChannelEvent): boolean;
	/** The connection was cut by the injected fault. */
	onCut(): void;
}

/**
 * The loop at the end of pkg/events/grpc/grpc.go Stream: takes events from the channel, checks
 * their visibility, and sends each as a `{"result": …}` message. It sends as fast as the client
 * reads: when the socket's buffer is full (`write` returns false) it waits for `drain`, and the
 * channel fills up meanwhile.
 */
export class StreamWriter {
	private scheduled = false;
	private waitingForDrain = false;
	private ended = false;
	private bytesWritten = 0;
	/** Events sent (the stream start and error messages not counted). */
	eventsWritten = 0;

	constructor(
		private readonly response: ServerResponse,
		private readonly channel: EventChannel,
		private readonly settings: StreamWriterSettings,
	) {}

	/** Sends a message at once, outside the channel (the stream start, a final error). */
	writeMessage(message: object): void {
		this.write(`${JSON.stringify(message)}${this.settings.delimiter}`);
	}

	/** The channel has events: take them in the writer's next turn. */
	schedule(): void {
		if (this.scheduled || this.waitingForDrain || this.ended) return;
		this.scheduled = true;
		setImmediate(() => {
			this.scheduled = false;
			this.drain();
		});
	}

	/** No more writes (the stream ended or the connection closed). */
	stop(): void {
		this.ended = true;
	}

	get stopped(): boolean {
		return this.ended;
	}

	private drain(): void {
		while (!this.ended && !this.waitingForDrain) {
			const event = this.channel.take();
			if (!event) return;
			if (!this.settings.isVisible(event)) continue;
			const flushed = this.write(
				`${JSON.stringify({ result: event.event })}${this.settings.delimiter}`,
			);
			if (this.ended) return;
			this.eventsWritten++;
			const cutAfter = this.settings.cut?.afterEvents;
			if (cutAfter !== undefined && this.eventsWritten >= cutAfter) {
				this.cut();
				return;
			}
			if (!flushed) {
				this.waitingForDrain = true;
				this.response.once('drain', () => {
					this.waitingForDrain = false;
					this.drain();
				});
			}
		}
	}

	/** Writes a chunk; false when the socket's buffer is full. Applies an injected byte cut. */
	private write(chunk: string): boolean {
		if (this.ended) return false;
		const bytes = Buffer.from(chunk);
		const cutAfter = this.settings.cut?.afterBytes;
		if (cutAfter !== undefined && this.bytesWritten + bytes.length >= cutAfter) {
			const partial = bytes.subarray(0, Math.max(0, cutAfter - this.bytesWritten));
			this.bytesWritten += partial.length;
			this.response.write(partial);
			this.cut();
			return false;
		}
		this.bytesWritten += bytes.length;
		return this.response.write(bytes);
	}

	// Drops the connection without ending the chunked body: written data is flushed, then FIN,
	// so the client sees the bytes so far and then a truncated response.
	cut(): void {
		if (this.ended) return;
		this.ended = true;
		this.response.socket?.end();
		this.settings.onCut();
	}
}
