import type { IDataObject } from 'n8n-workflow';

/** One message of a TTS streaming response. */
export type StreamMessage =
	| { type: 'event'; event: IDataObject }
	/** The synthetic first message of `POST /api/v3/events`; it names the server's time. */
	| { type: 'start'; event: IDataObject }
	/** A `google.rpc.Status` the server sent instead of a result; the stream ends after it. */
	| { type: 'error'; error: IDataObject }
	| { type: 'invalid'; text: string };

export const STREAM_START_EVENT = 'events.stream.start';

// A message that does not parse is kept and joined with the following lines (a pretty-printed
// message), but never beyond this size: then it is reported as invalid and dropped.
const MAX_PENDING_MESSAGE_CHARS = 4 * 1024 * 1024;

/**
 * Splits a TTS stream into messages. grpc-gateway writes each message as `{"result": …}` or
 * `{"error": …}`, followed by "\n\n" for `Accept: text/event-stream` (jsonpb.TTNEventStream,
 * pkg/jsonpb/ttn.go) and "\n" otherwise. It is not Server-Sent Events: there are no `data:`
 * prefixes. Chunks may end anywhere, also inside a multi-byte UTF-8 character.
 */
export class StreamFramingParser {
	private readonly decoder = new TextDecoder('utf-8');
	private buffered = '';
	private unparsed = '';

	/** Feeds the next chunk and returns the messages it completes. */
	push(chunk: Uint8Array | string): StreamMessage[] {
		const text = typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
		const messages: StreamMessage[] = [];
		let data = this.buffered === '' ? text : this.buffered + text;
		let start = 0;
		let newline = data.indexOf('\n', start);
		while (newline !== -1) {
			this.take(data.slice(start, newline), messages);
			start = newline + 1;
			newline = data.indexOf('\n', start);
		}
		data = start === 0 ? data : data.slice(start);
		this.buffered = data;
		return messages;
	}

	/** The stream ended: returns a last message that was not followed by a delimiter. */
	end(): StreamMessage[] {
		const messages: StreamMessage[] = [];
		const rest = this.buffered + this.decoder.decode();
		this.buffered = '';
		this.take(rest, messages);
		if (this.unparsed !== '') {
			messages.push({ type: 'invalid', text: this.unparsed });
			this.unparsed = '';
		}
		return messages;
	}

	/** Characters received but not yet part of a complete message. */
	get pendingLength(): number {
		return this.buffered.length + this.unparsed.length;
	}

	private take(line: string, messages: StreamMessage[]): void {
		const blank = line.length === 0 || (line.charCodeAt(0) <= 32 && line.trim() === '');
		if (blank && this.unparsed === '') return;
		if (this.unparsed !== '') {
			const joined = parseJson(`${this.unparsed}\n${line}`);
			if (joined !== undefined) {
				this.unparsed = '';
				messages.push(classify(joined.value, line));
				return;
			}
			// A line that parses on its own starts a new message: what came before was garbage.
			const alone = line.trimStart().startsWith('{') ? parseJson(line) : undefined;
			if (blank || alone !== undefined || this.unparsed.length > MAX_PENDING_MESSAGE_CHARS) {
				messages.push({ type: 'invalid', text: this.unparsed });
				this.unparsed = '';
				if (alone !== undefined) messages.push(classify(alone.value, line));
				else if (!blank) this.unparsed = line;
				return;
			}
			this.unparsed = `${this.unparsed}\n${line}`;
			return;
		}
		const parsed = parseJson(line);
		if (parsed === undefined) this.unparsed = line;
		else messages.push(classify(parsed.value, line));
	}
}

function parseJson(text: string): { value: unknown } | undefined {
	try {
		return { value: JSON.parse(text) as unknown };
	} catch {
		return undefined;
	}
}

function classify(parsed: unknown, text: string): StreamMessage {
	if (parsed && typeof parsed === 'object') {
		const envelope = parsed as { result?: unknown; error?: unknown };
		if (envelope.result && typeof envelope.result === 'object') {
			const event = envelope.result as IDataObject;
			return event.name === STREAM_START_EVENT
				? { type: 'start', event }
				: { type: 'event', event };
		}
		if (envelope.error && typeof envelope.error === 'object') {
			return { type: 'error', error: envelope.error as IDataObject };
		}
	}
	return { type: 'invalid', text };
}
