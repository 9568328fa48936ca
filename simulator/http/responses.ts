import type { ServerResponse } from 'node:http';
import { ApiError, PlainStatusError } from '../errors/ttsError';
import type { Call } from './call';

export function writeJson(
	response: ServerResponse,
	status: number,
	body: unknown,
	call?: Call,
): void {
	const text = JSON.stringify(body);
	const headers: Record<string, string | string[]> = {
		'Content-Type': 'application/json',
		'Content-Length': String(Buffer.byteLength(text)),
	};
	if (call) {
		Object.assign(headers, call.responseHeaders);
		if (call.warnings.length) headers['X-Warning'] = call.warnings;
	}
	response.writeHead(status, headers);
	response.end(text);
}

export function writeError(response: ServerResponse, error: ApiError, call?: Call): void {
	if (response.headersSent) {
		response.destroy();
		return;
	}
	if (error.httpStatus === 502 && error instanceof PlainStatusError) {
		// What a load balancer in front of TTS answers when the upstream is gone.
		response.writeHead(502, { 'Content-Type': 'text/plain' });
		response.end('Bad Gateway\n');
		return;
	}
	const body = error.toBody();
	if (error.httpStatus === 401) response.setHeader('WWW-Authenticate', body.message);
	writeJson(response, error.httpStatus, body, call);
}
