import type { Call } from './call';

/**
 * Starts the answer of a server-streaming RPC as grpc-gateway writes it: status and headers at
 * once, then one `{"result": …}` JSON object per message, delimited by "\n\n" with
 * `Accept: text/event-stream` (pkg/jsonpb TTNEventStream, Content-Type text/event-stream) and
 * by "\n" otherwise. Returns the delimiter.
 */
export function startStreamResponse(call: Call, headers: Record<string, string> = {}): string {
	const eventStream = (call.request.headers.accept ?? '').includes('text/event-stream');
	call.response.writeHead(200, {
		'Content-Type': eventStream ? 'text/event-stream' : 'application/json',
		'Cache-Control': 'no-cache',
		...call.responseHeaders,
		...headers,
		...(call.warnings.length ? { 'X-Warning': call.warnings } : {}),
	});
	call.response.flushHeaders();
	return eventStream ? '\n\n' : '\n';
}
