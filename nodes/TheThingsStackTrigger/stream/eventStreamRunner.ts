import type { IDataObject } from 'n8n-workflow';

import type { StreamMessage, TtsStream } from '../../shared/transport';
import {
	discardStream,
	forEachChunk,
	StreamFramingParser,
	streamFailureOf,
	withStreamFailure,
} from '../../shared/transport';
import type { BackoffSettings } from './backoff';
import { backoffDelay } from './backoff';
import { entityKeysOf, eventKey, subscribedKeysOf } from './eventKeys';
import { formatTime, parseEventTime } from './eventTime';
import { ReplayAudit } from './replayAudit';
import { ResumeState } from './resumeState';
import { wait } from './wait';

export interface StreamSettings {
	/** Reconnect when nothing arrived for this long, in ms (TTS sends no heartbeat). */
	idleTimeoutMs: number;
	/** Give up on a connection attempt that got no answer for this long, in ms. */
	connectTimeoutMs: number;
	/** How far back the server can replay events with their data, in ms. */
	replayWindowMs: number;
	/** Historical events to ask for on the first connection (`tail`). */
	tail: number;
	/** How far before the newest event a resumed stream starts, in ms. */
	resumeOverlapMs: number;
	maxRemembered: number;
	backoff: BackoffSettings;
	/** A connection that lasted this long counts as healthy even without new events, in ms. */
	healthyAfterMs: number;
	/** Longest wait after a connection the server accepted but that brought nothing new, in ms. */
	acceptedRetryCapMs: number;
	/** Call onSettled once a new connection has been quiet for this long, in ms. */
	settleAfterMs?: number;
}

export type GapReason = 'history_truncated' | 'outage_longer_than_replay_window' | 'no_event_store';

/** Events may have been missed between `from` and `to`. */
export interface StreamGap {
	reason: GapReason;
	server: string;
	from: string;
	to: string;
	/** Subscribed entities concerned, e.g. `application:app1` (history_truncated only). */
	entities?: string[];
	message: string;
}

export interface DeliveredEvent {
	event: IDataObject;
	/** Whether the server replayed it from its history (sent before the stream started). */
	replayed: boolean;
}

export interface StreamLogger {
	debug(message: string): void;
	info(message: string): void;
	warn(message: string): void;
}

export interface StreamRunnerDependencies {
	/** `cluster (https://…)`: names the stream in logs and gap reports. */
	label: string;
	/** The EntityIdentifiers to subscribe to; asked again before every connection. */
	identifiers(): Promise<IDataObject[]>;
	/** Event name filters (exact names or `/regex/`); empty for all events. */
	names: readonly string[];
	open(body: IDataObject, signal: AbortSignal): Promise<TtsStream>;
	onEvent(delivered: DeliveredEvent): void;
	onGap(gap: StreamGap): void;
	/** The stream cannot go on (e.g. the API key was revoked). Called at most once. */
	onFatal(error: Error): void;
	/** Called once per connection when it was quiet for `settleAfterMs` after opening. */
	onSettled?(): void;
	log: StreamLogger;
	now?: () => number;
}

interface Connection {
	controller: AbortController;
	startedAtMs: number;
	lastActivityMs: number;
	opened: boolean;
	serverStartMs?: number;
	delivered: number;
	settled: boolean;
	idleAborted: boolean;
}

const EVENT_STORE_DISABLED = /events storage is not enabled/i;

/**
 * One subscription to `POST /api/v3/events` on one host, kept open until stop(): it reconnects
 * with capped exponential backoff and jitter, reconnects a stream that has gone quiet, resumes
 * with `after` and drops what the server sends twice, and reports when the server could not
 * replay everything that was missed.
 */
export class EventStreamRunner {
	private readonly stopController = new AbortController();
	private readonly resume: ResumeState;
	private readonly audit = new ReplayAudit();
	private subscribedKeys: ReadonlySet<string> = new Set();
	/** With a single subscribed entity, every event belongs to it. */
	private onlySubscribedKey: string[] | undefined;
	private connection: Connection | undefined;
	private opened: TtsStream | undefined;
	private loop: Promise<void> | undefined;
	private ticker: Promise<void> | undefined;
	private failures = 0;
	private firstStreamStartMs: number | undefined;
	private firstRequestMs: number | undefined;
	private lastAliveMs: number | undefined;
	private fatal = false;
	private readonly now: () => number;

	constructor(
		private readonly deps: StreamRunnerDependencies,
		private readonly settings: StreamSettings,
	) {
		this.resume = new ResumeState({
			overlapMs: settings.resumeOverlapMs,
			maxRemembered: settings.maxRemembered,
		});
		this.now = deps.now ?? Date.now;
	}

	/**
	 * Opens the first connection, trying up to `attempts` times while failures are transient.
	 * Throws a permanent failure at once, and the last transient one after the last attempt.
	 */
	async connect(attempts: number): Promise<void> {
		this.startTicker();
		let lastError: Error | undefined;
		for (let attempt = 1; attempt <= attempts && !this.stopped; attempt++) {
			const outcome = await this.tryOpen();
			if (!(outcome instanceof Error)) {
				this.opened = outcome;
				this.failures = 0;
				return;
			}
			const failure = streamFailureOf(outcome);
			if (failure.kind === 'permanent' || this.stopped) throw outcome;
			lastError = outcome;
			this.failures += 1;
			this.lastFailureAccepted = false;
			this.deps.log.debug(
				`The Things Stack event stream of the ${this.deps.label}: ${outcome.message}; attempt ${attempt} of ${attempts}`,
			);
			if (attempt < attempts) await wait(this.retryDelay(failure.retryAfterMs), this.signal);
		}
		throw lastError ?? closedError();
	}

	/** Keeps the subscription going in the background until stop(). */
	run(): void {
		this.startTicker();
		// Should the loop ever fail, n8n is told, so that it restarts the trigger.
		this.loop ??= this.keepStreaming().catch((error: Error) => {
			if (this.stopped || this.fatal) return;
			this.fatal = true;
			this.deps.onFatal(error);
		});
	}

	/** Ends the stream and every wait; resolves when nothing of this runner is left running. */
	async stop(): Promise<void> {
		this.stopController.abort();
		this.connection?.controller.abort();
		if (this.opened) discardStream(this.opened);
		this.opened = undefined;
		await Promise.all([this.loop, this.ticker]);
	}

	private get stopped(): boolean {
		return this.stopController.signal.aborted;
	}

	private get signal(): AbortSignal {
		return this.stopController.signal;
	}

	private startTicker(): void {
		const watchMs = Math.min(this.settings.idleTimeoutMs, this.settings.settleAfterMs ?? Infinity);
		const tickMs = Math.max(25, Math.min(1_000, Math.floor(watchMs / 4)));
		this.ticker ??= (async () => {
			while (!this.stopped) {
				await wait(tickMs, this.signal);
				this.watch();
			}
		})();
	}

	private async keepStreaming(): Promise<void> {
		while (!this.stopped && !this.fatal) {
			let stream = this.opened;
			this.opened = undefined;
			if (!stream) {
				await wait(this.retryDelay(), this.signal);
				if (this.stopped) return;
				const outcome = await this.tryOpen();
				if (outcome instanceof Error) {
					this.handleOpenFailure(outcome);
					continue;
				}
				stream = outcome;
			}
			await this.consume(stream);
		}
	}

	private async tryOpen(): Promise<TtsStream | Error> {
		try {
			return await this.openConnection();
		} catch (error) {
			return error as Error;
		}
	}

	private handleOpenFailure(error: Error): void {
		const failure = streamFailureOf(error);
		if (this.stopped) return;
		if (failure.kind === 'permanent') {
			this.fatal = true;
			this.deps.onFatal(error);
			return;
		}
		this.failures += 1;
		this.lastFailureAccepted = false;
		this.retryAfterMs = failure.retryAfterMs;
		const level = this.failures >= 3 ? 'warn' : 'debug';
		this.deps.log[level](
			`The Things Stack event stream of the ${this.deps.label} could not reconnect (${this.failures} failed attempts): ${error.message}`,
		);
	}

	private retryAfterMs: number | undefined;
	/** Whether the last failure was a stream the server accepted, rather than a refused request. */
	private lastFailureAccepted = false;

	private retryDelay(retryAfterMs = this.retryAfterMs): number {
		this.retryAfterMs = undefined;
		// A server that accepts streams is up: reconnecting soon is fine, without hammering it.
		const backoff = this.lastFailureAccepted
			? { ...this.settings.backoff, capMs: this.settings.acceptedRetryCapMs }
			: this.settings.backoff;
		return Math.max(backoffDelay(this.failures, backoff), retryAfterMs ?? 0);
	}

	/** Opens one connection; the ticker aborts it when the server does not answer in time. */
	private async openConnection(): Promise<TtsStream> {
		const identifiers = await this.deps.identifiers();
		if (this.stopped) throw closedError();
		const keys = new Set(identifiers.flatMap(entityKeysOf));
		this.subscribedKeys = keys;
		this.onlySubscribedKey = keys.size === 1 ? [...keys] : undefined;
		const controller = new AbortController();
		const nowMs = this.now();
		const connection: Connection = {
			controller,
			startedAtMs: nowMs,
			lastActivityMs: nowMs,
			opened: false,
			delivered: 0,
			settled: false,
			idleAborted: false,
		};
		this.connection = connection;
		const body = this.requestBody(identifiers);
		this.firstRequestMs ??= nowMs;
		const stream = await this.deps.open(body, controller.signal).catch((error: Error) => {
			if (!controller.signal.aborted || this.stopped) return error;
			return withStreamFailure(
				new Error(
					`The ${this.deps.label} did not answer within ${Math.round(this.settings.connectTimeoutMs / 1000)} s`,
				),
				{ kind: 'transient' },
			);
		});
		if (stream instanceof Error) throw stream;
		if (this.stopped) {
			discardStream(stream);
			throw closedError();
		}
		connection.opened = true;
		connection.lastActivityMs = this.now();
		const level = this.lastAliveMs === undefined ? 'warn' : 'debug';
		for (const warning of stream.warnings) {
			this.deps.log[level](
				`The Things Stack warning on the event stream of the ${this.deps.label}: ${warning}`,
			);
		}
		this.noteResumedConnection(stream, body);
		return stream;
	}

	private requestBody(identifiers: IDataObject[]): IDataObject {
		const body: IDataObject = { identifiers };
		if (this.deps.names.length > 0) body.names = [...this.deps.names];
		const afterMs = this.resume.resumeAfterMs();
		if (afterMs !== undefined) {
			body.after = formatTime(afterMs);
			this.audit.beginResume(afterMs);
		} else if (this.settings.tail > 0) {
			body.tail = this.settings.tail;
		} else if (this.firstRequestMs !== undefined) {
			// Reconnecting before the first event: from when the subscription began.
			const beganMs = this.firstStreamStartMs ?? this.firstRequestMs;
			body.after = formatTime(beganMs - this.settings.resumeOverlapMs);
		}
		return body;
	}

	private noteResumedConnection(stream: TtsStream, body: IDataObject): void {
		const resumed = this.lastAliveMs !== undefined;
		if (!resumed) return;
		const from = this.lastAliveMs as number;
		const to = this.now();
		if (stream.warnings.some((warning) => EVENT_STORE_DISABLED.test(warning))) {
			this.audit.cancel();
			this.reportGap({
				reason: 'no_event_store',
				from,
				to,
				message: `The server keeps no event history ("Events storage is not enabled"), so events sent while the stream was reconnecting cannot be replayed.`,
			});
		} else if (body.after !== undefined && to - from > this.settings.replayWindowMs) {
			this.reportGap({
				reason: 'outage_longer_than_replay_window',
				from,
				to,
				message: `The stream was down for ${Math.round((to - from) / 1000)} s, longer than the server's replay window (${Math.round(this.settings.replayWindowMs / 60_000)} min): older events may be missing or come without their data.`,
			});
		}
	}

	private async consume(stream: TtsStream): Promise<void> {
		const connection = this.connection as Connection;
		const parser = new StreamFramingParser();
		let streamError: IDataObject | undefined;
		const take = (messages: StreamMessage[]) => {
			for (const message of messages) {
				const error = this.handle(message, connection);
				if (error) streamError = error;
			}
		};
		await forEachChunk(stream, (chunk) => {
			if (this.stopped) return;
			connection.lastActivityMs = this.now();
			try {
				take(parser.push(chunk));
			} catch (error) {
				this.deps.log.warn(
					`The Things Stack Trigger could not handle an event of the ${this.deps.label}: ${(error as Error).message}`,
				);
			}
		}).catch(() => {
			// The connection dropped, was cut, or was aborted: the loop decides what comes next.
		});
		if (!this.stopped) take(parser.end().filter((message) => message.type !== 'invalid'));
		this.endConnection(connection, streamError);
	}

	private endConnection(connection: Connection, streamError: IDataObject | undefined): void {
		const endedAtMs = this.now();
		this.lastAliveMs = Math.max(connection.lastActivityMs, this.lastAliveMs ?? 0);
		this.connection = undefined;
		if (this.stopped) return;
		const healthy =
			connection.serverStartMs !== undefined &&
			(connection.delivered > 0 ||
				endedAtMs - connection.startedAtMs >= this.settings.healthyAfterMs);
		this.failures = healthy ? 0 : this.failures + 1;
		this.lastFailureAccepted = connection.serverStartMs !== undefined;
		if (streamError) {
			this.deps.log.warn(
				`The Things Stack ended the event stream of the ${this.deps.label} with an error: ${describeStatus(streamError)}; reconnecting`,
			);
		} else if (connection.idleAborted) {
			this.deps.log.debug(
				`The Things Stack event stream of the ${this.deps.label} was quiet for ${Math.round(this.settings.idleTimeoutMs / 1000)} s; reconnecting`,
			);
		} else {
			this.deps.log.debug(
				`The Things Stack event stream of the ${this.deps.label} ended; reconnecting`,
			);
		}
	}

	/** Returns the status of an error message, if the message was one. */
	private handle(message: StreamMessage, connection: Connection): IDataObject | undefined {
		switch (message.type) {
			case 'event':
				this.accept(message.event, connection);
				return undefined;
			case 'start': {
				const startMs = parseEventTime(message.event.time) ?? this.now();
				connection.serverStartMs = startMs;
				this.firstStreamStartMs ??= startMs;
				this.audit.streamStarted(startMs);
				return undefined;
			}
			case 'error':
				return message.error;
			default:
				this.deps.log.debug(
					`The Things Stack event stream of the ${this.deps.label}: skipped a message that is not JSON (${message.text.length} characters)`,
				);
				return undefined;
		}
	}

	private accept(event: IDataObject, connection: Connection): void {
		const key = eventKey(event);
		const timeMs = parseEventTime(event.time) ?? this.now();
		const known = this.resume.isKnown(key);
		const entities = this.onlySubscribedKey ?? subscribedKeysOf(event, this.subscribedKeys);
		const truncated = this.audit.inspect(entities, key, timeMs, known);
		if (truncated.length > 0) {
			this.reportGap({
				reason: 'history_truncated',
				from: this.resume.newestEventMs ?? timeMs,
				to: timeMs,
				entities: truncated,
				message: `The server's event history of ${truncated.join(', ')} no longer reached back to the last delivered event: events sent while the stream was reconnecting may be missing.`,
			});
		}
		if (known) return;
		this.resume.remember(key, timeMs);
		this.audit.record(entities, key, timeMs);
		connection.delivered += 1;
		const replayed = connection.serverStartMs !== undefined && timeMs <= connection.serverStartMs;
		this.deps.onEvent({ event, replayed });
	}

	private reportGap(gap: Omit<StreamGap, 'server' | 'from' | 'to'> & { from: number; to: number }) {
		this.deps.onGap({
			...gap,
			server: this.deps.label,
			from: formatTime(gap.from),
			to: formatTime(gap.to),
		});
	}

	/** Runs on every tick: aborts connections that hang or went quiet; tells when one settled. */
	private watch(): void {
		const connection = this.connection;
		if (!connection || this.stopped) return;
		const quietMs = this.now() - connection.lastActivityMs;
		if (!connection.opened) {
			if (quietMs > this.settings.connectTimeoutMs) connection.controller.abort();
			return;
		}
		if (quietMs > this.settings.idleTimeoutMs) {
			connection.idleAborted = true;
			connection.controller.abort();
			return;
		}
		const settleAfterMs = this.settings.settleAfterMs;
		if (
			settleAfterMs !== undefined &&
			!connection.settled &&
			connection.serverStartMs !== undefined &&
			quietMs >= settleAfterMs
		) {
			connection.settled = true;
			this.deps.onSettled?.();
		}
	}
}

function closedError(): Error {
	return withStreamFailure(new Error('The event stream was closed'), { kind: 'aborted' });
}

function describeStatus(status: IDataObject): string {
	const message = typeof status.message === 'string' ? status.message : JSON.stringify(status);
	return typeof status.code === 'number' ? `${message} (code ${status.code})` : message;
}
