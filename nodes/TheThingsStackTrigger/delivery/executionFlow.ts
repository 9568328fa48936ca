import type { IDataObject, INodeExecutionData, IRun, ITriggerFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import {
	batchDeliveryKey,
	executionDeduplicationKey,
} from '../../shared/delivery/deduplicationKey';
import type { DeliveryLedger } from '../../shared/delivery/deliveryLedger';
import type { TrackedExecution } from '../../shared/delivery/executionTracker';
import { ExecutionTracker } from '../../shared/delivery/executionTracker';
import type { ResumePointStore, SourceResumePoint } from '../../shared/delivery/resumePoint';
import { formatDuration } from '../../shared/delivery/recoveryPlan';
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
// While executions are held back, how often the trigger checks for stalled ones.
const WATCH_INTERVAL_MS = 1_000;

/**
 * Hands items to n8n as executions: one per item, or batches of up to `maxItems` collected for
 * up to `maxWaitMs`; never more than `maxInFlight` executions that n8n has not finished (emit's
 * donePromise, which n8n 1.x and 2.x settle when the execution ended, also on a worker in queue
 * mode). At the limit, formed executions wait here and their producer stops (see `accepting`).
 *
 * The resume point kept in the static data is the durable one (ExecutionTracker): every item it
 * covers is in an execution that finished. n8n writes the static data when an execution starts,
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
	private watching = false;
	private stopped = false;
	private emitted = 0;
	private executions = 0;
	/** Since when executions wait for room (a holding-back episode), in ms. */
	private heldSinceMs: number | undefined;
	private longestWaitMs = 0;
	private drainedWaiters: Array<() => void> = [];

	constructor(
		private readonly context: ITriggerFunctions,
		private readonly gaps: GapReports,
		private readonly settings: FlowSettings,
		/** Called when formed executions went out and more items are welcome. */
		private readonly onRoom: () => void,
		/** Whether more items are about to come at once (the queue has some ready to handle). */
		private readonly moreComing: () => boolean,
	) {
		this.now = settings.now ?? Date.now;
		this.forming = new BatchBuilder<FlowItem>(settings.batch);
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

	/** Executions started so far. */
	get executionCount(): number {
		return this.executions;
	}

	/** Executions n8n has not reported finished. */
	get inFlight(): number {
		return this.running.size;
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
			if (dueInMs <= 0 && !this.moreComing()) this.seal();
			else this.sealLater(Math.max(dueInMs, 1));
		}
		if (this.forming.size === 0 && this.settings.store) {
			const moved = this.tracker.coverNewest(this.takePoint());
			if (moved) this.save(moved);
		}
		this.pump();
	}

	/** Resolves once every formed execution was handed to n8n. */
	async whenDrained(): Promise<void> {
		if (this.ready.length === 0 || this.stopped) return;
		await new Promise<void>((resolve) => this.drainedWaiters.push(resolve));
	}

	stop(): void {
		this.stopped = true;
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

	private sealLater(delayMs: number): void {
		if (this.sealScheduled) return;
		this.sealScheduled = true;
		void sleep(delayMs).then(() => {
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
			this.holdingBack();
			return;
		}
		this.releaseDrainedWaiters();
		this.onRoom();
		if (this.heldSinceMs !== undefined && this.waiting === 0 && !this.moreComing()) {
			this.caughtUp();
		}
	}

	private emit(batch: ReadyBatch): void {
		const nowMs = this.now();
		const [first] = batch.items;
		this.gaps.attachTo(first.json);
		if (this.heldSinceMs !== undefined) {
			const waitedMs = nowMs - first.receivedAtMs;
			this.longestWaitMs = Math.max(this.longestWaitMs, waitedMs);
			first.json.delivery = {
				waitedMs,
				heldBack: `executions in flight at the limit of ${this.settings.maxInFlight}`,
			};
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
		this.executions += 1;
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
		if (!this.settings.store) return false;
		return this.now() - this.pointTakenAtMs >= POINT_INTERVAL_MS || !this.moreComing();
	}

	private takePoint(): ResumeSources {
		this.pointTakenAtMs = this.now();
		return this.settings.ledger.snapshot();
	}

	private holdingBack(): void {
		if (this.heldSinceMs !== undefined) return;
		const nowMs = this.now();
		this.heldSinceMs = nowMs;
		this.longestWaitMs = 0;
		const oldest = this.ready[0]?.items[0];
		const ageMs = oldest ? nowMs - oldest.receivedAtMs : 0;
		this.context.logger.warn(
			`The Things Stack Trigger is holding events back: ${this.running.size} executions have not finished (the limit is ${this.settings.maxInFlight}); the oldest waiting event arrived ${formatDuration(ageMs)} ago. Events are delivered as executions finish; none are lost.`,
		);
		this.watchStalled();
	}

	private caughtUp(): void {
		const heldForMs = this.now() - (this.heldSinceMs as number);
		this.heldSinceMs = undefined;
		this.context.logger.info(
			`The Things Stack Trigger caught up after holding events back for ${formatDuration(heldForMs)} (the longest wait of an event was ${formatDuration(this.longestWaitMs)})`,
		);
	}

	/** While holding back, counts executions n8n never reported finished as finished. */
	private watchStalled(): void {
		if (this.watching) return;
		this.watching = true;
		void (async () => {
			while (!this.stopped && this.heldSinceMs !== undefined) {
				await sleep(WATCH_INTERVAL_MS);
				const nowMs = this.now();
				for (const [execution, startedAtMs] of this.running) {
					if (nowMs - startedAtMs < STALLED_AFTER_MS) continue;
					this.context.logger.warn(
						`The Things Stack Trigger: n8n did not report an execution finished within ${formatDuration(STALLED_AFTER_MS)}; counting it as finished`,
					);
					this.finished(execution);
				}
			}
			this.watching = false;
		})();
	}

	private releaseDrainedWaiters(): void {
		if (this.drainedWaiters.length === 0) return;
		const waiters = this.drainedWaiters;
		this.drainedWaiters = [];
		for (const resolve of waiters) resolve();
	}
}
