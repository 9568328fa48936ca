import type { IDataObject } from 'n8n-workflow';

import type { StreamMessage, TtsContext } from '../transport';
import {
	buildPath,
	discardStream,
	forEachChunk,
	openTtsStream,
	StreamFramingParser,
	streamFailureOf,
	withStreamFailure,
} from '../transport';
import type { BackoffSettings } from './backoff';
import { backoffDelay } from './backoff';
import type { StorageTarget } from './recoveryPlan';
import { describeTarget } from './recoveryPlan';
import { wait } from './wait';

export interface CatchUpSettings {
	/** Results per request (`limit`). */
	pageSize: number;
	/**
	 * How long the Storage Integration may take to store an uplink (it writes in batches, docs
	 * integrations/storage): stored uplinks are only read up to now minus this.
	 */
	writeDelayMs: number;
	/** Attempts per request while failures are transient (network, 5xx, 429). */
	attempts: number;
	backoff: BackoffSettings;
}

export interface CatchUpRequest {
	targets: StorageTarget[];
	/** Read uplinks received after this (ms)… */
	fromMs: number;
	/** …up to this (ms); asked again as it may move on while the catch-up runs. */
	toMs: () => number;
	/** Gets each stored uplink (an ApplicationUp), oldest first per target. */
	onUplink(up: IDataObject): void;
	/** Called after the uplinks of each response were handed over. */
	onPageEnd?(): void | Promise<void>;
	signal: AbortSignal;
	log: { debug(message: string): void };
	now?: () => number;
}

export interface CatchUpFailure {
	target: StorageTarget;
	/** Uplinks from here (ms)… */
	fromMs: number;
	/** …to here (ms) were not read. */
	toMs: number;
	message: string;
}

export interface CatchUpOutcome {
	/** Stored uplinks handed to onUplink. */
	read: number;
	failures: CatchUpFailure[];
}

export interface StoredUplinkPage {
	uplinks: IDataObject[];
	/** `X-Continuation-Token` (TTS 3.26+): repeat the request with it to get the next page. */
	continuationToken?: string;
}

// The request asks for nothing but uplinks; Cloud stores nothing else (docs integrations/storage).
const UPLINK_TYPE = 'uplink_message';

/**
 * Reads the uplinks the Storage Integration holds for `[fromMs, toMs)` and hands them over in
 * order: `GET …/packages/storage/uplink_message?after=&before=&order=received_at&limit=`,
 * following `X-Continuation-Token` when the server sends one and otherwise moving `after` to the
 * last uplink read (TTS sends the token from 3.26 on; the open-source HTTP gateway does not list
 * it among the headers it passes). Storage lags behind live traffic, so the end is read only once
 * `now − writeDelay` has passed it, waiting for it if needed; what is newer comes from the live
 * source. Uplinks read twice at a page boundary are the caller's to drop (by applicationUpKey).
 */
export async function catchUpFromStorage(
	this: TtsContext,
	request: CatchUpRequest,
	settings: CatchUpSettings,
): Promise<CatchUpOutcome> {
	const now = request.now ?? Date.now;
	const outcome: CatchUpOutcome = { read: 0, failures: [] };
	for (const target of request.targets) {
		let cursorMs = request.fromMs;
		while (!request.signal.aborted && cursorMs < request.toMs()) {
			const endMs = Math.min(request.toMs(), now() - settings.writeDelayMs);
			if (endMs <= cursorMs) {
				await wait(cursorMs - endMs + 50, request.signal);
				continue;
			}
			try {
				outcome.read += await readWindow.call(this, target, cursorMs, endMs, request, settings);
			} catch (error) {
				if (request.signal.aborted) break;
				outcome.failures.push({
					target,
					fromMs: cursorMs,
					toMs: request.toMs(),
					message: `Reading the stored uplinks of the ${describeTarget(target)} failed: ${(error as Error).message}`,
				});
				break;
			}
			cursorMs = endMs;
		}
	}
	return outcome;
}

async function readWindow(
	this: TtsContext,
	target: StorageTarget,
	fromMs: number,
	toMs: number,
	request: CatchUpRequest,
	settings: CatchUpSettings,
): Promise<number> {
	let query: IDataObject = {
		after: new Date(fromMs).toISOString(),
		before: new Date(toMs).toISOString(),
		order: 'received_at',
		limit: settings.pageSize,
	};
	let read = 0;
	let lastReceivedAt: unknown;
	for (;;) {
		const page = await withRetries(
			async () => await readStoredUplinks.call(this, target, query, request.signal),
			settings,
			request,
		);
		for (const up of page.uplinks) {
			if (request.signal.aborted) return read;
			request.onUplink(up);
			read += 1;
		}
		await request.onPageEnd?.();
		if (page.continuationToken) {
			query = { continuation_token: page.continuationToken };
			continue;
		}
		if (page.uplinks.length < settings.pageSize) return read;
		const last = page.uplinks[page.uplinks.length - 1].received_at;
		if (typeof last !== 'string' || last === lastReceivedAt) {
			throw new Error(`the server sent full pages without moving on past ${String(last)}`);
		}
		lastReceivedAt = last;
		query = { ...query, after: last };
	}
}

async function withRetries<T>(
	attempt: () => Promise<T>,
	settings: CatchUpSettings,
	request: CatchUpRequest,
): Promise<T> {
	for (let failures = 1; ; failures++) {
		const outcome = await attempt().then(
			(value) => ({ value }),
			(error: Error) => ({ error }),
		);
		if ('value' in outcome) return outcome.value;
		const failure = streamFailureOf(outcome.error);
		if (failure.kind !== 'transient' || failures >= settings.attempts || request.signal.aborted) {
			throw outcome.error;
		}
		request.log.debug(
			`The Things Stack Storage Integration: ${outcome.error.message}; attempt ${failures} of ${settings.attempts}`,
		);
		const delay = Math.max(backoffDelay(failures, settings.backoff), failure.retryAfterMs ?? 0);
		await wait(delay, request.signal);
	}
}

/**
 * One request to the Storage Integration, read to its end: the stored uplinks (each an
 * ApplicationUp, framed as `{"result": …}` like the event stream) and the continuation token.
 */
export async function readStoredUplinks(
	this: TtsContext,
	target: StorageTarget,
	query: IDataObject,
	signal: AbortSignal,
): Promise<StoredUplinkPage> {
	const path =
		target.deviceId === undefined
			? buildPath(`/as/applications/{application_id}/packages/storage/${UPLINK_TYPE}`, {
					application_id: target.applicationId,
				})
			: buildPath(
					`/as/applications/{application_id}/devices/{device_id}/packages/storage/${UPLINK_TYPE}`,
					{ application_id: target.applicationId, device_id: target.deviceId },
				);
	const stream = await openTtsStream.call(this, {
		method: 'GET',
		path,
		qs: query,
		server: 'cluster',
		signal,
	});
	const parser = new StreamFramingParser();
	const uplinks: IDataObject[] = [];
	let streamError: IDataObject | undefined;
	const take = (messages: StreamMessage[]) => {
		for (const message of messages) {
			if (message.type === 'event') uplinks.push(message.event);
			else if (message.type === 'error') streamError = message.error;
		}
	};
	try {
		await forEachChunk(stream, (chunk) => take(parser.push(chunk)));
		take(parser.end());
	} finally {
		discardStream(stream);
	}
	if (signal.aborted) return { uplinks: [] };
	// A response cut short must not pass for the end of the results.
	if ((stream.body as { readableEnded?: boolean }).readableEnded === false) {
		throw withStreamFailure(new Error('the connection was lost while reading stored uplinks'), {
			kind: 'transient',
		});
	}
	if (streamError) {
		const message = typeof streamError.message === 'string' ? streamError.message : 'error';
		throw new Error(`the server ended the stored uplinks with an error: ${message}`);
	}
	const token = stream.headers['x-continuation-token'];
	const continuationToken = Array.isArray(token) ? token[0] : token;
	return { uplinks, continuationToken: continuationToken || undefined };
}
