import type { IDataObject, ITriggerFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { TtsStream } from '../../shared/transport';
import { getConnection, openTtsStream, streamFailureOf } from '../../shared/transport';
import { createEventMatcher } from '../events/eventSelection';
import { isPattern, needsDeviceSubscription } from '../events/eventRouting';
import { simplifyEvent } from '../output/simplifyEvent';
import type { DeliveredEvent, StreamGap, StreamSettings } from '../stream/eventStreamRunner';
import { EventStreamRunner } from '../stream/eventStreamRunner';
import { parseEventTime } from '../stream/eventTime';
import { DeviceDirectory } from './deviceDirectory';
import { ensureEntitiesExist } from './entityCheck';
import { ensureEventsVisible } from './rightsCheck';
import type { HostSubscription } from './subscriptionPlan';
import { planSubscriptions } from './subscriptionPlan';
import type { TriggerParameters } from './triggerParameters';
import { describeEntity } from './watchedEntities';

// Connection attempts while activating, before a transient failure (network, 5xx) is left to the
// background reconnect loop (trigger) or reported (manual test).
const ACTIVATION_ATTEMPTS = 4;
// Stored events asked for when a test run should emit the most recent one.
const LATEST_EVENT_TAIL = 100;
// …and the stream is taken to have sent all it stored once it was quiet this long.
const LATEST_EVENT_SETTLE_MS = 300;
const MAX_PENDING_GAPS = 20;
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
	acceptedRetryCapMs: 2_000,
};

interface Candidate {
	event: IDataObject;
	timeMs: number;
}

/**
 * One activation of the trigger: checks the watched entities, opens a stream per host that
 * publishes chosen events, and turns what the streams deliver into executions.
 */
export class TriggerSession {
	private readonly runners: EventStreamRunner[] = [];
	private readonly matches: (name: string) => boolean;
	private readonly manual: boolean;
	private readonly settled = new Set<EventStreamRunner>();
	private pendingGaps: StreamGap[] = [];
	private reportedNoStore = false;
	private latestStored: Candidate | undefined;
	private emittedTest = false;
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
		const { hosts } = await getConnection.call(this.context);
		const plans = planSubscriptions(
			this.parameters.entities,
			this.parameters.selection,
			hosts.identityServer !== hosts.cluster,
		);
		await ensureEntitiesExist.call(this.context, this.parameters.entities);
		await ensureEventsVisible.call(
			this.context,
			this.parameters.entities,
			this.parameters.selection,
		);
		const directory = new DeviceDirectory(this.context);
		await this.loadDevices(directory, plans);
		for (const plan of plans) {
			const baseUrl = plan.host === 'identityServer' ? hosts.identityServer : hosts.cluster;
			this.runners.push(
				this.createRunner(plan, `${HOST_NAMES[plan.host]} (${baseUrl})`, directory),
			);
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
		await Promise.all(this.runners.map(async (runner) => await runner.stop()));
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

	private createRunner(
		plan: HostSubscription,
		label: string,
		directory: DeviceDirectory,
	): EventStreamRunner {
		const emitLatest = this.manual && this.parameters.emitLatestWhenTesting;
		const settings: StreamSettings = {
			...STREAM_DEFAULTS,
			settleAfterMs: emitLatest ? LATEST_EVENT_SETTLE_MS : undefined,
			idleTimeoutMs: this.parameters.idleTimeoutMs,
			replayWindowMs: this.parameters.replayWindowMs,
			tail: emitLatest ? LATEST_EVENT_TAIL : this.manual ? 0 : this.parameters.replayOnActivation,
		};
		const runner: EventStreamRunner = new EventStreamRunner(
			{
				label,
				names: plan.names,
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
				onEvent: (delivered) => this.deliver(delivered),
				onGap: (gap) => this.noteGap(gap),
				onFatal: (error) => this.fail(error, label),
				onSettled: () => this.settle(runner),
				log: this.context.logger,
			},
			settings,
		);
		return runner;
	}

	private deliver({ event, replayed }: DeliveredEvent): void {
		if (this.stopped || !this.matches(String(event.name))) return;
		if (!this.manual) {
			this.emit(event);
			return;
		}
		if (this.emittedTest) return;
		if (replayed && this.parameters.emitLatestWhenTesting) {
			const timeMs = parseEventTime(event.time) ?? 0;
			if (!this.latestStored || timeMs >= this.latestStored.timeMs) {
				this.latestStored = { event, timeMs };
			}
			return;
		}
		this.emittedTest = true;
		this.emit(event);
	}

	/** A test run emits the newest stored event once every stream has sent what it had. */
	private settle(runner: EventStreamRunner): void {
		this.settled.add(runner);
		if (!this.manual || this.emittedTest || !this.latestStored) return;
		if (this.runners.some((each) => !this.settled.has(each))) return;
		this.emittedTest = true;
		this.emit(this.latestStored.event);
	}

	private emit(event: IDataObject): void {
		const json = this.parameters.output === 'raw' ? { ...event } : simplifyEvent(event);
		if (this.pendingGaps.length > 0) {
			json.streamGaps = this.pendingGaps as unknown as IDataObject[];
			this.pendingGaps = [];
		}
		// Looked up at every event: in a test run n8n replaces emit after trigger() returned.
		this.context.emit([[{ json }]]);
	}

	private noteGap(gap: StreamGap): void {
		this.context.logger.warn(
			`The Things Stack Trigger: events may be missing between ${gap.from} and ${gap.to} (${gap.server}): ${gap.message}`,
		);
		if (this.pendingGaps.length < MAX_PENDING_GAPS) this.pendingGaps.push(gap);
		if (this.manual) return;
		if (gap.reason === 'no_event_store') {
			if (this.reportedNoStore) return;
			this.reportedNoStore = true;
		}
		this.saveFailedExecution(
			new NodeOperationError(
				this.context.getNode(),
				`Events may be missing between ${gap.from} and ${gap.to}`,
				{
					description: `${gap.message} (${gap.server})`,
				},
			),
		);
	}

	// n8n 2.x records a failed execution (and runs the error workflow) while the trigger stays
	// active; 1.x has no such call.
	private saveFailedExecution(error: NodeOperationError): void {
		const save = (this.context as { saveFailedExecution?: (error: NodeOperationError) => void })
			.saveFailedExecution;
		if (typeof save !== 'function') return;
		try {
			save.call(this.context, error);
		} catch (saveError) {
			this.context.logger.debug(
				`The Things Stack Trigger could not record the gap as a failed execution: ${(saveError as Error).message}`,
			);
		}
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
