import {
	createServer,
	type IncomingHttpHeaders,
	type IncomingMessage,
	type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedRequest {
	method: string;
	url: string;
	path: string;
	query: URLSearchParams;
	host: string;
	headers: IncomingHttpHeaders;
	body: unknown;
	/** Date.now() when the request arrived. */
	receivedAt: number;
}

export type ScriptedResponse =
	{ status: number; body?: unknown; headers?: Record<string, string | string[]> } | 'reset';

export type ScriptedHandler = (
	request: RecordedRequest,
) => ScriptedResponse | Promise<ScriptedResponse>;

export interface ScriptedServer {
	url: string;
	port: number;
	requests: RecordedRequest[];
	handle(handler: ScriptedHandler): void;
	close(): Promise<void>;
}

/**
 * A local HTTP server whose answers a test scripts request by request, for transport behaviour
 * that needs exact control (429 sequences, dropped connections, headers). Records every request.
 */
export async function startScriptedServer(handler?: ScriptedHandler): Promise<ScriptedServer> {
	let current: ScriptedHandler = handler ?? (() => ({ status: 404, body: {} }));
	const requests: RecordedRequest[] = [];
	const sockets = new Set<Socket>();
	const server = createServer((req: IncomingMessage, res: ServerResponse) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', async () => {
			const raw = Buffer.concat(chunks).toString('utf8');
			const url = new URL(req.url ?? '/', 'http://localhost');
			const recorded: RecordedRequest = {
				method: req.method ?? 'GET',
				url: req.url ?? '/',
				path: url.pathname,
				query: url.searchParams,
				host: req.headers.host ?? '',
				headers: req.headers,
				body: raw ? safeJson(raw) : undefined,
				receivedAt: Date.now(),
			};
			requests.push(recorded);
			const response = await current(recorded);
			if (response === 'reset') {
				req.socket.destroy();
				return;
			}
			res.writeHead(response.status, { 'content-type': 'application/json', ...response.headers });
			res.end(response.body === undefined ? '' : JSON.stringify(response.body));
		});
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		port,
		requests,
		handle: (next) => (current = next),
		close: async () => {
			sockets.forEach((socket) => socket.destroy());
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

function safeJson(raw: string): unknown {
	try {
		return JSON.parse(raw);
	} catch {
		return raw;
	}
}

/** A TTS error body as grpc-gateway writes it (tts-api.md §9.1). */
export function ttsErrorBody(
	namespace: string,
	name: string,
	messageFormat: string,
	code: number,
	attributes: Record<string, unknown> = {},
) {
	const formatted = messageFormat.replace(/\{(\w+)\}/g, (whole, key: string) =>
		key in attributes ? String(attributes[key]) : whole,
	);
	return {
		code,
		message: `error:${namespace}:${name} (${formatted})`,
		details: [
			{
				'@type': 'type.googleapis.com/ttn.lorawan.v3.ErrorDetails',
				namespace,
				name,
				message_format: messageFormat,
				attributes,
				correlation_id: 'c0ffee00c0ffee00c0ffee00c0ffee00',
				code,
			},
		],
	};
}
