import type { ResumePoint, SourceResumePoint } from './resumePoint';
import { RESUME_POINT_LIMITS } from './resumePoint';
import type { ResumeSettings } from './resumeState';
import { ResumeState } from './resumeState';

interface SourceLedger {
	resume: ResumeState;
	/** Entity → time (ms) of its newest delivered event, least recently updated first. */
	anchors: Map<string, number>;
}

/**
 * What a trigger delivered, per source of events (an event stream per host, a webhook, the
 * Storage Integration feeding a stream's ledger): the resume point it saves before each emit
 * (ResumePointStore) and starts from after a restart.
 */
export class DeliveryLedger {
	private readonly sources = new Map<string, SourceLedger>();

	constructor(
		private readonly settings: ResumeSettings,
		restored?: ResumePoint,
	) {
		for (const [name, point] of Object.entries(restored?.sources ?? {})) {
			this.sources.set(name, {
				resume: new ResumeState(settings, point),
				anchors: new Map(Object.entries(point.anchors)),
			});
		}
	}

	/**
	 * Records a delivered item under its keys (all of them count as delivered: an uplink is known
	 * by its event's unique ID and by its ApplicationUp key) and the watched entities it belongs to.
	 */
	record(
		source: string,
		keys: readonly string[],
		timeMs: number,
		entities: readonly string[],
	): void {
		const ledger = this.ledger(source);
		for (const key of keys) ledger.resume.remember(key, timeMs);
		for (const entity of entities) {
			const anchor = ledger.anchors.get(entity);
			if (anchor !== undefined && anchor >= timeMs) continue;
			ledger.anchors.delete(entity);
			ledger.anchors.set(entity, timeMs);
			if (ledger.anchors.size > RESUME_POINT_LIMITS.maxAnchors) {
				ledger.anchors.delete(ledger.anchors.keys().next().value as string);
			}
		}
	}

	/** Time (ms) of the newest item delivered from a source. */
	newestMs(source: string): number | undefined {
		return this.sources.get(source)?.resume.newestEventMs;
	}

	/** Whether an item with this key was delivered from a source (and is still remembered). */
	isKnown(source: string, key: string): boolean {
		return this.sources.get(source)?.resume.isKnown(key) === true;
	}

	/** Where the source resumes: the newest delivered time less the overlap (ResumeState). */
	resumeAfterMs(source: string): number | undefined {
		return this.sources.get(source)?.resume.resumeAfterMs();
	}

	/** Everything a restarted trigger needs to carry on, within the bounds parseResumePoint accepts. */
	snapshot(): Record<string, SourceResumePoint> {
		const snapshot: Record<string, SourceResumePoint> = {};
		for (const [name, { resume, anchors }] of this.sources) {
			const state = resume.snapshot();
			snapshot[name] = {
				...state,
				keys: state.keys.slice(-RESUME_POINT_LIMITS.maxKeys),
				anchors: Object.fromEntries(anchors),
			};
		}
		return snapshot;
	}

	private ledger(source: string): SourceLedger {
		let ledger = this.sources.get(source);
		if (!ledger) {
			ledger = { resume: new ResumeState(this.settings), anchors: new Map() };
			this.sources.set(source, ledger);
		}
		return ledger;
	}
}
