import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { FailedResponse } from './errors';
import { describeRequest } from './errors';
import { networkErrorCode } from './responses';

/** What is known about a request that got no HTTP answer. */
export interface NetworkFailure {
	/** System or client error code: ECONNREFUSED, ECONNRESET, ECONNABORTED, ... */
	code?: string;
	/** The server did not answer within the request timeout. */
	timedOut: boolean;
	/**
	 * The request may have reached the server and been carried out: the connection broke or timed
	 * out after it was sent. A refused connection or an unknown host never got that far.
	 */
	mayHaveArrived: boolean;
}

// Broken after the request was (or may have been) sent.
const AFTER_SENDING_CODES = new Set([
	'ECONNRESET',
	'ECONNABORTED',
	'ETIMEDOUT',
	'EPIPE',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

// axios reports its own timeout as ECONNABORTED with this message (ETIMEDOUT when configured to).
const CLIENT_TIMEOUT_MESSAGE = /timeout of \d+ms exceeded/i;

/** Reads a failed request's network error, however n8n wrapped it. */
export function readNetworkFailure(error: unknown): NetworkFailure {
	const code = networkErrorCode(error);
	const timedOut =
		code === 'ECONNABORTED' || code === 'ETIMEDOUT' || mentionsClientTimeout(error, 3);
	return { code, timedOut, mayHaveArrived: timedOut || (!!code && AFTER_SENDING_CODES.has(code)) };
}

function mentionsClientTimeout(error: unknown, depth: number): boolean {
	if (!error || typeof error !== 'object' || depth === 0) return false;
	const { message, cause } = error as { message?: unknown; cause?: unknown };
	if (typeof message === 'string' && CLIENT_TIMEOUT_MESSAGE.test(message)) return true;
	return mentionsClientTimeout(cause, depth - 1);
}

/** Records on a thrown error that its request may or may not have been carried out. */
export function markOutcomeUnknown<E extends Error>(error: E): E {
	Object.assign(error, { outcomeUnknown: true });
	return error;
}

/**
 * Whether the request that failed with this error may still have been carried out by the server:
 * its connection broke or timed out after sending, or a gateway in front of the stack answered
 * 502/503/504. A create that fails this way must be checked with a read before anything else.
 */
export function isOutcomeUnknown(error: unknown): boolean {
	return (error as { outcomeUnknown?: boolean } | undefined)?.outcomeUnknown === true;
}

const UNTRUSTED_CERTIFICATE_CODES = new Set([
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'UNABLE_TO_GET_ISSUER_CERT',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'CERT_UNTRUSTED',
	'CERT_SIGNATURE_FAILURE',
	'ERR_TLS_CERT_ALTNAME_INVALID',
]);

// What OpenSSL says when the other end answers a TLS hello in plain HTTP.
const NOT_TLS_CODES = new Set([
	'EPROTO',
	'ERR_SSL_WRONG_VERSION_NUMBER',
	'ERR_SSL_PACKET_LENGTH_TOO_LONG',
	'ERR_SSL_HTTP_REQUEST',
]);

/** In words, what a network error code means for the server at `baseUrl`, and what to do. */
export function explainNetworkCode(code: string | undefined, baseUrl: string): string | undefined {
	if (!code || !URL.canParse(baseUrl)) return undefined;
	const { protocol, hostname, port } = new URL(baseUrl);
	const endpoint = `${hostname}:${port || (protocol === 'http:' ? '80' : '443')}`;
	if (code === 'ECONNREFUSED') {
		return `Nothing accepts connections at ${endpoint} (connection refused): check the host and the port of the address, and that the server is running.`;
	}
	if (code === 'ENOTFOUND') {
		return `The host name ${hostname} does not exist (DNS): check its spelling. A cluster of The Things Network is e.g. eu1.cloud.thethings.network; of The Things Stack Cloud, eu1.cloud.thethings.industries with your Tenant ID.`;
	}
	if (code === 'EAI_AGAIN') {
		return `The host name ${hostname} could not be looked up right now (DNS): check n8n's network and DNS.`;
	}
	if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') {
		return `n8n has no network route to ${hostname}: a firewall, VPN or proxy is in the way.`;
	}
	if (NOT_TLS_CODES.has(code) && protocol === 'https:') {
		return `${endpoint} does not speak HTTPS. An address without http:// or https:// is called with https://; if the server speaks plain HTTP (a local stack, for instance), write the address as http://${endpoint}.`;
	}
	if (code === 'CERT_HAS_EXPIRED') {
		return `The TLS certificate of ${hostname} has expired. Renew it on the server, or, for a test server only, turn on Ignore SSL Issues in the credential.`;
	}
	if (UNTRUSTED_CERTIFICATE_CODES.has(code)) {
		return `The TLS certificate of ${hostname} is not trusted (${code}). For a self-hosted stack with a self-signed certificate, turn on Ignore SSL Issues in the credential.`;
	}
	if (code === 'ECONNRESET' || code === 'EPIPE') {
		return `The connection to ${endpoint} was closed by the server or by something in between (a proxy, a load balancer).`;
	}
	return undefined;
}

/**
 * The message and description of a request that got no answer: no answer in time, a connection
 * that broke after sending (the request may have been carried out), or a server that could not be
 * reached at all. `target` names it: "the Identity Server at https://…".
 */
export function describeNetworkFailure(
	failure: NetworkFailure,
	errorMessage: string | undefined,
	target: string,
	baseUrl: string,
	timeoutMs: number,
): { message: string; description: string } {
	const explanation = explainNetworkCode(failure.code, baseUrl);
	if (failure.timedOut) {
		return {
			message: `${capitalize(target)} did not answer within ${formatSeconds(timeoutMs)}`,
			description:
				'It may still carry the request out. Check that the server is up; if it is only slow, raise Request Timeout in the credential.',
		};
	}
	const reason = failure.code ?? errorMessage ?? 'unknown error';
	if (failure.mayHaveArrived) {
		return {
			message: `The connection to ${target} broke before it answered (${reason})`,
			description: [explanation, 'The request may have been carried out.']
				.filter(Boolean)
				.join(' '),
		};
	}
	return {
		message: `Could not reach ${target} (${reason})`,
		description:
			explanation ??
			'Check the server address in the credential, and that the server is reachable from n8n.',
	};
}

function formatSeconds(ms: number): string {
	const seconds = ms / 1000;
	return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}

function capitalize(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The NodeApiError of a request that got no answer, naming the server and its base URL. A
 * request that may still have been carried out is marked so (isOutcomeUnknown). n8n's own
 * NodeOperationErrors (a credential it could not load) pass unchanged.
 */
export function createNetworkError(
	node: INode,
	error: unknown,
	failure: NetworkFailure,
	context: {
		request: Pick<FailedResponse, 'method' | 'path' | 'serverName'>;
		baseUrl: string;
		timeoutMs: number;
		itemIndex?: number;
	},
): NodeApiError | NodeOperationError {
	if (error instanceof NodeOperationError) return error;
	const { request, baseUrl } = context;
	const { message, description } = describeNetworkFailure(
		failure,
		(error as Error)?.message,
		`the ${request.serverName} at ${baseUrl}`,
		baseUrl,
		context.timeoutMs,
	);
	// A fresh error without the request as cause: its options hold the Authorization header.
	const apiError = new NodeApiError(node, { message } as JsonObject, {
		description: `${description}\n\n${describeRequest(request)}`,
		itemIndex: context.itemIndex,
	});
	// NodeApiError swaps messages that mention ECONNREFUSED & co for generic ones; keep the server and host.
	apiError.message = message;
	return failure.mayHaveArrived ? markOutcomeUnknown(apiError) : apiError;
}
