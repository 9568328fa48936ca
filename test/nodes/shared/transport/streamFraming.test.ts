import { StreamFramingParser } from '../../../../nodes/shared/transport';
import type { StreamMessage } from '../../../../nodes/shared/transport';

const event = (id: number, extra: Record<string, unknown> = {}) => ({
	name: 'as.up.data.forward',
	time: `2024-10-01T12:00:00.${String(id).padStart(3, '0')}000000Z`,
	unique_id: `01JA${String(id).padStart(22, '0')}`,
	...extra,
});

const frame = (message: unknown, delimiter = '\n\n') => `${JSON.stringify(message)}${delimiter}`;

function parseAll(chunks: Array<string | Uint8Array>): StreamMessage[] {
	const parser = new StreamFramingParser();
	const messages = chunks.flatMap((chunk) => parser.push(chunk));
	return [...messages, ...parser.end()];
}

describe('StreamFramingParser', () => {
	it('reads messages delimited by blank lines (text/event-stream) and by newlines (JSON)', () => {
		for (const delimiter of ['\n\n', '\n', '\r\n\r\n']) {
			const text = [1, 2, 3].map((id) => frame({ result: event(id) }, delimiter)).join('');
			expect(parseAll([text])).toEqual(
				[1, 2, 3].map((id) => ({ type: 'event', event: event(id) })),
			);
		}
	});

	it('is not Server-Sent Events: a data: prefix is not JSON and is reported as invalid', () => {
		const [message] = parseAll([`data: ${JSON.stringify({ result: event(1) })}\n\n`]);
		expect(message.type).toBe('invalid');
	});

	it('tells the stream start apart from events', () => {
		const start = { name: 'events.stream.start', time: '2024-10-01T12:00:00Z', identifiers: [] };
		expect(parseAll([frame({ result: start }), frame({ result: event(1) })])).toEqual([
			{ type: 'start', event: start },
			{ type: 'event', event: event(1) },
		]);
	});

	it('returns error messages with their status', () => {
		const status = { code: 16, message: 'error:pkg/auth/rights:unauthenticated (unauthenticated)' };
		expect(parseAll([frame({ error: status })])).toEqual([{ type: 'error', error: status }]);
	});

	it('joins messages split anywhere across chunks, one byte at a time included', () => {
		const text = [1, 2, 3, 4].map((id) => frame({ result: event(id) })).join('');
		const bytes = Buffer.from(text);
		const oneByOne = Array.from(bytes, (byte) => Uint8Array.of(byte));
		expect(parseAll(oneByOne).map((message) => message.type)).toEqual(Array(4).fill('event'));
		for (let cut = 1; cut < bytes.length; cut += 7) {
			const parsed = parseAll([bytes.subarray(0, cut), bytes.subarray(cut)]);
			expect(parsed).toHaveLength(4);
		}
	});

	it('decodes a multi-byte UTF-8 character split between two chunks', () => {
		const text = frame({ result: event(1, { data: { note: 'Zürich 🌡 25°C' } }) });
		const bytes = Buffer.from(text);
		const split = bytes.indexOf(Buffer.from('🌡')) + 2;
		const [message] = parseAll([bytes.subarray(0, split), bytes.subarray(split)]);
		expect(message).toEqual({
			type: 'event',
			event: event(1, { data: { note: 'Zürich 🌡 25°C' } }),
		});
	});

	it('keeps a message that has not ended yet until its delimiter or the end of the stream', () => {
		const parser = new StreamFramingParser();
		const text = JSON.stringify({ result: event(1) });
		expect(parser.push(text)).toEqual([]);
		expect(parser.pendingLength).toBe(text.length);
		expect(parser.push('\n\n')).toEqual([{ type: 'event', event: event(1) }]);
		expect(parser.pendingLength).toBe(0);
		expect(parser.push(text)).toEqual([]);
		expect(parser.end()).toEqual([{ type: 'event', event: event(1) }]);
	});

	it('reports a message cut off by a dropped connection as invalid, not as an event', () => {
		const text = frame({ result: event(1) }) + JSON.stringify({ result: event(2) }).slice(0, 40);
		expect(parseAll([text]).map((message) => message.type)).toEqual(['event', 'invalid']);
	});

	it('reads a pretty-printed message spread over several lines', () => {
		const text = `${JSON.stringify({ result: event(1) }, null, 2)}\n\n${frame({ result: event(2) })}`;
		expect(parseAll([text])).toEqual([
			{ type: 'event', event: event(1) },
			{ type: 'event', event: event(2) },
		]);
	});

	it('skips garbage lines and goes on with the next message', () => {
		const text = `not json\n\n${frame({ result: event(1) })}${frame({ neither: true })}`;
		expect(parseAll([text]).map((message) => message.type)).toEqual([
			'invalid',
			'event',
			'invalid',
		]);
	});
});

describe('StreamFramingParser with newline-delimited JSON', () => {
	it('does not let a garbage line swallow the messages after it', () => {
		const text = `garbage\n${frame({ result: event(1) }, '\n')}${frame({ result: event(2) }, '\n')}`;
		expect(parseAll([text]).map((message) => message.type)).toEqual(['invalid', 'event', 'event']);
	});
});
