import type { IDataObject, IHttpRequestOptions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { TtsContext } from './connection';
import { getConnection } from './connection';
import { createApiError } from './errors';
import { CREDENTIAL_TYPE } from './hosts';
import type { HeaderBag } from './rateLimit';
import { readRateLimitHeaders } from './rateLimit';
import { createNetworkError, readNetworkFailure } from './networkFailures';
import { normalizeHeaders } from './responses';
import { USER_AGENT } from './userAgent';
import { readWarningHeaders } from './warnings';

/** Which base URL of the credential serves the stream. */
export type StreamServer = 'identityServer' | 'cluster';

export interface TtsStreamRequest {
	/** POST (default) with a JSON body, or GET with a query (the Storage Integration). */
	method?: 'POST' | 'GET';
	/** Path below /api/v3, e.g. `/events`, with its IDs already validated and encoded. */
	path: string;
	body?: IDataObject;
	qs?: IDataObject;
	server: StreamServer;
	/** Aborting it cancels the request and ends the response body. */
	signal: AbortSignal;
}

export interface TtsStream {
	/** The response body, chunk by chunk, until the server or the signal ends it. */
	body: AsyncIterable<Uint8Array | string>;
	headers: HeaderBag;
	/** X-Warning headers of the response, e.g. "Events storage is not enabled". */
	warnings: string[];
	/** The server as a person would name it, with its base URL: `Identity Server (https://…)`. */
	serverLabel: string;
}

/**
 * How a failed stream request should be handled: `transient` (network trouble, 5xx, 429: try
 * again later), `permanent` (the request or the key is not accepted: trying again will not help),
 * or `aborted` (the caller's signal ended it).
 */
export interface StreamFailure {
	kind: 'transient' | 'permanent' | 'aborted';
	statusCode?: number;
	/** Network error code such as ECONNREFUSED. */
	code?: string;
	/** How long the server asked to wait (X-Rate-Limit-Retry on 429), in ms. */
	retryAfterMs?: number;
}

const SERVER_NAMES: Record<StreamServer, string> = {
	identityServer: 'Identity Server',
	cluster: 'cluster',
};

// Enough of an error body to read the TTS error from; the rest is dropped.
const MAX_ERROR_BODY_BYTES = 64 * 1024;

// Every 5xx may pass: the stack's own (500 Internal, 501 Unimplemented, 503 Unavailable, 504
// DeadlineExceeded, pkg/errors/http.go) and those of proxies and CDNs in front of it (502, 520-524).
// 408 and 429 ask to come back later. The rest of 4xx says the request or the key is not accepted.
function isTransientStatus(statusCode: number): boolean {
	return statusCode >= 500 || statusCode === 408 || statusCode === 429;
}

/**
 * Opens a long-lived TTS streaming response (`POST /api/v3/events`) on the Identity Server or the
 * cluster, with the credential's tenant, the User-Agent and the caller's abort signal. The answer's
 * headers must come within the credential's Request Timeout; the open stream then has none. A
 * non-200 answer is read and thrown as the NodeApiError a user reads (see createApiError); every
 * thrown error carries a StreamFailure (streamFailureOf) that says whether to try again.
 */
export async function openTtsStream(
	this: TtsContext,
	request: TtsStreamRequest,
): Promise<TtsStream> {
	const connection = await getConnection.call(this);
	const baseUrl =
		request.server === 'identityServer'
			? connection.hosts.identityServer
			: connection.hosts.cluster;
	const serverName = SERVER_NAMES[request.server];
	const method = request.method ?? 'POST';
	const described = { method, path: request.path, serverName };
	const options: IHttpRequestOptions = {
		method,
		url: `${baseUrl}/api/v3${request.path}`,
		headers: {
			'User-Agent': USER_AGENT,
			...(method === 'POST' ? { 'Content-Type': 'application/json' } : {}),
			// The delimiter is then "\n\n", as the TTS JS SDK and Console read it.
			Accept: 'text/event-stream',
		},
		...(method === 'POST' ? { body: JSON.stringify(request.body ?? {}) } : {}),
		...(request.qs ? { qs: request.qs } : {}),
		encoding: 'stream',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		skipSslCertificateValidation: connection.skipSslCertificateValidation,
		abortSignal: request.signal,
		timeout: connection.requestTimeoutMs,
		// n8n's client (axios) stops its clock once the response headers are in, but its redirect
		// follower also arms the socket's idle timer, which would cut a quiet open stream. The
		// events API answers itself; there is no redirect to follow.
		disableFollowRedirect: true,
	};

	let response: { statusCode: number; headers: unknown; body: unknown };
	try {
		response = (await this.helpers.httpRequestWithAuthentication.call(
			this,
			CREDENTIAL_TYPE,
			options,
		)) as typeof response;
	} catch (error) {
		throw networkFailure.call(
			this,
			error,
			request.signal,
			described,
			baseUrl,
			connection.requestTimeoutMs,
		);
	}

	const headers = normalizeHeaders(response.headers);
	const body = response.body as AsyncIterable<Uint8Array | string> & { destroy?: () => void };
	if (response.statusCode < 200 || response.statusCode >= 300) {
		const text = await readLimited(body, MAX_ERROR_BODY_BYTES).catch(() => '');
		body.destroy?.();
		if (request.signal.aborted) throw abortedError.call(this);
		const error = createApiError(this.getNode(), {
			statusCode: response.statusCode,
			body: parseJson(text),
			...described,
			rejectedKeyAdvice: connection.rejectedKeyAdvice,
		});
		const retryAfter = readRateLimitHeaders(headers)?.retrySeconds;
		throw withStreamFailure(error, {
			kind: isTransientStatus(response.statusCode) ? 'transient' : 'permanent',
			statusCode: response.statusCode,
			retryAfterMs: retryAfter ? retryAfter * 1000 : undefined,
		});
	}
	return {
		body,
		headers,
		warnings: readWarningHeaders(headers),
		serverLabel: `${serverName} (${baseUrl})`,
	};
}

type ChunkEmitter = {
	on(event: 'data' | 'error', listener: (chunk: Uint8Array | string) => void): unknown;
	once(event: 'end' | 'close' | 'error', listener: () => void): unknown;
	removeListener(event: string, listener: (...args: never[]) => void): unknown;
	destroy?(): void;
};

function ignoreError(): void {}

/** Ends a stream that will not be read (again), without leaving an 'error' event unhandled. */
export function discardStream(stream: TtsStream): void {
	const emitter = stream.body as unknown as Partial<ChunkEmitter>;
	if (typeof emitter.on === 'function') emitter.on('error', ignoreError);
	emitter.destroy?.();
}

/**
 * Hands every chunk of a stream's body to `onChunk` as it arrives, and resolves when the body
 * ends, fails or is aborted. Node readables are read in flowing mode: when a connection is cut,
 * Node discards what was received but not yet read, so reading chunk by chunk in between would
 * lose data that had arrived intact.
 */
export async function forEachChunk(
	stream: TtsStream,
	onChunk: (chunk: Uint8Array | string) => void,
): Promise<void> {
	const emitter = stream.body as unknown as Partial<ChunkEmitter>;
	if (typeof emitter.on !== 'function' || typeof emitter.once !== 'function') {
		for await (const chunk of stream.body) onChunk(chunk);
		return;
	}
	const readable = emitter as ChunkEmitter;
	// An abort after the end may still raise 'error'; nobody is listening for it by then.
	readable.on('error', ignoreError);
	await new Promise<void>((resolve) => {
		const finish = () => {
			readable.removeListener('data', onChunk);
			readable.removeListener('end', finish);
			readable.removeListener('close', finish);
			readable.removeListener('error', finish);
			resolve();
		};
		readable.on('data', onChunk);
		readable.once('end', finish);
		readable.once('close', finish);
		readable.once('error', finish);
	});
}

/** The StreamFailure of an error thrown by openTtsStream; other errors count as transient. */
export function streamFailureOf(error: unknown): StreamFailure {
	const failure = (error as { streamFailure?: StreamFailure } | undefined)?.streamFailure;
	return failure ?? { kind: 'transient' };
}

/** Attaches a StreamFailure to an error, for streamFailureOf. */
export function withStreamFailure<T extends Error>(error: T, failure: StreamFailure): T {
	Object.assign(error, { streamFailure: failure });
	return error;
}

function abortedError(this: TtsContext): Error {
	return withStreamFailure(
		new NodeApiError(this.getNode(), { message: 'The stream was closed' } as JsonObject, {
			message: 'The stream was closed',
		}),
		{ kind: 'aborted' },
	);
}

// Every network failure may pass (a DNS outage, an expired certificate being renewed); only an
// address that is not a URL at all will not get better by waiting.
const PERMANENT_NETWORK_CODES = new Set(['ERR_INVALID_URL']);

function networkFailure(
	this: TtsContext,
	error: unknown,
	signal: AbortSignal,
	described: { method: string; path: string; serverName: string },
	baseUrl: string,
	timeoutMs: number,
): Error {
	if (signal.aborted) return abortedError.call(this);
	const failure = readNetworkFailure(error);
	const apiError = createNetworkError(this.getNode(), error, failure, {
		request: described,
		baseUrl,
		timeoutMs,
	});
	const { code } = failure;
	return withStreamFailure(apiError, {
		kind: code && PERMANENT_NETWORK_CODES.has(code) ? 'permanent' : 'transient',
		code,
	});
}

async function readLimited(
	body: AsyncIterable<Uint8Array | string>,
	maxBytes: number,
): Promise<string> {
	const decoder = new TextDecoder('utf-8');
	let text = '';
	let bytes = 0;
	for await (const chunk of body) {
		if (typeof chunk === 'string') {
			text += chunk;
			bytes += chunk.length;
		} else {
			text += decoder.decode(chunk, { stream: true });
			bytes += chunk.byteLength;
		}
		if (bytes >= maxBytes) break;
	}
	return text + decoder.decode();
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return text.trim() === '' ? undefined : { message: text.trim().slice(0, 500) };
	}
}
