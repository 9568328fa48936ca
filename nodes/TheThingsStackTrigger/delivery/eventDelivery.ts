import type { IDataObject, ITriggerFunctions } from 'n8n-workflow';

import {
	applicationUpKey,
	eventOfApplicationUp,
	UPLINK_FORWARD_EVENT,
} from '../../shared/delivery/applicationUp';
import type { DeliveryLedger } from '../../shared/delivery/deliveryLedger';
import { RecentKeys } from '../../shared/delivery/recentKeys';
import type { StorageTarget } from '../../shared/delivery/recoveryPlan';
import type { ResumePointStore } from '../../shared/delivery/resumePoint';
import { simplifyEvent } from '../output/simplifyEvent';
import type { DeliveredEvent } from '../stream/eventStreamRunner';
import { parseEventTime } from '../stream/eventTime';
import type { BatchLimits } from './batchBuilder';
import type { QueueHold } from './deliveryQueue';
import { DeliveryQueue } from './deliveryQueue';
import { ExecutionFlow } from './executionFlow';
import { GapReports } from './gapReports';

export interface DeliverySettings {
	output: 'raw' | 'simplified';
	/** "Listen for test event": the first item only, nothing saved, no deduplication key. */
	manual: boolean;
	ledger: DeliveryLedger;
	/** Where the durable resume point is kept; none in manual mode. */
	store?: ResumePointStore;
	/** For n8n 2.x deduplication keys; none in manual mode. */
	deduplication?: { workflowId: string; nodeId: string };
	/** Keys of items delivered before (a restored resume point): not emitted again. */
	delivered: string[];
	/** How many ApplicationUp keys are remembered to drop what arrives again by another way. */
	recentCapacity: number;
	sliceMs: number;
	/** Items per execution and how long they wait for each other (1 item: no batches). */
	batch: BatchLimits;
	/** Most executions n8n has not finished; 0 for no limit. */
	maxInFlight: number;
	/**
	 * Events waiting (queued or formed into executions) at which the streams are closed, and at
	 * which they are opened again (see pauseStreams).
	 */
	backlog: { pauseAt: number; resumeAt: number };
	now?: () => number;
}

/** Closes and reopens the event streams (EventStreamRunner pause and resume). */
export interface StreamControl {
	pause(): void;
	resume(): void;
}

/** An event of a stream, waiting in the queue. */
export interface QueuedEvent {
	/** The resume point's source: the stream's host (`cluster`, `identityServer`). */
	source: string;
	delivered: DeliveredEvent;
	receivedAtMs: number;
}

interface Coverage {
	fromMs: number;
	toMs: number;
	applications: Set<string>;
}

const MAX_COVERAGE = 16;

/**
 * Turns what the streams and the Storage Integration deliver into executions: in order, each
 * once (an uplink is known by its event's unique ID and by its ApplicationUp key, so a stored
 * uplink and its event are the same), shaped as chosen, with the gaps noted since the last item.
 * ExecutionFlow hands them to n8n, one per execution or in batches, with a bounded number of
 * executions in flight; while it holds executions back, the queue stops, and once the backlog is
 * large the streams are closed, to be reopened from their resume point when it has shrunk (The
 * Things Stack drops what a stream does not read: pausing by not reading would lose events).
 */
export class EventDelivery {
	readonly gaps: GapReports;
	private readonly queue: DeliveryQueue<QueuedEvent>;
	private readonly flow: ExecutionFlow;
	private readonly recent: RecentKeys;
	private readonly coverage: Coverage[] = [];
	private readonly now: () => number;
	/** Whether uplinks may also come from storage (see trackStoredUplinks). */
	private tracking = true;
	private streams: StreamControl | undefined;
	private streamsPaused = false;
	private stopped = false;

	constructor(
		private readonly context: ITriggerFunctions,
		private readonly settings: DeliverySettings,
	) {
		this.now = settings.now ?? Date.now;
		this.gaps = new GapReports(context, settings.manual);
		this.recent = new RecentKeys(settings.recentCapacity);
		for (const key of settings.delivered) this.recent.add(key);
		this.queue = new DeliveryQueue<QueuedEvent>(
			(item) => {
				try {
					this.handle(item);
				} catch (error) {
					context.logger.warn(
						`The Things Stack Trigger could not emit an event: ${(error as Error).message}`,
					);
				}
			},
			() => this.flush(),
			{
				sliceMs: settings.sliceMs,
				now: settings.now,
				canHandle: () => this.flow.accepting,
			},
		);
		this.flow = new ExecutionFlow(
			context,
			this.gaps,
			{
				batch: settings.batch,
				maxInFlight: settings.maxInFlight,
				manual: settings.manual,
				ledger: settings.ledger,
				store: settings.store,
				deduplication: settings.deduplication,
				now: settings.now,
			},
			() => this.roomAgain(),
			this.queue,
		);
	}

	/** Takes a new event of a stream; it is emitted later, in order. Never blocks. */
	accept(source: string, delivered: DeliveredEvent): void {
		this.queue.push({ source, delivered, receivedAtMs: this.now() });
		if (!this.streamsPaused && this.backlog >= this.settings.backlog.pauseAt) this.pauseStreams();
	}

	/** Lets the delivery close and reopen the streams while it holds events back. */
	controlStreams(streams: StreamControl): void {
		this.streams = streams;
	}

	/**
	 * Holds back what arrives from now on, e.g. while missed uplinks are read from storage; a
	 * hold taken while held shares the earlier one's place.
	 */
	hold(): QueueHold {
		return this.queue.hold();
	}

	/**
	 * Whether uplinks may also be read from the Storage Integration, so that a streamed and a
	 * stored copy must be told apart: not when no watched application has one.
	 */
	trackStoredUplinks(on: boolean): void {
		this.tracking = on;
	}

	/** Items emitted so far. */
	get emittedCount(): number {
		return this.flow.emittedCount;
	}

	/** Events received and not handed to n8n yet. */
	get backlog(): number {
		return this.queue.length + this.flow.waiting;
	}

	/**
	 * Emits an uplink read from the Storage Integration (an ApplicationUp) as the
	 * `as.up.data.forward` event that carried it, unless it was delivered already. Call it while
	 * the queue is held, in the order the uplinks were received, then flush().
	 */
	recovered(source: string, up: IDataObject): boolean {
		const upKey = applicationUpKey(up);
		if (upKey !== undefined && this.recent.has(upKey)) return false;
		const event = eventOfApplicationUp(up);
		const ids = (up.end_device_ids ?? {}) as IDataObject;
		const applicationId = (ids.application_ids as IDataObject | undefined)?.application_id;
		const entities = [
			`application:${String(applicationId)}`,
			`device:${String(applicationId)}/${String(ids.device_id)}`,
		];
		this.remember(
			source,
			upKey ? [upKey] : [],
			parseEventTime(event.time) ?? this.now(),
			entities,
			upKey,
		);
		this.queueEmit(event, upKey, this.now());
		return true;
	}

	/**
	 * Uplinks of these applications between `fromMs` and `toMs` were read from storage: events
	 * of that time that the stream replays without their data stand for them, and are dropped.
	 */
	covered(targets: StorageTarget[], fromMs: number, toMs: number): void {
		this.coverage.push({
			fromMs,
			toMs,
			applications: new Set(targets.map((target) => target.applicationId)),
		});
		if (this.coverage.length > MAX_COVERAGE) this.coverage.shift();
	}

	/** Ends a run of handled items: see ExecutionFlow.flush. */
	flush(): void {
		if (this.stopped) return;
		this.flow.flush();
	}

	/** Resolves once what was handled went out to n8n (room permitting); for the catch-up. */
	async whenDrained(): Promise<void> {
		await this.flow.whenDrained();
	}

	stop(): void {
		this.stopped = true;
		this.queue.stop();
		this.flow.stop();
	}

	private roomAgain(): void {
		this.queue.wake();
		if (this.streamsPaused && this.backlog <= this.settings.backlog.resumeAt) {
			this.streamsPaused = false;
			this.context.logger.debug(
				`The Things Stack Trigger reopens its event streams (${this.backlog} events wait)`,
			);
			this.streams?.resume();
		}
	}

	private pauseStreams(): void {
		if (!this.streams || this.settings.manual) return;
		this.streamsPaused = true;
		this.context.logger.debug(
			`The Things Stack Trigger closes its event streams while ${this.backlog} events wait; they resume from the last received event`,
		);
		this.streams.pause();
	}

	private handle({ source, delivered, receivedAtMs }: QueuedEvent): void {
		const { event, key, timeMs, entities, withoutData } = delivered;
		const data = event.data;
		const upKey =
			data && typeof data === 'object' ? applicationUpKey(data as IDataObject) : undefined;
		// What a stream sends twice its runner drops; what also comes from storage is known here.
		if (upKey !== undefined && this.tracking && this.recent.has(upKey)) return;
		if (withoutData && this.isCovered(event, timeMs)) return;
		this.remember(source, upKey === undefined ? [key] : [key, upKey], timeMs, entities, upKey);
		this.queueEmit(event, upKey ?? key, receivedAtMs);
	}

	/** Records a delivered item: its keys for the resume point, its ApplicationUp key here. */
	private remember(
		source: string,
		keys: string[],
		timeMs: number,
		entities: readonly string[],
		upKey: string | undefined,
	): void {
		if (upKey !== undefined && this.tracking) this.recent.add(upKey);
		if (!this.settings.store) return;
		this.settings.ledger.record(source, keys, timeMs, entities);
	}

	private queueEmit(
		event: IDataObject,
		deliveryKey: string | undefined,
		receivedAtMs: number,
	): void {
		const json = this.settings.output === 'raw' ? { ...event } : simplifyEvent(event);
		this.flow.add({ json, deliveryKey, receivedAtMs });
	}

	private isCovered(event: IDataObject, timeMs: number): boolean {
		if (event.name !== UPLINK_FORWARD_EVENT) return false;
		const applicationId = applicationOf(event);
		return this.coverage.some(
			(range) =>
				timeMs >= range.fromMs &&
				timeMs <= range.toMs &&
				applicationId !== undefined &&
				range.applications.has(applicationId),
		);
	}
}

function applicationOf(event: IDataObject): string | undefined {
	const [identifiers] = Array.isArray(event.identifiers) ? event.identifiers : [];
	const ids = (identifiers ?? {}) as IDataObject;
	const device = ids.device_ids as IDataObject | undefined;
	const application = (device?.application_ids ?? ids.application_ids) as IDataObject | undefined;
	const id = application?.application_id;
	return typeof id === 'string' ? id : undefined;
}
