import type { ServerResponse } from 'node:http';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StreamReplay {
	url: string;
	close(): Promise<void>;
}

/**
 * An HTTP server that answers every `POST /api/v3/events` with `recorded` at full speed (then
 * keeps the stream open, as a live one stays) and passes every other request on to `target`
 * (the checks a trigger makes when it is activated).
 */
export async function startStreamReplay(target: string, recorded: Buffer): Promise<StreamReplay> {
	const replay = createServer((incoming, outgoing) => {
		if (incoming.method === 'POST' && incoming.url === '/api/v3/events') {
			incoming.resume();
			outgoing.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
			writeAll(outgoing, recorded);
			return;
		}
		const forwarded = request(
			`${target}${incoming.url}`,
			{ method: incoming.method, headers: incoming.headers },
			(answer) => {
				outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(outgoing);
			},
		);
		incoming.pipe(forwarded);
	});
	await new Promise<void>((resolve) => replay.listen(0, '127.0.0.1', resolve));
	const { port } = replay.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		close: async () => {
			replay.closeAllConnections();
			await new Promise<void>((resolve) => replay.close(() => resolve()));
		},
	};
}

// Writes as fast as the reader takes it, then keeps the stream open like a live one.
function writeAll(outgoing: ServerResponse, data: Buffer): void {
	let offset = 0;
	const next = () => {
		while (offset < data.length) {
			const slice = data.subarray(offset, offset + 64 * 1024);
			offset += slice.length;
			if (!outgoing.write(slice)) {
				outgoing.once('drain', next);
				return;
			}
		}
	};
	next();
}
