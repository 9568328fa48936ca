import type {
	IDataObject,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { eventOfApplicationUp, messageTypeOf } from '../../shared/delivery/applicationUp';
import { resumeScope, ResumePointStore } from '../../shared/delivery/resumePoint';
import { getConnection } from '../../shared/transport';
import type { StreamGap } from '../../TheThingsStackTrigger/delivery/gapReports';
import { simplifyEvent } from '../../TheThingsStackTrigger/output/simplifyEvent';
import { formatTime } from '../../TheThingsStackTrigger/stream/eventTime';
import type { MessageType } from '../description/messageTypeFields';
import { activationOf, readRegistration } from '../registration/registrationState';
import { DELIVERY_CHECK_HEADER } from '../registration/webhookIdentity';
import type { WebhookTriggerParameters } from '../webhookParameters';
import { readWebhookParameters } from '../webhookParameters';
import type { MissedDeliveries } from './missedUplinks';
import { gapSource, recoverMissedUplinks } from './missedUplinks';
import { secretMatches } from './secret';
import { deliveriesOf, WebhookDeliveries } from './webhookDeliveries';

/**
 * `webhook()`: one POST of the Application Server, carrying one ApplicationUp. A request without
 * the webhook's secret is answered 401 and starts nothing; a message the user did not choose (the
 * webhook was changed in the Console) is answered 200 and starts nothing. Any other is answered
 * 200 at once (The Things Stack waits 5 s at most) and starts an execution with the message shaped
 * as The Things Stack Trigger shapes events, preceded, on the first delivery after n8n was down or
 * the workflow inactive, by the uplinks read back from the Storage Integration.
 */
export async function receiveDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const test = this.getMode() === 'manual';
	const staticData = this.getWorkflowStaticData('node');
	const { secret } = readRegistration(staticData, test);
	if (!secretMatches(this.getHeaderData()[DELIVERY_CHECK_HEADER.toLowerCase()], secret)) {
		this.logger.warn(
			`The Things Stack Webhook Trigger refused a request to node "${this.getNode().name}" that lacked the webhook's secret${secret ? '' : ' (no webhook is registered)'}`,
		);
		this.getResponseObject().status(401).send('Unauthorized').end();
		return { noWebhookResponse: true };
	}
	const parameters = readWebhookParameters.call(this);
	const up = this.getBodyData();
	const type = messageTypeOf(up);
	const chosen = type !== undefined && parameters.messageTypes.includes(type as MessageType);
	if (!chosen || applicationOf(up) !== parameters.applicationId) return {};
	if (test) return { workflowData: [this.helpers.returnJsonArray([shape(up, parameters)])] };

	const deliveries = await deliveriesFor.call(this, parameters, staticData);
	// Answered before a catch-up may read the Storage Integration; nothing after this may throw.
	this.getResponseObject().status(200).json({ message: 'Workflow was started' });
	const accepted = await deliveries.accept(up, async (missed) => {
		try {
			return await recoverMissedUplinks.call(this, missed, {
				...parameters,
				isKnown: (key) => deliveries.isKnown(key),
			});
		} catch (error) {
			return { uplinks: [], gaps: [failedRecovery(missed, parameters, error as Error)] };
		}
	});
	new ResumePointStore(staticData, deliveries.scope).save(deliveries.snapshot(), Date.now());
	if (!accepted || accepted.messages.length === 0) return { noWebhookResponse: true };
	const items: INodeExecutionData[] = accepted.messages.map((message) => ({
		json: shape(message, parameters),
	}));
	reportGaps.call(this, accepted.gaps, items[0].json);
	return { noWebhookResponse: true, workflowData: [items] };
}

/** This process's deliveries of the trigger's current activation, restored from the static data. */
async function deliveriesFor(
	this: IWebhookFunctions,
	parameters: WebhookTriggerParameters,
	staticData: IDataObject,
): Promise<WebhookDeliveries> {
	const trigger = `${this.getWorkflow().id ?? ''}/${this.getNode().id}`;
	return await deliveriesOf(trigger, activationOf(staticData), async () => {
		const entity = `application:${parameters.applicationId}`;
		const { hosts } = await getConnection.call(this);
		const scope = resumeScope(hosts.cluster, [entity]);
		const loaded = new ResumePointStore(staticData, scope).load();
		return new WebhookDeliveries(
			scope,
			entity,
			loaded.status === 'found' ? loaded.point : undefined,
		);
	});
}

function failedRecovery(
	missed: MissedDeliveries,
	parameters: WebhookTriggerParameters,
	error: Error,
): StreamGap {
	return {
		reason: 'catch_up_failed',
		server: gapSource(parameters.applicationId),
		from: formatTime(missed.lastDeliveredMs),
		to: formatTime(missed.toMs),
		message: `Missed messages could not be read back: ${error.message}`,
	};
}

function shape(up: IDataObject, parameters: WebhookTriggerParameters): IDataObject {
	const event = eventOfApplicationUp(up);
	return parameters.output === 'raw' ? event : simplifyEvent(event);
}

/** Gaps go to the log and, as `streamGaps`, onto the first item (as the stream trigger does). */
function reportGaps(this: IWebhookFunctions, gaps: StreamGap[], json: IDataObject): void {
	if (gaps.length === 0) return;
	for (const gap of gaps) {
		this.logger.warn(
			`The Things Stack Webhook Trigger: messages may be missing between ${gap.from} and ${gap.to} (${gap.reason}): ${gap.message}`,
		);
	}
	json.streamGaps = gaps as unknown as IDataObject[];
}

function applicationOf(up: IDataObject): unknown {
	const ids = up.end_device_ids as IDataObject | undefined;
	return (ids?.application_ids as IDataObject | undefined)?.application_id;
}
