import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

import type { WebhookRequest } from './request';

/** What became of one POST: the status of an answer, or why there was none. */
export type SinkOutcome =
	{ kind: 'answered'; status: number; body: Buffer } | { kind: 'unanswered'; reason: string };

// sink/http.go maxResponseSize: the first KiB of a failed answer is kept in the error.
const MAX_RESPONSE_SIZE = 1024;

/**
 * sink/http.go httpClientSink: one POST per request through a keep-alive client whose timeout
 * (`as.webhooks.timeout`) covers the whole exchange, the answer's body included.
 */
export class HttpSink {
	private readonly agents = {
		http: new HttpAgent({ keepAlive: true }),
		https: new HttpsAgent({ keepAlive: true }),
	};
	private readonly inFlight = new Set<() => void>();

	async send(request: WebhookRequest, timeoutMs: number): Promise<SinkOutcome> {
		let url: URL;
		try {
			url = new URL(request.url);
		} catch {
			return { kind: 'unanswered', reason: `invalid URL ${request.url}` };
		}
		const secure = url.protocol === 'https:';
		const send = secure ? httpsRequest : httpRequest;
		return await new Promise<SinkOutcome>((resolve) => {
			let settled = false;
			const finish = (outcome: SinkOutcome) => {
				if (settled) return;
				settled = true;
				clearTimeout(timer);
				this.inFlight.delete(abort);
				resolve(outcome);
			};
			const outgoing = send(url, {
				method: 'POST',
				headers: { ...request.headers, 'Content-Length': Buffer.byteLength(request.body) },
				agent: secure ? this.agents.https : this.agents.http,
			});
			const abort = () => {
				outgoing.destroy();
				finish({ kind: 'unanswered', reason: 'the Application Server stopped' });
			};
			this.inFlight.add(abort);
			const timer = setTimeout(() => {
				outgoing.destroy();
				finish({
					kind: 'unanswered',
					reason: `context deadline exceeded (Client.Timeout exceeded after ${timeoutMs} ms)`,
				});
			}, timeoutMs);
			outgoing.on('error', (error: NodeJS.ErrnoException) =>
				finish({ kind: 'unanswered', reason: error.code ?? error.message }),
			);
			outgoing.on('response', (response) => {
				const chunks: Buffer[] = [];
				let size = 0;
				response.on('data', (chunk: Buffer) => {
					if (size < MAX_RESPONSE_SIZE) chunks.push(chunk);
					size += chunk.length;
				});
				response.on('end', () =>
					finish({
						kind: 'answered',
						status: response.statusCode ?? 0,
						body: Buffer.concat(chunks).subarray(0, MAX_RESPONSE_SIZE),
					}),
				);
				response.on('error', (error: NodeJS.ErrnoException) =>
					finish({ kind: 'unanswered', reason: error.code ?? error.message }),
				);
			});
			outgoing.end(request.body);
		});
	}

	/** Ends every request in flight and every kept-alive connection. */
	close(): void {
		for (const abort of [...this.inFlight]) abort();
		this.agents.http.destroy();
		this.agents.https.destroy();
	}
}
