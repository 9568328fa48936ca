import type { Socket } from 'node:net';

/** Open sockets and event streams, so close() can end them and tests can count them. */
export class ConnectionTracker {
	private readonly sockets = new Set<Socket>();
	private readonly streams = new Set<{ end(): void }>();

	trackSocket(socket: Socket): void {
		this.sockets.add(socket);
		socket.once('close', () => this.sockets.delete(socket));
	}

	trackStream(stream: { end(): void }): () => void {
		this.streams.add(stream);
		return () => this.streams.delete(stream);
	}

	get openSockets(): number {
		return this.sockets.size;
	}

	get openStreams(): number {
		return this.streams.size;
	}

	/** Ends every stream, destroys every socket, and resolves once all sockets are closed. */
	async endAll(): Promise<void> {
		for (const stream of [...this.streams]) stream.end();
		const closing = [...this.sockets].map(
			(socket) =>
				new Promise<void>((resolve) => {
					if (socket.destroyed && !this.sockets.has(socket)) return resolve();
					socket.once('close', () => resolve());
					socket.destroy();
				}),
		);
		await Promise.all(closing);
	}
}
