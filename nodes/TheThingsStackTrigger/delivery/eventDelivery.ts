import type { IDataObject, INodeExecutionData, ITriggerFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import {
	applicationUpKey,
	eventOfApplicationUp,
	UPLINK_FORWARD_EVENT,
} from '../../shared/delivery/applicationUp';
import { executionDeduplicationKey } from '../../shared/delivery/deduplicationKey';
import type { DeliveryLedger } from '../../shared/delivery/deliveryLedger';
import { RecentKeys } from '../../shared/delivery/recentKeys';
import type { StorageTarget } from '../../shared/delivery/recoveryPlan';
import type { ResumePointStore } from '../../shared/delivery/resumePoint';
import { simplifyEvent } from '../output/simplifyEvent';
import type { DeliveredEvent } from '../stream/eventStreamRunner';
import { parseEventTime } from '../stream/eventTime';
import type { QueueHold } from './deliveryQueue';
import { DeliveryQueue } from './deliveryQueue';
import { GapReports } from './gapReports';

export interface DeliverySettings {
	output: 'raw' | 'simplified';
	/** "Listen for test event": the first item only, nothing saved, no deduplication key. */
	manual: boolean;
	ledger: DeliveryLedger;
	/** Where the resume point is saved before it is emitted; none in manual mode. */
	store?: ResumePointStore;
	/** For n8n 2.x deduplication keys; none in manual mode. */
	deduplication?: { workflowId: string; nodeId: string };
	/** Keys of items delivered before (a restored resume point): not emitted again. */
	delivered: string[];
	/** How many ApplicationUp keys are remembered to drop what arrives again by another way. */
	recentCapacity: number;
	sliceMs: number;
	now?: () => number;
}

/** An event of a stream, waiting in the queue. */
export interface QueuedEvent {
	/** The resume point's source: the stream's host (`cluster`, `identityServer`). */
	source: string;
	delivered: DeliveredEvent;
}

interface Coverage {
	fromMs: number;
	toMs: number;
	applications: Set<string>;
}

type EmitWithDeduplication = (
	data: INodeExecutionData[][],
	responsePromise?: undefined,
	donePromise?: undefined,
	deduplicationKey?: string,
) => void;

const MAX_COVERAGE = 16;
const SAVE_INTERVAL_MS = 25;

/**
 * Turns what the streams and the Storage Integration deliver into executions: in order, each
 * once (an uplink is known by its event's unique ID and by its ApplicationUp key, so a stored
 * uplink and its event are the same), shaped as chosen, with the gaps noted since the last item,
 * and with the resume point saved into the node's static data before the emit that it covers
 * (n8n saves the static data on emit, not on deactivation).
 */
export class EventDelivery {
	readonly gaps: GapReports;
	private readonly queue: DeliveryQueue<QueuedEvent>;
	private readonly recent: RecentKeys;
	private readonly coverage: Coverage[] = [];
	private readonly now: () => number;
	/** The last item to emit, held back until the next one (or the end of the slice). */
	private pendingEmit: { json: IDataObject; deduplicationKey?: string } | undefined;
	private unsaved = false;
	private savedAtMs = 0;
	private flushScheduled = false;
	/** Whether uplinks may also come from storage (see trackStoredUplinks). */
	private tracking = true;
	private stopped = false;
	private emitted = 0;

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
			{ sliceMs: settings.sliceMs, now: settings.now },
		);
	}

	/** Takes a new event of a stream; it is emitted later, in order. Never blocks. */
	accept(source: string, delivered: DeliveredEvent): void {
		this.queue.push({ source, delivered });
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
		return this.emitted;
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
		this.queueEmit(event, upKey);
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

	/**
	 * Saves the resume point and emits the item held back for it. The point is saved at most
	 * every SAVE_INTERVAL_MS: within a burst an item is emitted without a save (the point saved
	 * before covers less, which only makes a restart send some events again), and the last item
	 * of a burst waits until a save is due, so that the emit that ends a burst always follows one.
	 */
	flush(): void {
		const pending = this.pendingEmit;
		if (!pending || this.stopped) return;
		const nowMs = this.now();
		const dueInMs = this.savedAtMs + SAVE_INTERVAL_MS - nowMs;
		if (this.unsaved && this.settings.store) {
			if (dueInMs > 0 && this.queue.length === 0) {
				this.flushLater(dueInMs);
				return;
			}
			if (dueInMs <= 0) {
				this.settings.store.save(this.settings.ledger.snapshot(), nowMs);
				this.savedAtMs = nowMs;
				this.unsaved = false;
			}
		}
		this.pendingEmit = undefined;
		this.emit(pending.json, pending.deduplicationKey);
	}

	stop(): void {
		this.stopped = true;
		this.queue.stop();
		this.pendingEmit = undefined;
	}

	private flushLater(delayMs: number): void {
		if (this.flushScheduled) return;
		this.flushScheduled = true;
		void sleep(delayMs).then(() => {
			this.flushScheduled = false;
			this.flush();
		});
	}

	private handle({ source, delivered }: QueuedEvent): void {
		const { event, key, timeMs, entities, withoutData } = delivered;
		const data = event.data;
		const upKey =
			data && typeof data === 'object' ? applicationUpKey(data as IDataObject) : undefined;
		// What a stream sends twice its runner drops; what also comes from storage is known here.
		if (upKey !== undefined && this.tracking && this.recent.has(upKey)) return;
		if (withoutData && this.isCovered(event, timeMs)) return;
		this.remember(source, upKey === undefined ? [key] : [key, upKey], timeMs, entities, upKey);
		this.queueEmit(event, upKey ?? key);
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
		this.unsaved = true;
	}

	/**
	 * Within one run of synchronous code nothing can read the static data that n8n saves after
	 * an emit (the save is asynchronous), so saving before the last emit of a run saves exactly
	 * what saving before each would: each item waits for the next one, or for flush().
	 */
	private queueEmit(event: IDataObject, deliveryKey: string | undefined): void {
		if (this.settings.manual && this.emitted + (this.pendingEmit ? 1 : 0) > 0) return;
		const json = this.settings.output === 'raw' ? { ...event } : simplifyEvent(event);
		const previous = this.pendingEmit;
		const deduplication = this.settings.deduplication;
		this.pendingEmit = {
			json,
			deduplicationKey:
				deduplication && deliveryKey !== undefined
					? executionDeduplicationKey(deduplication.workflowId, deduplication.nodeId, deliveryKey)
					: undefined,
		};
		if (previous) this.emit(previous.json, previous.deduplicationKey);
	}

	private emit(json: IDataObject, deduplicationKey: string | undefined): void {
		this.gaps.attachTo(json);
		this.emitted += 1;
		// Looked up at every event: in a test run n8n replaces emit after trigger() returned.
		// n8n 1.x takes three arguments and ignores the fourth.
		const emit = this.context.emit as EmitWithDeduplication;
		if (deduplicationKey === undefined) emit.call(this.context, [[{ json }]]);
		else emit.call(this.context, [[{ json }]], undefined, undefined, deduplicationKey);
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
