import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { simplifyEvent } from '../../TheThingsStackTrigger/output/simplifyEvent';
import { readRegistration } from '../registration/registrationState';
import { DELIVERY_CHECK_HEADER } from '../registration/webhookIdentity';
import { readWebhookParameters } from '../webhookParameters';
import { eventOfApplicationUp, messageTypeOf } from './applicationUpEvent';
import { secretMatches } from './secret';

/**
 * `webhook()`: one POST of the Application Server, carrying one ApplicationUp. A request without
 * the webhook's secret is answered 401 and starts nothing; a message the user did not choose (the
 * webhook was changed in the Console) is answered 200 and starts nothing; any other starts an
 * execution with the message shaped as The Things Stack Trigger shapes events. n8n answers the
 * Application Server before the execution runs (`responseMode: onReceived`), well within its
 * 5 s timeout.
 */
export async function receiveDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const test = this.getMode() === 'manual';
	const { secret } = readRegistration(this.getWorkflowStaticData('node'), test);
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
	if (
		!type ||
		!parameters.messageTypes.includes(type) ||
		applicationOf(up) !== parameters.applicationId
	) {
		return {};
	}
	const event = eventOfApplicationUp(up, type);
	const json = parameters.output === 'raw' ? event : simplifyEvent(event);
	return { workflowData: [this.helpers.returnJsonArray([json])] };
}

function applicationOf(up: IDataObject): unknown {
	const ids = up.end_device_ids as IDataObject | undefined;
	return (ids?.application_ids as IDataObject | undefined)?.application_id;
}
