import type { IDataObject } from 'n8n-workflow';

import { applicationUpKey } from '../../shared/delivery/applicationUp';
import { DeliveryLedger } from '../../shared/delivery/deliveryLedger';
import { RecentKeys } from '../../shared/delivery/recentKeys';
import type { ResumePoint } from '../../shared/delivery/resumePoint';
import type { ResumeSettings } from '../../shared/delivery/resumeState';
import type { StreamGap } from '../../TheThingsStackTrigger/delivery/gapReports';
import { parseEventTime } from '../../TheThingsStackTrigger/stream/eventTime';
import type { MissedDeliveries, Recovery } from './missedUplinks';

/** What one delivery starts: the messages to emit, oldest first, and the gaps to report. */
export interface Accepted {
	messages: IDataObject[];
	gaps: StreamGap[];
}

export type Recover = (missed: MissedDeliveries) => Promise<Recovery>;

/** The resume point's source name for what the webhook delivered. */
const SOURCE = 'webhook';

export const WEBHOOK_RESUME_SETTINGS: ResumeSettings = {
	// The Application Server's workers send concurrently, and each request may take its timeout
	// (5 s, pkg/applicationserver/io/web/sink/http.go): a message may arrive that much after a
	// newer one. The keys of this window are saved with every delivery (n8n writes the static
	// data to its database after each request), so they are few: beyond 64, reading back starts
	// after the oldest one kept.
	overlapMs: 10_000,
	maxRemembered: 64,
};

// The ledger keeps keys for its overlap only; a message may come twice much later (read back,
// then retried by the queue of The Things Stack Cloud Plus, which tries again for an hour).
const RECENT_KEYS = 10_000;

/**
 * What one n8n process knows of the deliveries of one activation of the trigger. n8n loads the
 * static data from its database for every request and saves it after, so concurrent requests
 * each see what was saved before them and overwrite each other; this is what they share in the
 * process (restored once from the resume point the static data holds): the delivered keys, and
 * the catch-up the first delivery after a gap runs, which the others wait for. What is saved
 * after each request is all of it, so that the last save holds every request's.
 */
export class WebhookDeliveries {
	private gapChecked = false;
	private catchingUp: Promise<unknown> = Promise.resolve();
	private readonly ledger: DeliveryLedger;
	private readonly recent = new RecentKeys(RECENT_KEYS);

	constructor(
		/** The resume point's scope (server and application) it was restored for. */
		readonly scope: string,
		private readonly entity: string,
		restored: ResumePoint | undefined,
	) {
		this.ledger = new DeliveryLedger(WEBHOOK_RESUME_SETTINGS, restored);
		for (const key of restored?.sources[SOURCE]?.keys ?? []) this.recent.add(key);
	}

	/**
	 * Takes one delivered message. The first after the process started or the trigger was
	 * activated looks for a gap since the newest message delivered before and reads what it can
	 * back (`recover`), the others wait until that is done. Undefined when there is nothing to
	 * emit (the message was delivered already).
	 */
	async accept(up: IDataObject, recover: Recover): Promise<Accepted | undefined> {
		const key = applicationUpKey(up);
		const timeMs = parseEventTime(up.received_at) ?? Date.now();
		let recovery: Recovery | undefined;
		if (!this.gapChecked) {
			this.gapChecked = true;
			const lastDeliveredMs = this.ledger.newestMs(SOURCE);
			const readFromMs = this.ledger.resumeAfterMs(SOURCE);
			if (lastDeliveredMs !== undefined && readFromMs !== undefined) {
				const recovering = recover({
					lastDeliveredMs,
					readFromMs,
					toMs: timeMs,
					liveKey: key,
				}).then((result) => {
					for (const recovered of result.uplinks) this.record(recovered);
					return result;
				});
				this.catchingUp = recovering.catch(() => undefined);
				recovery = await recovering;
			}
		} else {
			await this.catchingUp;
		}
		const recovered = recovery?.uplinks ?? [];
		const gaps = recovery?.gaps ?? [];
		if (key !== undefined && this.isKnown(key)) {
			return recovered.length > 0 || gaps.length > 0 ? { messages: recovered, gaps } : undefined;
		}
		this.record(up, timeMs);
		return { messages: [...recovered, up], gaps };
	}

	isKnown(key: string): boolean {
		return this.recent.has(key) || this.ledger.isKnown(SOURCE, key);
	}

	snapshot() {
		return this.ledger.snapshot();
	}

	private record(up: IDataObject, timeMs = parseEventTime(up.received_at)): void {
		const key = applicationUpKey(up);
		if (key === undefined || timeMs === undefined) return;
		this.recent.add(key);
		this.ledger.record(SOURCE, [key], timeMs, [this.entity]);
	}
}

// The triggers of one process: a few per workflow at most, the oldest forgotten first.
const MAX_TRIGGERS = 256;
const deliveriesByTrigger = new Map<
	string,
	{ activation: string; deliveries: Promise<WebhookDeliveries> }
>();

/**
 * The deliveries of a trigger (`workflowId/nodeId`) in this process for its current activation
 * (`activation` changes with every registration of the webhook); `create` makes them when there
 * are none yet, or only those of an earlier activation. Concurrent requests get the same ones.
 */
export async function deliveriesOf(
	trigger: string,
	activation: string,
	create: () => Promise<WebhookDeliveries>,
): Promise<WebhookDeliveries> {
	let entry = deliveriesByTrigger.get(trigger);
	deliveriesByTrigger.delete(trigger);
	if (!entry || entry.activation !== activation) {
		entry = { activation, deliveries: create() };
		entry.deliveries.catch(() => deliveriesByTrigger.delete(trigger));
	}
	deliveriesByTrigger.set(trigger, entry);
	if (deliveriesByTrigger.size > MAX_TRIGGERS) {
		deliveriesByTrigger.delete(deliveriesByTrigger.keys().next().value as string);
	}
	return await entry.deliveries;
}
