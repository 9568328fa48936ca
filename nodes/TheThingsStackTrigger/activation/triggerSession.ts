import type { IDataObject, ITriggerFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { UPLINK_FORWARD_EVENT } from '../../shared/delivery/applicationUp';
import { DeliveryLedger } from '../../shared/delivery/deliveryLedger';
import type { StorageTargetStatus } from '../../shared/delivery/recoveryPlan';
import {
	describeTarget,
	formatDuration,
	storageShortfall,
} from '../../shared/delivery/recoveryPlan';
import type { ResumePoint } from '../../shared/delivery/resumePoint';
import { ResumePointStore, resumeScope } from '../../shared/delivery/resumePoint';
import type { StackHosts, TtsStream } from '../../shared/transport';
import { getConnection, openTtsStream, streamFailureOf } from '../../shared/transport';
import type { QueueHold } from '../delivery/deliveryQueue';
import { EventDelivery } from '../delivery/eventDelivery';
import type { QueuedEvent } from '../delivery/eventDelivery';
import { RecoveryCoordinator } from '../delivery/recovery';
import { keepNewestReplayed } from '../delivery/replaySelection';
import { createEventMatcher } from '../events/eventSelection';
import { isPattern, needsDeviceSubscription } from '../events/eventRouting';
import type { StreamSettings, StreamStart } from '../stream/eventStreamRunner';
import { EventStreamRunner } from '../stream/eventStreamRunner';
import { formatTime } from '../stream/eventTime';
import { DeviceDirectory } from './deviceDirectory';
import { ensureEntitiesExist } from './entityCheck';
import { ensureEventsVisible } from './rightsCheck';
import type { HostSubscription } from './subscriptionPlan';
import { planSubscriptions } from './subscriptionPlan';
import type { TriggerParameters } from './triggerParameters';
import { describeEntity, entityKeyOf, storageTargetsOf } from './watchedEntities';

// Connection attempts while activating, before a transient failure (network, 5xx) is left to the
// background reconnect loop (trigger) or reported (manual test).
const ACTIVATION_ATTEMPTS = 4;
// A replay on activation is taken to be complete once its stream was quiet this long.
const REPLAY_SETTLE_MS = 300;
const HOST_NAMES = { identityServer: 'Identity Server', cluster: 'cluster' } as const;

const STREAM_DEFAULTS = {
	connectTimeoutMs: 30_000,
	// Replays the newest events again on resume; TTS itself scans 1 s back for clock skew
	// (pkg/events/redis/store.go), and events may arrive out of order.
	resumeOverlapMs: 1_000,
	// …but at most this many events back: every reconnect sends them again, and a connection
	// that keeps breaking sooner than that would never get past them.
	maxRemembered: 100,
	backoff: { baseMs: 250, capMs: 60_000 },
	healthyAfterMs: 5_000,
	acceptedBackoff: { baseMs: 20, capMs: 2_000 },
};

const DELIVERY_DEFAULTS = {
	// Twice the stream's window: an uplink is remembered by two keys (see EventDelivery).
	ledgerMaxRemembered: 200,
	recentCapacity: 10_000,
	sliceMs: 8,
	// Events waiting at which the streams are closed, and at which they are reopened: a few MB of
	// memory, and less than the stream's own buffer (STREAM_TAIL) to refill on reopening.
	backlog: { pauseAt: 2_000, resumeAt: 500 },
};

const CATCH_UP_DEFAULTS = {
	pageSize: 500,
	attempts: 5,
	backoff: { baseMs: 500, capMs: 10_000 },
};

/**
 * One activation of the trigger: checks the watched entities, opens a stream per host that
 * publishes chosen events, resumes where the last activation stopped emitting, and turns what
 * the streams deliver into executions (EventDelivery), recovering missed uplinks from the
 * Storage Integration when a stream shows a loss (RecoveryCoordinator).
 */
export class TriggerSession {
	private readonly runners: EventStreamRunner[] = [];
	private readonly matches: (name: string) => boolean;
	private readonly manual: boolean;
	private readonly settled = new Set<EventStreamRunner>();
	private delivery: EventDelivery | undefined;
	private recovery: RecoveryCoordinator | undefined;
	/** Holds a replay on activation until all of it is in (see keepNewestReplayed). */
	private replayHold: QueueHold | undefined;
	private stopped = false;

	constructor(
		private readonly context: ITriggerFunctions,
		private readonly parameters: TriggerParameters,
	) {
		this.matches = createEventMatcher(parameters.selection);
		this.manual = context.getMode() === 'manual';
	}

	/** Resolves once every stream is open; throws what keeps the trigger from working. */
	async start(): Promise<void> {
		const startedAtMs = Date.now();
		const { hosts } = await getConnection.call(this.context);
		const plans = planSubscriptions(
			this.parameters.entities,
			this.parameters.selection,
			hosts.identityServer !== hosts.cluster,
		);
		const { store, restored } = this.openResumePoint(hosts);
		const initial = this.initialPoint(store, restored, plans, startedAtMs);
		const delivery = this.createDelivery(store, restored ?? initial);
		const recovery = this.createRecovery(delivery);
		delivery.trackStoredUplinks(!this.manual && recovery.catchesUp);
		// Checked while the entities and rights are; the first item says what it found.
		const storageCheck =
			!this.manual && recovery.catchesUp
				? { done: false, statuses: recovery.checkStorage() }
				: undefined;
		void storageCheck?.statuses.then(() => (storageCheck.done = true));
		await ensureEntitiesExist.call(this.context, this.parameters.entities);
		await ensureEventsVisible.call(
			this.context,
			this.parameters.entities,
			this.parameters.selection,
		);
		const directory = new DeviceDirectory(this.context);
		await this.loadDevices(directory, plans);

		const replayCount = this.replayCount(restored);
		if (replayCount > 0) this.replayHold = delivery.hold();
		if (storageCheck) {
			const checkHold = storageCheck.done ? undefined : delivery.hold();
			void storageCheck.statuses.then((statuses) => {
				if (this.stopped) return;
				this.announceStorage(statuses, `${HOST_NAMES.cluster} (${hosts.cluster})`, startedAtMs);
				checkHold?.release();
			});
		}
		for (const plan of plans) {
			const baseUrl = plan.host === 'identityServer' ? hosts.identityServer : hosts.cluster;
			const label = `${HOST_NAMES[plan.host]} (${baseUrl})`;
			const start = this.startOf(plan, restored, replayCount, startedAtMs, label);
			this.runners.push(this.createRunner(plan, label, start, directory, replayCount > 0));
		}
		try {
			await Promise.all(
				this.runners.map(async (runner) => await runner.connect(ACTIVATION_ATTEMPTS)),
			);
		} catch (error) {
			const failure = streamFailureOf(error);
			if (failure.kind === 'permanent' || this.manual) {
				await this.stop();
				throw this.activationError(error as Error);
			}
			this.context.logger.warn(
				`The Things Stack Trigger could not open the event stream yet (${(error as Error).message}); it keeps trying in the background`,
			);
		}
		this.runners.forEach((runner) => runner.run());
	}

	/** Closes every stream and stops every loop; resolves when nothing is left running. */
	async stop(): Promise<void> {
		this.stopped = true;
		// Queued events are dropped: they are not in the saved resume point, so the next
		// activation gets them again.
		this.delivery?.stop();
		await Promise.all([
			...this.runners.map(async (runner) => await runner.stop()),
			this.recovery?.stop(),
		]);
	}

	private async loadDevices(directory: DeviceDirectory, plans: HostSubscription[]): Promise<void> {
		const applications = [...new Set(plans.flatMap((plan) => plan.deviceApplications))];
		if (applications.length === 0) return;
		try {
			await directory.load(applications);
		} catch (error) {
			const named = this.parameters.selection.filters.filter(
				(filter) => !isPattern(filter) && needsDeviceSubscription(filter),
			);
			const reason = `The API key may not list the devices of the application (${(error as Error).message})`;
			if (named.length > 0) {
				throw new NodeOperationError(this.context.getNode(), reason, {
					description: `The Things Stack passes ${named.join(', ')} on to subscriptions of the device only, not of its application, so the trigger subscribes to every device of the application. Give the API key the right to view the application's devices, watch the devices themselves, or choose other events.`,
				});
			}
			this.context.logger.warn(
				`${reason}: device events that The Things Stack does not pass on to applications will be missing`,
			);
		}
	}

	/**
	 * The resume point of the last activation, from the node's static data. A test run neither
	 * reads nor writes it: it would move the production trigger's place.
	 */
	private openResumePoint(hosts: StackHosts): { store?: ResumePointStore; restored?: ResumePoint } {
		if (this.manual) return {};
		const scope = resumeScope(
			`${hosts.cluster}\n${hosts.identityServer}`,
			this.parameters.entities.map(entityKeyOf),
		);
		const store = new ResumePointStore(this.context.getWorkflowStaticData('node'), scope);
		const loaded = store.load();
		if (loaded.status === 'found') return { store, restored: loaded.point };
		if (loaded.status === 'discarded') {
			this.context.logger.info(
				loaded.reason === 'other_scope'
					? 'The Things Stack Trigger: the saved resume point belongs to another server or other watched entities; starting with new events'
					: 'The Things Stack Trigger: the saved resume point could not be read; starting with new events',
			);
		}
		return { store };
	}

	/**
	 * On a first activation, the resume point is where it began: the point moves only as
	 * executions finish, and a crash before the first one finished must not start the next
	 * activation with new events only.
	 */
	private initialPoint(
		store: ResumePointStore | undefined,
		restored: ResumePoint | undefined,
		plans: HostSubscription[],
		startedAtMs: number,
	): ResumePoint | undefined {
		if (!store || restored || this.replayCount(undefined) > 0) return undefined;
		const sources = Object.fromEntries(
			plans.map((plan) => [plan.host, { keys: [], anchors: {}, floorMs: startedAtMs }]),
		);
		store.save(sources, startedAtMs);
		return { scope: '', savedAtMs: startedAtMs, sources };
	}

	private createDelivery(store: ResumePointStore | undefined, restored: ResumePoint | undefined) {
		const ledger = new DeliveryLedger(
			{
				overlapMs: STREAM_DEFAULTS.resumeOverlapMs,
				maxRemembered: DELIVERY_DEFAULTS.ledgerMaxRemembered,
			},
			restored,
		);
		const node = this.context.getNode();
		this.delivery = new EventDelivery(this.context, {
			output: this.parameters.output,
			manual: this.manual,
			ledger,
			store,
			deduplication: this.manual
				? undefined
				: { workflowId: String(this.context.getWorkflow().id ?? ''), nodeId: node.id },
			delivered: Object.values(restored?.sources ?? {}).flatMap((source) => source.keys),
			recentCapacity: DELIVERY_DEFAULTS.recentCapacity,
			sliceMs: DELIVERY_DEFAULTS.sliceMs,
			batch: {
				maxItems: this.manual ? 1 : this.parameters.batchSize,
				maxWaitMs: this.parameters.batchWindowMs,
			},
			maxInFlight: this.parameters.maxExecutionsInFlight,
			backlog: DELIVERY_DEFAULTS.backlog,
		});
		this.delivery.controlStreams({
			pause: () => this.runners.forEach((runner) => runner.pause()),
			resume: () => this.runners.forEach((runner) => runner.unpause()),
		});
		return this.delivery;
	}

	private createRecovery(delivery: EventDelivery): RecoveryCoordinator {
		const { selection } = this.parameters;
		this.recovery = new RecoveryCoordinator(this.context, delivery, {
			uplinks: this.matches(UPLINK_FORWARD_EVENT),
			otherEvents: selection.all || selection.filters.some((name) => name !== UPLINK_FORWARD_EVENT),
			maxCatchUpMs: this.manual ? 0 : this.parameters.maxCatchUpMs,
			catchUp: { ...CATCH_UP_DEFAULTS, writeDelayMs: this.parameters.storageDelayMs },
			targets: storageTargetsOf(this.parameters.entities),
		});
		return this.recovery;
	}

	/** Says once, at activation, which watched applications cannot give missed uplinks back. */
	private announceStorage(statuses: StorageTargetStatus[], server: string, nowMs: number): void {
		const available = statuses.filter(({ storage }) => storage.state === 'available');
		if (available.length > 0) {
			this.context.logger.info(
				`The Things Stack Trigger: uplinks missed while n8n or the stream was down are read back from the Storage Integration (up to ${formatDuration(this.parameters.maxCatchUpMs)} back) for ${available.map(({ target }) => describeTarget(target)).join(', ')}`,
			);
		}
		const missing = statuses.filter(({ storage }) => storage.state !== 'available');
		if (missing.length === 0) return;
		this.delivery?.gaps.note({
			reason: 'no_storage_integration',
			server,
			from: formatTime(nowMs),
			to: formatTime(nowMs),
			entities: missing.map(({ target }) =>
				target.deviceId === undefined
					? `application:${target.applicationId}`
					: `device:${target.applicationId}/${target.deviceId}`,
			),
			message: `${storageShortfall(missing)} Uplinks missed in an outage longer than the server's event history holds will be reported, not delivered. Enable the Storage Integration of the application in the Console (Integrations → Storage Integration) to have them read back.`,
		});
	}

	/** How many stored events to replay on activation (the newest), or 0. */
	private replayCount(restored: ResumePoint | undefined): number {
		if (this.manual) return this.parameters.emitLatestWhenTesting ? 1 : 0;
		// A resumed trigger carries on where it stopped instead.
		return restored ? 0 : this.parameters.replayOnActivation;
	}

	private startOf(
		plan: HostSubscription,
		restored: ResumePoint | undefined,
		replayCount: number,
		startedAtMs: number,
		label: string,
	): StreamStart {
		// New events only: from the moment the activation began, so that events sent while it
		// checked the entities and rights are not missed.
		const afterMs = startedAtMs;
		if (replayCount > 0) return { kind: 'recent', afterMs };
		const point = restored?.sources[plan.host];
		// A point without events: the activation that saved it began there (see initialPoint).
		if (point?.newestMs === undefined) return { kind: 'after', afterMs: point?.floorMs ?? afterMs };
		const backMs = startedAtMs - point.newestMs;
		this.context.logger.info(
			`The Things Stack Trigger resumes the event stream of the ${label} after its last emitted event of ${formatTime(point.newestMs)} (${formatDuration(backMs)} ago)`,
		);
		return { kind: 'resume', afterMs, point };
	}

	private createRunner(
		plan: HostSubscription,
		label: string,
		start: StreamStart,
		directory: DeviceDirectory,
		settles: boolean,
	): EventStreamRunner {
		const settings: StreamSettings = {
			...STREAM_DEFAULTS,
			settleAfterMs: settles ? REPLAY_SETTLE_MS : undefined,
			idleTimeoutMs: this.parameters.idleTimeoutMs,
		};
		const runner: EventStreamRunner = new EventStreamRunner(
			{
				label,
				names: plan.names,
				start,
				identifiers: async () =>
					plan.deviceApplications.length === 0
						? plan.identifiers
						: [...plan.identifiers, ...(await directory.identifiers(plan.deviceApplications))],
				open: async (body: IDataObject, signal: AbortSignal): Promise<TtsStream> =>
					await openTtsStream.call(this.context, {
						path: '/events',
						server: plan.host,
						body,
						signal,
					}),
				onEvent: (delivered) => {
					if (this.stopped || !this.matches(String(delivered.event.name))) return;
					this.delivery?.accept(plan.host, delivered);
				},
				onLoss: (loss) => {
					// Uplinks come from the cluster; the Identity Server's stream has other events.
					if (!this.stopped) this.recovery?.onLoss(label, plan.host, loss, plan.host === 'cluster');
				},
				onFatal: (error) => this.fail(error, label),
				onSettled: () => this.settle(runner),
				log: this.context.logger,
			},
			settings,
		);
		return runner;
	}

	/** A replay on activation is complete once every stream has sent what it had. */
	private settle(runner: EventStreamRunner): void {
		this.settled.add(runner);
		const hold = this.replayHold;
		if (!hold || this.runners.some((each) => !this.settled.has(each))) return;
		this.replayHold = undefined;
		const count = this.replayCount(undefined);
		hold.release((held) => keepNewestReplayed(held as QueuedEvent[], count));
	}

	private fail(error: Error, label: string): void {
		if (this.stopped) return;
		void this.stop();
		const description = (error as { description?: string }).description;
		this.context.emitError(
			new NodeOperationError(
				this.context.getNode(),
				`The Things Stack refused to continue the event stream of the ${label}: ${error.message}`,
				{ description },
			),
		);
	}

	private activationError(error: Error): NodeOperationError {
		const entities = this.parameters.entities.map(describeEntity).join(', ');
		const description = (error as { description?: string }).description;
		return new NodeOperationError(
			this.context.getNode(),
			`Could not subscribe to the events of the ${entities}: ${error.message}`,
			{ description },
		);
	}
}
