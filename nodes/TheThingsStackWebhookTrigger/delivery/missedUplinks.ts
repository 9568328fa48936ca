import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { applicationUpKey } from '../../shared/delivery/applicationUp';
import { planRecovery } from '../../shared/delivery/recoveryPlan';
import { catchUpFromStorage } from '../../shared/delivery/storageCatchUp';
import { findStorageIntegration } from '../../shared/delivery/storageIntegration';
import type { StreamGap } from '../../TheThingsStackTrigger/delivery/gapReports';
import { streamGapOf } from '../../TheThingsStackTrigger/delivery/gapReports';
import { formatTime } from '../../TheThingsStackTrigger/stream/eventTime';
import type { MessageType } from '../description/messageTypeFields';

/** Deliveries n8n may have missed: after the newest one it took, up to the one that came now. */
export interface MissedDeliveries {
	/** When the newest delivery n8n took was received by The Things Stack (ms). */
	lastDeliveredMs: number;
	/** Where reading stored uplinks begins: a little before that, as deliveries overtake each other (ms). */
	readFromMs: number;
	/** When the delivery that came now was received (ms). */
	toMs: number;
	/** Its ApplicationUp key: it is delivered live, not read back. */
	liveKey: string | undefined;
}

export interface RecoverySettings {
	applicationId: string;
	messageTypes: readonly MessageType[];
	catchUpMs: number;
	storageDelayMs: number;
	/** Whether an uplink was delivered already (by its ApplicationUp key). */
	isKnown(key: string): boolean;
}

export interface Recovery {
	/** Missed uplinks read back from the Storage Integration, oldest first. */
	uplinks: IDataObject[];
	/** What could not be read back. */
	gaps: StreamGap[];
}

const CATCH_UP = { pageSize: 500, attempts: 5, backoff: { baseMs: 500, capMs: 10_000 } };

/**
 * Reads the uplinks n8n missed back from the application's Storage Integration (when it has one
 * and catching up is on), in order and without those delivered already, waiting for storage to
 * hold everything up to the delivery that came now; and says as gaps what cannot be read back
 * (other messages, an application without the integration, an outage beyond the catch-up limit).
 */
export async function recoverMissedUplinks(
	this: IWebhookFunctions,
	missed: MissedDeliveries,
	settings: RecoverySettings,
): Promise<Recovery> {
	const server = gapSource(settings.applicationId);
	const target = { applicationId: settings.applicationId };
	const storage = await findStorageIntegration.call(this, target);
	const plan = planRecovery(
		{ reason: 'deliveries_missed', fromMs: missed.lastDeliveredMs, toMs: missed.toMs },
		{
			nowMs: Date.now(),
			maxCatchUpMs: settings.catchUpMs,
			uplinks: settings.messageTypes.includes('uplink_message'),
			otherEvents: settings.messageTypes.some((type) => type !== 'uplink_message'),
			targets: [{ target, storage }],
		},
	);
	const gaps = plan.gaps.map((gap) => streamGapOf(gap, server));
	const uplinks: IDataObject[] = [];
	if (!plan.catchUp) return { uplinks, gaps };
	// Unless the catch-up limit cut it short, reading starts before the newest delivery taken:
	// the Application Server's workers send concurrently, so an older message may have failed.
	const fromMs =
		plan.catchUp.fromMs === missed.lastDeliveredMs ? missed.readFromMs : plan.catchUp.fromMs;
	const seen = new Set<string>(missed.liveKey ? [missed.liveKey] : []);
	const outcome = await catchUpFromStorage.call(
		this,
		{
			targets: plan.catchUp.targets,
			fromMs,
			// Messages of the same millisecond as the one that came now are read too (it is dropped).
			toMs: () => missed.toMs + 1,
			onUplink: (up) => {
				const key = applicationUpKey(up);
				if (!key || seen.has(key) || settings.isKnown(key)) return;
				seen.add(key);
				uplinks.push(up);
			},
			signal: new AbortController().signal,
			log: this.logger,
		},
		{ ...CATCH_UP, writeDelayMs: settings.storageDelayMs },
	);
	for (const failure of outcome.failures) {
		gaps.push({
			reason: 'catch_up_failed',
			server,
			from: formatTime(failure.fromMs),
			to: formatTime(failure.toMs),
			message: failure.message,
		});
	}
	this.logger.info(
		`The Things Stack Webhook Trigger: read back ${uplinks.length} missed uplinks of application "${settings.applicationId}" from the Storage Integration (${outcome.read} read, the rest had been delivered)`,
	);
	return { uplinks, gaps };
}

/** What the `server` of a gap names for the webhook trigger. */
export function gapSource(applicationId: string): string {
	return `Application Server webhook of application "${applicationId}"`;
}
