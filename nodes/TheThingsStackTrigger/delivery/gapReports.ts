import type { IDataObject, ITriggerFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { GapDecision, GapReason } from '../../shared/delivery/recoveryPlan';
import { formatTime } from '../stream/eventTime';

/** Events may be missing (or came without their data) between `from` and `to`: `streamGaps` entries. */
export interface StreamGap {
	reason: GapReason;
	/** `cluster (https://…)`: the event stream concerned. */
	server: string;
	from: string;
	to: string;
	/** Watched entities concerned, e.g. `application:app1`, when the gap is about some only. */
	entities?: string[];
	message: string;
}

/** The `streamGaps` entry of a gap a recovery plan found on `server`. */
export function streamGapOf(gap: GapDecision, server: string): StreamGap {
	return {
		reason: gap.reason,
		server,
		from: formatTime(gap.fromMs),
		to: formatTime(gap.toMs),
		...(gap.entities ? { entities: gap.entities } : {}),
		message: gap.message,
	};
}

const MAX_PENDING_GAPS = 20;
// A notice about what could not be recovered, given once per activation: no loss by itself.
const NOTICE: GapReason = 'no_storage_integration';
// A failed execution once per activation is enough: it says the same on every reconnect.
const FAILED_EXECUTION_ONCE = new Set<GapReason>(['no_event_store']);

/**
 * Tells of gaps three ways: a warning in the log, the `streamGaps` field of the next emitted
 * item, and on n8n 2.x a failed execution (which runs the error workflow) while the trigger
 * stays active.
 */
export class GapReports {
	private pending: StreamGap[] = [];
	private readonly reported = new Set<string>();

	constructor(
		private readonly context: ITriggerFunctions,
		private readonly manual: boolean,
	) {}

	note(gap: StreamGap): void {
		const firstOfKind = !this.reported.has(gap.reason);
		this.reported.add(gap.reason);
		if (gap.reason === NOTICE && !firstOfKind) return;
		this.context.logger.warn(
			gap.reason === NOTICE
				? `The Things Stack Trigger: ${gap.message}`
				: `The Things Stack Trigger: events may be missing between ${gap.from} and ${gap.to} (${gap.server}, ${gap.reason}): ${gap.message}`,
		);
		if (this.pending.length < MAX_PENDING_GAPS) this.pending.push(gap);
		if (this.manual || gap.reason === NOTICE) return;
		if (FAILED_EXECUTION_ONCE.has(gap.reason) && !firstOfKind) return;
		this.saveFailedExecution(
			new NodeOperationError(
				this.context.getNode(),
				`Events may be missing between ${gap.from} and ${gap.to}`,
				{ description: `${gap.message} (${gap.server})` },
			),
		);
	}

	/** The gaps not yet attached to an item; attaches them to `json` as `streamGaps`. */
	attachTo(json: IDataObject): void {
		if (this.pending.length === 0) return;
		json.streamGaps = this.pending as unknown as IDataObject[];
		this.pending = [];
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
}
