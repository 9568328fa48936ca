import type { IDataObject, IHttpRequestMethods, IHttpRequestOptions } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import type { Connection, TtsContext } from './connection';
import { getConnection } from './connection';
import { createApiError } from './errors';
import { CREDENTIAL_TYPE } from './hosts';
import type { PathParams, StackComponent } from './paths';
import { buildPath, COMPONENT_NAMES, componentOfPath, InvalidPathError } from './paths';
import type { HeaderBag } from './rateLimit';
import { rateLimitGovernor } from './rateLimit';
import { createNetworkError, markOutcomeUnknown, readNetworkFailure } from './networkFailures';
import { normalizeHeaders } from './responses';
import { USER_AGENT } from './userAgent';
import { readWarningHeaders, recordWarnings } from './warnings';

export interface TtsRequest {
	method: IHttpRequestMethods;
	/** Path below /api/v3 with `{application_id}`-style placeholders, e.g. `/as/applications/{application_id}/devices/{device_id}`. */
	path: string;
	pathParams?: PathParams;
	qs?: IDataObject;
	body?: IDataObject;
	/** The input item this request serves; names it in errors and collects its X-Warning headers. */
	itemIndex?: number;
	/** Whether repeating the request is harmless, so 502/503/504, dropped connections and timeouts are retried. Default: GET, PUT and DELETE. */
	idempotent?: boolean;
	/** The server component that serves the path, when the path prefix does not tell. */
	component?: StackComponent;
}

export interface TtsResponse {
	statusCode: number;
	body: IDataObject;
	headers: HeaderBag;
}

const MAX_RATE_LIMIT_RETRIES = 8;
const MAX_TRANSIENT_RETRIES = 4;
// A server that let a request time out rarely answers the next one at once: one more try, so a
// hung server costs an item two timeouts, not five.
const MAX_TIMEOUT_RETRIES = 1;
const TRANSIENT_BACKOFF_MS = 500;
const TRANSIENT_BACKOFF_CAP_MS = 8_000;
const TRANSIENT_STATUS = new Set([502, 503, 504]);

/** Sends one request to The Things Stack and returns the response body; see ttsApiRequestWithResponse. */
export async function ttsApiRequest(this: TtsContext, request: TtsRequest): Promise<IDataObject> {
	const response = await ttsApiRequestWithResponse.call(this, request);
	return response.body;
}

/**
 * Sends one request to The Things Stack: validates and encodes the IDs in the path, sends it to
 * the Identity Server or the cluster depending on the path, waits as the rate limit requires,
 * gives up on an answer after the credential's Request Timeout, retries 429s (always) and
 * 502/503/504, dropped connections or timeouts (idempotent calls only), records X-Warning
 * headers, and turns TTS errors into NodeApiErrors a user understands. An error whose request may
 * still have been carried out says so (isOutcomeUnknown).
 */
export async function ttsApiRequestWithResponse(
	this: TtsContext,
	request: TtsRequest,
): Promise<TtsResponse> {
	const path = resolvePath.call(this, request);
	const connection = await getConnection.call(this);
	const component = request.component ?? componentOfPath(request.path);
	const baseUrl = component === 'is' ? connection.hosts.identityServer : connection.hosts.cluster;
	const serverName = COMPONENT_NAMES[component];
	const idempotent =
		request.idempotent ?? (request.method !== 'POST' && request.method !== 'PATCH');
	// TTS keys its limits per method, per entity and per token (pkg/ratelimit/resource.go): the
	// method and the IDs in the path stand for the first two.
	const bucket = rateLimitGovernor.bucket(
		`${baseUrl} ${request.method} ${path} ${connection.keyFingerprint}`,
	);
	const options = buildOptions(request, `${baseUrl}/api/v3${path}`, connection);

	let rateLimitRetries = 0;
	let transientRetries = 0;
	let timeoutRetries = 0;
	for (;;) {
		await bucket.acquire();
		let response: { statusCode: number; body: unknown; headers: unknown };
		try {
			response = (await this.helpers.httpRequestWithAuthentication.call(this, CREDENTIAL_TYPE, {
				...options,
			})) as typeof response;
		} catch (error) {
			bucket.release(undefined, undefined);
			const failure = readNetworkFailure(error);
			if (
				failure.mayHaveArrived &&
				idempotent &&
				transientRetries < MAX_TRANSIENT_RETRIES &&
				(!failure.timedOut || timeoutRetries < MAX_TIMEOUT_RETRIES) &&
				!isCancelled(this)
			) {
				transientRetries += 1;
				if (failure.timedOut) timeoutRetries += 1;
				this.logger.debug(
					`The Things Stack: ${failure.timedOut ? 'no answer in time' : failure.code} on ${request.method} ${path}, retrying`,
				);
				await sleep(backoffMs(transientRetries));
				continue;
			}
			throw createNetworkError(this.getNode(), error, failure, {
				request: { method: request.method, path, serverName },
				baseUrl,
				timeoutMs: connection.requestTimeoutMs,
				itemIndex: request.itemIndex,
			});
		}

		const headers = normalizeHeaders(response.headers);
		const rateLimitWait = bucket.release(headers, response.statusCode);
		noteWarnings.call(this, headers, request.itemIndex, path);

		if (
			response.statusCode === 429 &&
			rateLimitRetries < MAX_RATE_LIMIT_RETRIES &&
			!isCancelled(this)
		) {
			rateLimitRetries += 1;
			this.logger.debug(
				`The Things Stack rate limit on ${request.method} ${path}: waiting ${rateLimitWait} ms (retry ${rateLimitRetries})`,
			);
			continue;
		}
		if (
			TRANSIENT_STATUS.has(response.statusCode) &&
			idempotent &&
			transientRetries < MAX_TRANSIENT_RETRIES &&
			!isCancelled(this)
		) {
			transientRetries += 1;
			await sleep(backoffMs(transientRetries));
			continue;
		}
		if (response.statusCode >= 400) {
			const apiError = createApiError(
				this.getNode(),
				{
					statusCode: response.statusCode,
					body: response.body,
					method: request.method,
					path,
					serverName,
					rejectedKeyAdvice: connection.rejectedKeyAdvice,
				},
				request.itemIndex,
			);
			// A gateway's 502/503/504 does not tell whether the stack behind it carried the request out.
			throw TRANSIENT_STATUS.has(response.statusCode) ? markOutcomeUnknown(apiError) : apiError;
		}
		return { statusCode: response.statusCode, body: asObject(response.body), headers };
	}
}

function resolvePath(this: TtsContext, request: TtsRequest): string {
	try {
		return buildPath(request.path, request.pathParams);
	} catch (error) {
		if (error instanceof InvalidPathError) {
			throw new NodeOperationError(this.getNode(), error.message, { itemIndex: request.itemIndex });
		}
		throw new NodeOperationError(this.getNode(), error as Error, { itemIndex: request.itemIndex });
	}
}

function buildOptions(
	request: TtsRequest,
	url: string,
	connection: Connection,
): IHttpRequestOptions {
	const options: IHttpRequestOptions = {
		method: request.method,
		url,
		headers: { 'User-Agent': USER_AGENT },
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		arrayFormat: 'repeat',
		skipSslCertificateValidation: connection.skipSslCertificateValidation,
		timeout: connection.requestTimeoutMs,
	};
	if (request.qs && Object.keys(request.qs).length > 0) options.qs = request.qs;
	if (request.body !== undefined) options.body = request.body;
	return options;
}

// Empty answers (204, or `{}` parsed as such) become an empty object.
function asObject(body: unknown): IDataObject {
	return body && typeof body === 'object' ? (body as IDataObject) : {};
}

function noteWarnings(
	this: TtsContext,
	headers: HeaderBag,
	itemIndex: number | undefined,
	path: string,
) {
	const warnings = readWarningHeaders(headers);
	if (warnings.length === 0) return;
	for (const warning of warnings)
		this.logger.warn(`The Things Stack warning on ${path}: ${warning}`);
	recordWarnings(this, itemIndex ?? 0, warnings);
}

function backoffMs(attempt: number): number {
	const exponential = Math.min(TRANSIENT_BACKOFF_CAP_MS, TRANSIENT_BACKOFF_MS * 2 ** (attempt - 1));
	return exponential / 2 + Math.random() * (exponential / 2);
}

function isCancelled(context: TtsContext): boolean {
	const withSignal = context as { getExecutionCancelSignal?: () => AbortSignal | undefined };
	return typeof withSignal.getExecutionCancelSignal === 'function'
		? withSignal.getExecutionCancelSignal()?.aborted === true
		: false;
}
