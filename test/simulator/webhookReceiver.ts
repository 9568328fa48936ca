import { createServer, IncomingHttpHeaders, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
	method: string;
	/** Path and query. */
	url: string;
	headers: IncomingHttpHeaders;
	/** Header names as sent on the wire, with their case. */
	rawHeaderNames: string[];
	body: string;
}

export type Answer = (request: ReceivedRequest, response: ServerResponse) => unknown;

export interface WebhookReceiver {
	url: string;
	requests: ReceivedRequest[];
	/** Requests that have arrived but not been answered yet. */
	pending(): number;
	/** How every following request is answered (default 200 with an empty body). */
	answer(answer: Answer): void;
	close(): Promise<void>;
}

/** An HTTP endpoint on loopback that records the requests the simulator's webhooks make. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
	const requests: ReceivedRequest[] = [];
	let pending = 0;
	let answer: Answer = (_, response) => response.writeHead(200).end();
	const server: Server = createServer(async (request, response) => {
		let body = '';
		for await (const chunk of request) body += chunk;
		const received: ReceivedRequest = {
			method: request.method ?? '',
			url: request.url ?? '',
			headers: request.headers,
			rawHeaderNames: request.rawHeaders.filter((_, index) => index % 2 === 0),
			body,
		};
		requests.push(received);
		pending++;
		response.on('close', () => pending--);
		await answer(received, response);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		pending: () => pending,
		answer: (next) => (answer = next),
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
