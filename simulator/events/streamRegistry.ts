export interface OpenEventStream {
	tenantId: string;
	/** Re-checks the caller's credentials and rights; ends the stream with an error if gone. */
	revalidate(): void;
	end(): void;
}

/** Open event streams, so revoking a key can end them the way TTS does. */
export class EventStreamRegistry {
	private readonly streams = new Set<OpenEventStream>();

	add(stream: OpenEventStream): () => void {
		this.streams.add(stream);
		return () => this.streams.delete(stream);
	}

	revalidate(tenantId: string): void {
		for (const stream of [...this.streams]) {
			if (stream.tenantId === tenantId) stream.revalidate();
		}
	}

	get size(): number {
		return this.streams.size;
	}
}
