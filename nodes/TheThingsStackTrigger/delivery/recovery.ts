import type { ITriggerFunctions } from 'n8n-workflow';

import type {
	GapDecision,
	Loss,
	RecoveryContext,
	StorageStatus,
	StorageTarget,
	StorageTargetStatus,
} from '../../shared/delivery/recoveryPlan';
import { describeTarget, planRecovery } from '../../shared/delivery/recoveryPlan';
import type { CatchUpSettings } from '../../shared/delivery/storageCatchUp';
import { catchUpFromStorage } from '../../shared/delivery/storageCatchUp';
import { findStorageIntegration } from '../../shared/delivery/storageIntegration';
import { formatTime } from '../stream/eventTime';
import type { QueueHold } from './deliveryQueue';
import { streamGapOf } from './gapReports';
import type { EventDelivery, QueuedEvent } from './eventDelivery';

export interface RecoverySettings {
	/** Whether uplinks (`as.up.data.forward`) are among the chosen events. */
	uplinks: boolean;
	/** Whether events other than uplinks are among the chosen events. */
	otherEvents: boolean;
	/** How far back (ms) stored uplinks may be read; 0 turns catching up off. */
	maxCatchUpMs: number;
	catchUp: CatchUpSettings;
	/** Where the watched applications and devices keep stored uplinks. */
	targets: StorageTarget[];
	now?: () => number;
}

interface PendingLoss {
	/** `cluster (https://…)`, for gap reports. */
	server: string;
	/** Whether the stream that showed the loss carries uplinks (the Identity Server's does not). */
	carriesUplinks: boolean;
	/** The resume point's source the recovered uplinks count for. */
	source: string;
	loss: Loss;
	targets: StorageTarget[];
}

interface KnownStatus {
	status: StorageStatus;
	checkedAtMs: number;
}

// A Storage Integration that could not be checked is asked again at most this often.
const RECHECK_AFTER_MS = 60_000;

/**
 * Acts on what the streams show was missed (see EventStreamRunner onLoss): holds back newer
 * events, reads the missed uplinks from the Storage Integration of each application or device
 * that has it and emits them first, in order, then lets the held events go on (the stored and
 * the streamed copy of an uplink count as one). Whatever cannot be recovered is reported as a
 * gap. One loss at a time; losses that come in meanwhile wait behind the same hold.
 */
export class RecoveryCoordinator {
	private readonly statuses = new Map<string, KnownStatus>();
	private readonly checking = new Map<string, Promise<StorageStatus>>();
	private readonly work: PendingLoss[] = [];
	private readonly stopController = new AbortController();
	private readonly now: () => number;
	private hold: QueueHold | undefined;
	private running: Promise<void> | undefined;

	constructor(
		private readonly context: ITriggerFunctions,
		private readonly delivery: EventDelivery,
		private readonly settings: RecoverySettings,
	) {
		this.now = settings.now ?? Date.now;
	}

	/** Whether missed uplinks could be read from storage at all (chosen, turned on, watched). */
	get catchesUp(): boolean {
		return (
			this.settings.uplinks && this.settings.maxCatchUpMs > 0 && this.settings.targets.length > 0
		);
	}

	/** Checks the Storage Integration of every watched application and device. */
	async checkStorage(): Promise<StorageTargetStatus[]> {
		const statuses = await this.resolve(this.settings.targets);
		this.delivery.trackStoredUplinks(statuses.some(({ storage }) => storage.state !== 'absent'));
		return statuses;
	}

	/** A stream showed a loss; called before the event that showed it is queued. */
	onLoss(server: string, source: string, loss: Loss, carriesUplinks: boolean): void {
		const targets = this.targetsFor(loss.entities);
		const recoverable =
			this.catchesUp &&
			carriesUplinks &&
			targets.some((target) => this.statuses.get(targetKey(target))?.status.state !== 'absent');
		if (!recoverable) {
			const known = targets.map((target) => ({
				target,
				storage: this.statuses.get(targetKey(target))?.status ?? {
					state: 'unknown' as const,
					reason: 'not checked',
				},
			}));
			this.report(server, planRecovery(loss, this.recoveryContext(known, carriesUplinks)).gaps);
			return;
		}
		this.work.push({ server, carriesUplinks, source, loss, targets });
		// The hold starts here (or earlier, with a hold taken before), so that the event that
		// showed the loss waits behind the catch-up.
		this.hold ??= this.delivery.hold();
		this.running ??= this.process().finally(() => (this.running = undefined));
	}

	async stop(): Promise<void> {
		this.stopController.abort();
		await this.running;
	}

	private async process(): Promise<void> {
		try {
			while (this.work.length > 0 && !this.stopController.signal.aborted) {
				this.hold ??= this.delivery.hold();
				await this.hold.reached;
				const pending = this.work.shift() as PendingLoss;
				const statuses = await this.resolve(pending.targets);
				if (statuses.some(({ storage }) => storage.state === 'available')) {
					this.delivery.trackStoredUplinks(true);
				}
				const plan = planRecovery(
					pending.loss,
					this.recoveryContext(statuses, pending.carriesUplinks),
				);
				this.report(pending.server, plan.gaps);
				if (plan.catchUp) await this.catchUp(pending, plan.catchUp);
			}
		} catch (error) {
			this.context.logger.warn(
				`The Things Stack Trigger could not catch up from the Storage Integration: ${(error as Error).message}`,
			);
		} finally {
			this.hold?.release();
			this.hold = undefined;
		}
	}

	private async catchUp(
		pending: PendingLoss,
		window: { fromMs: number; toMs: number; targets: StorageTarget[] },
	): Promise<void> {
		// Held events older than what storage gives back go first, so that all stays in order.
		this.hold?.handleNow((item) => (item as QueuedEvent).delivered.timeMs < window.fromMs);
		const described = window.targets.map(describeTarget).join(', ');
		this.context.logger.info(
			`The Things Stack Trigger: reading the uplinks missed between ${formatTime(window.fromMs)} and ${formatTime(window.toMs)} from the Storage Integration of the ${described} (${pending.loss.reason})`,
		);
		let recovered = 0;
		const outcome = await catchUpFromStorage.call(
			this.context,
			{
				targets: window.targets,
				fromMs: window.fromMs,
				toMs: () => window.toMs,
				onUplink: (up) => {
					if (this.delivery.recovered(pending.source, up)) recovered += 1;
				},
				// A page's uplinks go out as executions finish, before the next page is read.
				onPageEnd: async () => {
					this.delivery.flush();
					await this.delivery.whenDrained();
				},
				signal: this.stopController.signal,
				log: this.context.logger,
				now: this.now,
			},
			this.settings.catchUp,
		);
		this.delivery.flush();
		for (const target of window.targets) {
			const failure = outcome.failures.find((each) => each.target === target);
			this.delivery.covered([target], window.fromMs, failure?.fromMs ?? window.toMs);
		}
		this.context.logger.info(
			`The Things Stack Trigger: recovered ${recovered} uplinks from the Storage Integration (${outcome.read} read, the rest had been delivered)`,
		);
		for (const failure of outcome.failures) {
			this.delivery.gaps.note({
				reason: 'catch_up_failed',
				server: pending.server,
				from: formatTime(failure.fromMs),
				to: formatTime(failure.toMs),
				entities: pending.loss.entities,
				message: failure.message,
			});
		}
	}

	private recoveryContext(
		targets: StorageTargetStatus[],
		carriesUplinks: boolean,
	): RecoveryContext {
		return {
			nowMs: this.now(),
			maxCatchUpMs: this.settings.maxCatchUpMs,
			uplinks: this.settings.uplinks && carriesUplinks,
			otherEvents: this.settings.otherEvents,
			targets,
		};
	}

	private report(server: string, gaps: GapDecision[]): void {
		for (const gap of gaps) this.delivery.gaps.note(streamGapOf(gap, server));
	}

	/** The storage targets a loss concerns: all, or those of the entities named. */
	private targetsFor(entities: string[] | undefined): StorageTarget[] {
		const all = this.settings.targets;
		if (!entities) return all;
		const concerned = new Set<StorageTarget>();
		for (const entity of entities) {
			const [kind, id] = [
				entity.slice(0, entity.indexOf(':')),
				entity.slice(entity.indexOf(':') + 1),
			];
			if (kind !== 'application' && kind !== 'device') continue;
			const [applicationId, deviceId] = id.split('/');
			const target =
				all.find((each) => each.applicationId === applicationId && each.deviceId === undefined) ??
				all.find((each) => each.applicationId === applicationId && each.deviceId === deviceId);
			if (target) concerned.add(target);
		}
		return [...concerned];
	}

	private async resolve(targets: StorageTarget[]): Promise<StorageTargetStatus[]> {
		return await Promise.all(
			targets.map(async (target) => ({ target, storage: await this.statusOf(target) })),
		);
	}

	/** The target's known status, or the answer of a check (one at a time per target). */
	private async statusOf(target: StorageTarget): Promise<StorageStatus> {
		const key = targetKey(target);
		const known = this.statuses.get(key);
		if (
			known &&
			(known.status.state !== 'unknown' || this.now() - known.checkedAtMs < RECHECK_AFTER_MS)
		) {
			return known.status;
		}
		let checking = this.checking.get(key);
		if (!checking) {
			checking = findStorageIntegration.call(this.context, target).then((status) => {
				this.statuses.set(key, { status, checkedAtMs: this.now() });
				this.checking.delete(key);
				return status;
			});
			this.checking.set(key, checking);
		}
		return await checking;
	}
}

function targetKey(target: StorageTarget): string {
	return `${target.applicationId}/${target.deviceId ?? ''}`;
}
