import type { IDataObject } from 'n8n-workflow';

import type { StreamMessage, TtsStream } from '../../shared/transport';
import {
	discardStream,
	forEachChunk,
	StreamFramingParser,
	streamFailureOf,
	withStreamFailure,
} from '../../shared/transport';
import type { BackoffSettings } from '../../shared/delivery/backoff';
import { backoffDelay } from '../../shared/delivery/backoff';
import type { Loss } from '../../shared/delivery/recoveryPlan';
import type { SourceResumePoint } from '../../shared/delivery/resumePoint';
import { ResumeState } from '../../shared/delivery/resumeState';
import { untilAborted, wait } from '../../shared/delivery/wait';
import { entityKeysOf, eventKey, subscribedKeysOf } from './eventKeys';
import { formatTime, parseEventTime } from './eventTime';
import { ReplayAudit } from './replayAudit';
import { isWithoutData } from './sparseEvent';

export interface StreamSettings {
	/** Reconnect when nothing arrived for this long, in ms (TTS sends no heartbeat). */
	idleTimeoutMs: number;
	/** Give up on a connection attempt that got no answer for this long, in ms. */
	connectTimeoutMs: number;
	/** How far before the newest event a resumed stream starts, in ms. */
	resumeOverlapMs: number;
	maxRemembered: number;
	backoff: BackoffSettings;
	/** A connection that lasted this long counts as healthy even without new events, in ms. */
	healthyAfterMs: number;
	/**
	 * Waits after connections the server accepted but that ended before bringing anything new:
	 * the server is up, and what was missed meanwhile must still fit in its replay.
	 */
	acceptedBackoff: BackoffSettings;
	/** Call onSettled once a new connection has been quiet for this long, in ms. */
	settleAfterMs?: number;
}

/**
 * Where the first connection starts: after `afterMs` (nothing older is replayed), after what an
 * earlier activation emitted (`resume`, restored from the node's static data; `afterMs` when it
 * names no event), or with the most recent events the server still has (`recent`: as many as
 * `tail` holds per entity).
 */
export interface StreamStart {
	kind: 'after' | 'resume' | 'recent';
	afterMs: number;
	point?: SourceResumePoint;
}

export interface DeliveredEvent {
	event: IDataObject;
	/** The event's unique key (see eventKey). */
	key: string;
	/** The event's time in ms. */
	timeMs: number;
	/** The subscribed entities it belongs to (`application:app1`, …). */
	entities: string[];
	/** Whether the server replayed it from its history (sent before the stream started). */
	replayed: boolean;
	/** Whether it was replayed without its data (see isWithoutData). */
	withoutData: boolean;
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
	/** Where the first connection starts. */
	start: StreamStart;
	/** Gets every new event; must return at once (it queues, it does not emit). */
	onEvent(delivered: DeliveredEvent): void;
	/**
	 * A resumed stream showed that events may have been missed; called before the event that
	 * showed it is delivered, or when the connection opened.
	 */
	onLoss(loss: Loss): void;
	/** The stream cannot go on (e.g. the API key was revoked). Called at most once. */
	onFatal(error: Error): void;
	/**
	 * Called once per connection when its replay is over: at its first live event, or when it
	 * was quiet for `settleAfterMs` after opening.
	 */
	onSettled?(): void;
	log: StreamLogger;
	now?: () => number;
}

interface Connection {
	controller: AbortController;
	startedAtMs: number;
	lastActivityMs: number;
	opened: boolean;
	/** The request's `after` when it resumed after delivered events. */
	resumedAfterMs?: number;
	serverStartMs?: number;
	delivered: number;
	settled: boolean;
	idleAborted: boolean;
	/** Whether events replayed without their data were reported already. */
	reportedWithoutData: boolean;
	/** The last activity a tick found the connection quiet after (see watch). */
	quietSinceMs?: number;
}

const EVENT_STORE_DISABLED = /events storage is not enabled/i;

// Each stream gets a buffer of clamp(tail, 8, 1024) events between the events store and the
// connection; a push into a full buffer is dropped without a word, for history and live events
// alike (pkg/events/grpc/grpc.go Stream, pkg/events/handler.go Channel.Notify). Every request asks
// for the largest one; `after` keeps it from replaying older history.
export const STREAM_TAIL = 1024;

/**
 * One subscription to `POST /api/v3/events` on one host, kept open until stop(): it reconnects
 * with capped exponential backoff and jitter, reconnects a stream that has gone quiet, resumes
 * with `after` and drops what the server sends twice, and reports when the server could not
 * replay everything that was missed.
 */
export class EventStreamRunner {
	private readonly stopController = new AbortController();
	private readonly resume: ResumeState;
	private readonly audit: ReplayAudit;
	private subscribedKeys: ReadonlySet<string> = new Set();
	/** With a single subscribed entity, every event belongs to it. */
	private onlySubscribedKey: string[] | undefined;
	private connection: Connection | undefined;
	private opened: TtsStream | undefined;
	private loop: Promise<void> | undefined;
	private ticker: Promise<void> | undefined;
	private failures = 0;
	/** Whether a connection was opened yet (the `recent` start applies until then). */
	private everOpened = false;
	private lastAliveMs: number | undefined;
	private fatal = false;
	/** Closed on purpose until resume() (see pause). */
	private paused = false;
	private resumed: (() => void) | undefined;
	private readonly now: () => number;

	constructor(
		private readonly deps: StreamRunnerDependencies,
		private readonly settings: StreamSettings,
	) {
		const resumeSettings = {
			overlapMs: settings.resumeOverlapMs,
			maxRemembered: settings.maxRemembered,
		};
		const { point, afterMs } = deps.start;
		this.resume = new ResumeState(resumeSettings, point);
		this.resume.startAfter(afterMs);
		this.audit = new ReplayAudit(point?.anchors);
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

	/**
	 * Closes the stream until unpause(): The Things Stack drops what a stream does not read, so a
	 * consumer that falls behind closes it, and reopens it after the last event it took.
	 */
	pause(): void {
		if (this.paused || this.stopped) return;
		this.paused = true;
		this.connection?.controller.abort();
		if (this.opened) discardStream(this.opened);
		this.opened = undefined;
	}

	/** Reopens a paused stream, from after the last event it delivered. */
	unpause(): void {
		if (!this.paused) return;
		this.paused = false;
		this.resumed?.();
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
			if (this.paused) {
				await untilAborted(new Promise<void>((resolve) => (this.resumed = resolve)), this.signal);
				this.resumed = undefined;
				continue;
			}
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
			? this.settings.acceptedBackoff
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
			reportedWithoutData: false,
		};
		this.connection = connection;
		const body = this.requestBody(identifiers, connection);
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
		this.everOpened = true;
		connection.lastActivityMs = this.now();
		const level = this.lastAliveMs === undefined ? 'warn' : 'debug';
		for (const warning of stream.warnings) {
			this.deps.log[level](
				`The Things Stack warning on the event stream of the ${this.deps.label}: ${warning}`,
			);
		}
		this.noteResumedConnection(stream, connection);
		return stream;
	}

	private requestBody(identifiers: IDataObject[], connection: Connection): IDataObject {
		const body: IDataObject = { identifiers };
		if (this.deps.names.length > 0) body.names = [...this.deps.names];
		body.tail = STREAM_TAIL;
		// Without `after`, TTS replays the last `tail` events of each entity.
		if (!this.everOpened && this.deps.start.kind === 'recent') return body;
		const afterMs = this.resume.resumeAfterMs() as number;
		body.after = formatTime(afterMs);
		if (this.resume.hasDelivered) {
			connection.resumedAfterMs = afterMs;
			this.audit.beginResume(afterMs);
		}
		return body;
	}

	private noteResumedConnection(stream: TtsStream, connection: Connection): void {
		if (connection.resumedAfterMs === undefined) return;
		if (!stream.warnings.some((warning) => EVENT_STORE_DISABLED.test(warning))) return;
		this.audit.cancel();
		this.deps.onLoss({
			reason: 'no_event_store',
			fromMs: connection.resumedAfterMs,
			toMs: this.now(),
		});
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
		if (this.paused) {
			this.deps.log.debug(`The Things Stack event stream of the ${this.deps.label} is paused`);
			return;
		}
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
		const replayed = connection.serverStartMs !== undefined && timeMs <= connection.serverStartMs;
		if (!replayed) this.noteLive(connection);
		const truncated = this.audit.inspect(entities, timeMs, known);
		if (truncated.length > 0) {
			this.deps.onLoss({
				reason: 'history_truncated',
				fromMs: Math.min(...truncated.map((each) => each.anchorMs)),
				toMs: connection.serverStartMs ?? timeMs,
				entities: truncated.map((each) => each.entity),
			});
		}
		if (known) return;
		const withoutData = replayed && isWithoutData(event);
		if (withoutData && connection.resumedAfterMs !== undefined && !connection.reportedWithoutData) {
			connection.reportedWithoutData = true;
			this.deps.onLoss({
				reason: 'history_without_data',
				fromMs: connection.resumedAfterMs,
				toMs: connection.serverStartMs ?? timeMs,
			});
		}
		this.resume.remember(key, timeMs);
		this.audit.record(entities, timeMs);
		connection.delivered += 1;
		this.deps.onEvent({ event, key, timeMs, entities, replayed, withoutData });
	}

	/** The first live event ends the replay (TTS sends all history before live events). */
	private noteLive(connection: Connection): void {
		if (connection.settled || this.settings.settleAfterMs === undefined) return;
		connection.settled = true;
		this.deps.onSettled?.();
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
			// Quiet on two ticks in a row: after the event loop was blocked, the first tick can
			// come before the data that arrived meanwhile was read.
			if (connection.quietSinceMs !== connection.lastActivityMs) {
				connection.quietSinceMs = connection.lastActivityMs;
				return;
			}
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
