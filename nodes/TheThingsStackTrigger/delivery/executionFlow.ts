import type { IDataObject, INodeExecutionData, IRun, ITriggerFunctions } from 'n8n-workflow';

import {
	batchDeliveryKey,
	executionDeduplicationKey,
} from '../../shared/delivery/deduplicationKey';
import type { DeliveryLedger } from '../../shared/delivery/deliveryLedger';
import type { TrackedExecution } from '../../shared/delivery/executionTracker';
import { ExecutionTracker } from '../../shared/delivery/executionTracker';
import type { ResumePointStore, SourceResumePoint } from '../../shared/delivery/resumePoint';
import { formatDuration } from '../../shared/delivery/recoveryPlan';
import { wait } from '../../shared/delivery/wait';
import type { BatchLimits } from './batchBuilder';
import { BatchBuilder } from './batchBuilder';
import type { GapReports } from './gapReports';

export interface FlowSettings {
	batch: BatchLimits;
	/** Most executions n8n has not reported finished; 0 for no limit. */
	maxInFlight: number;
	/** "Listen for test event": the first item only, nothing saved, no deduplication key. */
	manual: boolean;
	ledger: DeliveryLedger;
	/** Where the durable resume point is kept; none in manual mode. */
	store?: ResumePointStore;
	/** For n8n 2.x deduplication keys; none in manual mode. */
	deduplication?: { workflowId: string; nodeId: string };
	now?: () => number;
}

/** An item ready to go out. */
export interface FlowItem {
	json: IDataObject;
	/** What the execution's deduplication key is derived from; none for no key. */
	deliveryKey?: string;
	/** When the trigger received the event, in ms: how long it waited is measured from here. */
	receivedAtMs: number;
}

interface ReadyBatch {
	items: FlowItem[];
	execution: TrackedExecution<ResumeSources>;
}

type ResumeSources = Record<string, SourceResumePoint>;

type EmitWithDone = (
	data: INodeExecutionData[][],
	responsePromise: undefined,
	donePromise:
		| { promise: Promise<IRun | undefined>; resolve(run?: IRun): void; reject(error: Error): void }
		| undefined,
	deduplicationKey?: string,
) => void;

// The resume point is taken at most this often within a burst (and always when it ends).
const POINT_INTERVAL_MS = 25;
// An execution n8n never reported finished counts as finished after this long, so that the
// trigger cannot stop for good (n8n 1.x leaves donePromise unsettled when it could not start
// the execution at all).
const STALLED_AFTER_MS = 15 * 60_000;
// While executions wait for room, how often the trigger looks at them (see watch).
const WATCH_INTERVAL_MS = 250;
// Waiting for room this long makes an episode of holding back: logged, and told on the items.
// Shorter waits are n8n working at its pace, not falling behind.
const HOLD_NOTICE_MS = 1_000;

/**
 * Hands items to n8n as executions: one per item, or batches of up to `maxItems` collected for
 * up to `maxWaitMs`; never more than `maxInFlight` executions that n8n has not finished (emit's
 * donePromise, which n8n 1.x and 2.x settle when the execution ended, also on a worker in queue
 * mode). At the limit, formed executions wait here and their producer stops (see `accepting`).
 *
 * The resume point kept in the static data is the durable one (ExecutionTracker): every item it
 * covers is in an execution that finished. n8n writes the static data when the trigger emits,
 * so what survives a crash is the durable point as of the last emit; a restart sends the
 * executions that were in flight then once more (n8n 2.x refuses them again by their
 * deduplication key when they were not batched differently).
 */
export class ExecutionFlow {
	private readonly forming: BatchBuilder<FlowItem>;
	private readonly tracker = new ExecutionTracker<ResumeSources>();
	private readonly ready: ReadyBatch[] = [];
	private readonly running = new Map<TrackedExecution<ResumeSources>, number>();
	private readonly now: () => number;
	private readyItems = 0;
	private pointTakenAtMs = Number.NEGATIVE_INFINITY;
	private sealScheduled = false;
	private coverScheduled = false;
	private watching = false;
	private stopped = false;
	private emitted = 0;
	/** Since when executions wait for room (a holding-back episode), in ms. */
	private heldSinceMs: number | undefined;
	private longestWaitMs = 0;
	private drainedWaiters: Array<() => void> = [];
	/** Ends every wait of the flow on stop(). */
	private readonly stopping = new AbortController();

	constructor(
		private readonly context: ITriggerFunctions,
		private readonly gaps: GapReports,
		private readonly settings: FlowSettings,
		/** Called when formed executions went out and more items are welcome. */
		private readonly onRoom: () => void,
		/** The queue the items come from: what waits there, and what may be handled now. */
		private readonly source: { readonly length: number; readonly handleable: number },
	) {
		this.now = settings.now ?? Date.now;
		this.forming = new BatchBuilder<FlowItem>(settings.batch);
	}

	/** Whether more items are about to come at once (the queue has some ready to handle). */
	private get moreComing(): boolean {
		return this.source.handleable > 0;
	}

	/** Whether more items may be added now: no formed execution waits for room. */
	get accepting(): boolean {
		return this.ready.length === 0 && !this.stopped;
	}

	/** Items added but not handed to n8n yet. */
	get waiting(): number {
		return this.readyItems + this.forming.size;
	}

	/** Items emitted so far. */
	get emittedCount(): number {
		return this.emitted;
	}

	/** Adds an item; the ledger must already hold it. */
	add(item: FlowItem): void {
		if (this.stopped) return;
		if (this.settings.manual && this.emitted + this.waiting > 0) return;
		if (this.forming.add(item, this.now())) this.seal();
		this.pump();
	}

	/**
	 * Ends a run of adding: a batch that is due goes out (a partial one only when nothing more
	 * is about to come), or waits for its time; the resume point catches up with the items added.
	 */
	flush(): void {
		if (this.stopped) return;
		const dueInMs = this.forming.dueInMs(this.now());
		if (dueInMs !== undefined) {
			if (dueInMs <= 0 && !this.moreComing) this.seal();
			else this.sealLater(Math.max(dueInMs, 1));
		}
		this.coverNewest();
		this.pump();
	}

	/** Resolves once every formed execution was handed to n8n. */
	async whenDrained(): Promise<void> {
		if (this.ready.length === 0 || this.stopped) return;
		await new Promise<void>((resolve) => this.drainedWaiters.push(resolve));
	}

	stop(): void {
		this.stopped = true;
		this.stopping.abort();
		this.ready.length = 0;
		this.readyItems = 0;
		this.forming.take();
		this.releaseDrainedWaiters();
	}

	/** Closes the batch being formed: it goes out when there is room. */
	private seal(): void {
		const items = this.forming.take();
		if (items.length === 0) return;
		const point = this.pointDue() ? this.takePoint() : undefined;
		this.ready.push({ items, execution: this.tracker.add(point) });
		this.readyItems += items.length;
	}

	/**
	 * Takes the point that covers every item added so far for the newest execution, at most every
	 * POINT_INTERVAL_MS: within a burst, one of a later execution covers more.
	 */
	private coverNewest(): void {
		if (this.forming.size > 0 || !this.settings.store || this.stopped) return;
		const dueInMs = this.pointTakenAtMs + POINT_INTERVAL_MS - this.now();
		if (dueInMs > 0) {
			if (this.coverScheduled) return;
			this.coverScheduled = true;
			void wait(dueInMs, this.stopping.signal).then(() => {
				this.coverScheduled = false;
				this.coverNewest();
			});
			return;
		}
		const moved = this.tracker.coverNewest(this.takePoint());
		if (moved) this.save(moved);
	}

	private sealLater(delayMs: number): void {
		if (this.sealScheduled) return;
		this.sealScheduled = true;
		void wait(delayMs, this.stopping.signal).then(() => {
			this.sealScheduled = false;
			this.flush();
		});
	}

	private get hasRoom(): boolean {
		const limit = this.settings.manual ? 0 : this.settings.maxInFlight;
		return limit <= 0 || this.running.size < limit;
	}

	private pump(): void {
		while (this.ready.length > 0 && this.hasRoom && !this.stopped) {
			const batch = this.ready.shift() as ReadyBatch;
			this.readyItems -= batch.items.length;
			this.emit(batch);
		}
		if (this.ready.length > 0) {
			if (!this.watching) this.watch();
			return;
		}
		this.releaseDrainedWaiters();
		this.onRoom();
	}

	private emit(batch: ReadyBatch): void {
		const nowMs = this.now();
		const [first] = batch.items;
		this.gaps.attachTo(first.json);
		if (this.heldSinceMs !== undefined) {
			const waitedMs = nowMs - first.receivedAtMs;
			this.longestWaitMs = Math.max(this.longestWaitMs, waitedMs);
			first.json.delivery = { waitedMs, reason: 'max_executions_in_flight' };
		}
		const keys = batch.items.map((item) => item.deliveryKey);
		const deduplication = this.settings.deduplication;
		const deduplicationKey =
			deduplication && keys.every((key): key is string => key !== undefined)
				? executionDeduplicationKey(
						deduplication.workflowId,
						deduplication.nodeId,
						batchDeliveryKey(keys),
					)
				: undefined;
		const done = this.settings.manual ? undefined : this.track(batch.execution, nowMs);
		this.emitted += batch.items.length;
		// Looked up at every emit: in a test run n8n replaces emit after trigger() returned.
		// n8n 1.x takes three arguments and ignores the fourth.
		const emit = this.context.emit as unknown as EmitWithDone;
		emit.call(
			this.context,
			[batch.items.map(({ json }) => ({ json }))],
			undefined,
			done,
			deduplicationKey,
		);
	}

	/** The donePromise of an execution: n8n settles it when the execution ended, however. */
	private track(execution: TrackedExecution<ResumeSources>, nowMs: number) {
		this.running.set(execution, nowMs);
		let resolve!: (run?: IRun) => void;
		let reject!: (error: Error) => void;
		const promise = new Promise<IRun | undefined>((res, rej) => {
			resolve = res;
			reject = rej;
		});
		// Rejected when n8n could not start or find the execution (e.g. it ended before n8n
		// looked it up, or was cancelled): it is not running either way.
		const finished = () => this.finished(execution);
		promise.then(finished, finished);
		return { promise, resolve, reject };
	}

	private finished(execution: TrackedExecution<ResumeSources>): void {
		if (!this.running.delete(execution)) return;
		const moved = this.tracker.finish(execution);
		if (moved) this.save(moved);
		if (!this.stopped) this.pump();
	}

	private save(point: ResumeSources): void {
		this.settings.store?.save(point, this.now());
	}

	private pointDue(): boolean {
		return (
			this.settings.store !== undefined && this.now() - this.pointTakenAtMs >= POINT_INTERVAL_MS
		);
	}

	private takePoint(): ResumeSources {
		this.pointTakenAtMs = this.now();
		return this.settings.ledger.snapshot();
	}

	/**
	 * While executions wait for room: starts an episode of holding back once one waited
	 * HOLD_NOTICE_MS (said once in the log, with the backlog's age), ends it when the backlog is
	 * gone, and counts executions n8n never reported finished as finished.
	 */
	private watch(): void {
		this.watching = true;
		void (async () => {
			while (!this.stopped) {
				await wait(WATCH_INTERVAL_MS, this.stopping.signal);
				const nowMs = this.now();
				this.finishStalled(nowMs);
				const oldest = this.ready[0]?.items[0];
				if (oldest && this.heldSinceMs === undefined) {
					if (nowMs - oldest.receivedAtMs >= HOLD_NOTICE_MS) this.holdingBack(nowMs, oldest);
				} else if (!oldest && this.waiting === 0 && this.source.length === 0) {
					if (this.heldSinceMs !== undefined) this.caughtUp(nowMs);
					break;
				}
			}
			this.watching = false;
		})();
	}

	private holdingBack(nowMs: number, oldest: FlowItem): void {
		this.heldSinceMs = nowMs;
		this.longestWaitMs = 0;
		this.context.logger.warn(
			`The Things Stack Trigger is holding events back: ${this.running.size} executions have not finished (the limit is ${this.settings.maxInFlight}); ${this.waiting + this.source.length} events wait, the oldest since ${formatDuration(nowMs - oldest.receivedAtMs)}. They are delivered as executions finish; none are lost.`,
		);
	}

	private caughtUp(nowMs: number): void {
		const heldForMs = nowMs - (this.heldSinceMs as number);
		this.heldSinceMs = undefined;
		this.context.logger.info(
			`The Things Stack Trigger caught up after holding events back for ${formatDuration(heldForMs)} (the longest wait of an event was ${formatDuration(this.longestWaitMs)})`,
		);
	}

	private finishStalled(nowMs: number): void {
		for (const [execution, startedAtMs] of this.running) {
			if (nowMs - startedAtMs < STALLED_AFTER_MS) continue;
			this.context.logger.warn(
				`The Things Stack Trigger: n8n did not report an execution finished within ${formatDuration(STALLED_AFTER_MS)}; counting it as finished`,
			);
			this.finished(execution);
		}
	}

	private releaseDrainedWaiters(): void {
		if (this.drainedWaiters.length === 0) return;
		const waiters = this.drainedWaiters;
		this.drainedWaiters = [];
		for (const resolve of waiters) resolve();
	}
}
