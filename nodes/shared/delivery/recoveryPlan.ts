/** Why events may have been missed: what the server showed when a source resumed. */
export type LossReason =
	/** The events store's history of an entity no longer reached back to the last delivered event. */
	| 'history_truncated'
	/** Events were replayed without their data: older than the events store keeps payloads. */
	| 'history_without_data'
	/** The server keeps no event history at all: nothing missed can be replayed. */
	| 'no_event_store'
	/** n8n did not take the webhook's deliveries (it was down, restarting or inactive). */
	| 'deliveries_missed';

export type GapReason =
	| LossReason
	/** Uplinks older than the catch-up limit were not read from the Storage Integration. */
	| 'outage_longer_than_catch_up'
	/** Reading the Storage Integration failed part of the way. */
	| 'catch_up_failed'
	/** A notice at activation: missed uplinks of these entities cannot be recovered. */
	| 'no_storage_integration';

/** Where stored uplinks are read: an application, or one device of it. */
export interface StorageTarget {
	applicationId: string;
	deviceId?: string;
}

export type StorageStatus =
	| { state: 'available' }
	/** `absent`: not enabled, or the server has no Storage Integration; `unknown`: not checked. */
	| { state: 'absent' | 'unknown'; reason: string };

export interface StorageTargetStatus {
	target: StorageTarget;
	storage: StorageStatus;
}

export interface Loss {
	reason: LossReason;
	/** Everything up to here (ms) was delivered. */
	fromMs: number;
	/** From here (ms) on the source delivers again. */
	toMs: number;
	/** Watched entities concerned (`application:app1`), when the loss is about some only. */
	entities?: string[];
}

export interface RecoveryContext {
	nowMs: number;
	/** How far back (ms) stored uplinks may be read; 0 turns catching up off. */
	maxCatchUpMs: number;
	/** Whether uplinks (`as.up.data.forward`) are among the chosen events. */
	uplinks: boolean;
	/** Whether events other than uplinks are among the chosen events. */
	otherEvents: boolean;
	/** The Storage Integration of each application or device the loss concerns. */
	targets: StorageTargetStatus[];
}

/** Events may be missing (or came without their data) between `fromMs` and `toMs`. */
export interface GapDecision {
	reason: GapReason;
	fromMs: number;
	toMs: number;
	entities?: string[];
	message: string;
}

export interface RecoveryPlan {
	/** Stored uplinks to read and deliver, in order, before anything newer. */
	catchUp?: { fromMs: number; toMs: number; targets: StorageTarget[] };
	gaps: GapDecision[];
}

/**
 * Decides what to do about a loss: read the missed uplinks from the Storage Integration where it
 * holds them, and report as a gap what it cannot give back (other events, uplinks older than the
 * catch-up limit, applications without the integration).
 */
export function planRecovery(loss: Loss, context: RecoveryContext): RecoveryPlan {
	const base = describeLoss(loss);
	const span = { fromMs: loss.fromMs, toMs: loss.toMs, entities: loss.entities };
	if (!context.uplinks) return { gaps: [{ reason: loss.reason, ...span, message: base }] };
	const recoverable = context.targets.filter(({ storage }) => storage.state === 'available');
	if (context.maxCatchUpMs <= 0 || recoverable.length === 0) {
		const why =
			context.maxCatchUpMs <= 0
				? 'Catching up from the Storage Integration is turned off.'
				: storageShortfall(context.targets);
		return { gaps: [{ reason: loss.reason, ...span, message: joinSentences(base, why) }] };
	}

	const gaps: GapDecision[] = [];
	const limitMs = context.nowMs - context.maxCatchUpMs;
	const fromMs = Math.max(loss.fromMs, limitMs);
	const plan: RecoveryPlan = { gaps };
	if (fromMs < loss.toMs) {
		plan.catchUp = { fromMs, toMs: loss.toMs, targets: recoverable.map(({ target }) => target) };
	}
	if (loss.fromMs < limitMs) {
		gaps.push({
			reason: 'outage_longer_than_catch_up',
			fromMs: loss.fromMs,
			toMs: Math.min(limitMs, loss.toMs),
			entities: loss.entities,
			message: `${base} Uplinks older than the catch-up limit (${formatDuration(context.maxCatchUpMs)}) were not read from the Storage Integration.`,
		});
	}
	const unrecoverable = context.targets.filter(({ storage }) => storage.state !== 'available');
	if (unrecoverable.length > 0) {
		gaps.push({
			reason: loss.reason,
			...span,
			message: joinSentences(base, storageShortfall(unrecoverable)),
		});
	} else if (context.otherEvents) {
		gaps.push({
			reason: loss.reason,
			...span,
			message: `${base} Uplinks are recovered from the Storage Integration; other events of that time may be missing.`,
		});
	}
	return plan;
}

/** Says why missed uplinks of these targets cannot be read back. */
export function storageShortfall(targets: StorageTargetStatus[]): string {
	const reasons = targets
		.filter(({ storage }) => storage.state !== 'available')
		.map(
			({ target, storage }) =>
				`${describeTarget(target)}: ${(storage as { reason: string }).reason}`,
		);
	if (reasons.length === 0) return '';
	return `Missed uplinks cannot be recovered (${reasons.join('; ')}).`;
}

export function describeTarget(target: StorageTarget): string {
	return target.deviceId === undefined
		? `application "${target.applicationId}"`
		: `device "${target.deviceId}" of application "${target.applicationId}"`;
}

function describeLoss(loss: Loss): string {
	switch (loss.reason) {
		case 'history_truncated':
			return `The server's event history of ${(loss.entities ?? []).join(', ') || 'the watched entities'} no longer reached back to the last delivered event: events sent in between may be missing.`;
		case 'history_without_data':
			return 'The server replayed events older than it keeps their data (The Things Stack default: 10 minutes): they came without their payload.';
		case 'no_event_store':
			return 'The server keeps no event history ("Events storage is not enabled"), so events sent while the stream was down cannot be replayed.';
		case 'deliveries_missed':
			return 'n8n was not taking deliveries of the webhook (it was down, restarting or the workflow was inactive), and The Things Stack sends each message once: messages sent in between may be missing.';
	}
}

function joinSentences(first: string, second: string): string {
	return second === '' ? first : `${first} ${second}`;
}

export function formatDuration(ms: number): string {
	if (ms < 120_000) return `${Math.max(0, Math.round(ms / 1000))} s`;
	const minutes = Math.round(ms / 60_000);
	if (minutes < 120) return `${minutes} min`;
	const hours = Math.round(minutes / 60);
	return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} days`;
}
