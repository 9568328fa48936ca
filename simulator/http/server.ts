import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConnectionTracker } from './connectionTracker';
import type { Dispatcher } from './dispatcher';
import type { HostKind } from './requestLog';

export interface ListeningServer {
	server: Server;
	port: number;
	host: HostKind;
}

/** Starts one HTTP server for the given host kind; every socket is tracked for close(). */
export function listen(
	dispatcher: Dispatcher,
	connections: ConnectionTracker,
	host: HostKind,
	port: number,
	address: string,
): Promise<ListeningServer> {
	const server = createServer((request: IncomingMessage, response: ServerResponse) => {
		dispatcher.handle(request, response, host).catch((error: unknown) => {
			if (!response.headersSent) {
				response.writeHead(500, { 'Content-Type': 'application/json' });
				response.end(JSON.stringify({ code: 13, message: String(error), details: [] }));
			} else {
				response.destroy();
			}
		});
	});
	// Go's net/http has no idle limit on TTS's API server; keep-alive sockets stay open.
	server.keepAliveTimeout = 60_000;
	server.on('connection', (socket) => connections.trackSocket(socket));
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, address, () => {
			server.off('error', reject);
			resolve({ server, port: (server.address() as AddressInfo).port, host });
		});
	});
}

export function closeServer(listening: ListeningServer): Promise<void> {
	return new Promise((resolve) => listening.server.close(() => resolve()));
}
