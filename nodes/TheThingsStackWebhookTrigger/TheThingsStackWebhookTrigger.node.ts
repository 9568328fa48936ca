import type {
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { applicationRLC } from '../TheThingsStack/descriptions';
import { searchApplications } from '../TheThingsStack/methods/listSearch';
import { outputFields } from '../TheThingsStackTrigger/description/outputFields';
import { testTheThingsStackCredential } from '../shared/transport';
import { receiveDelivery } from './delivery/receiveDelivery';
import { messageTypeFields } from './description/messageTypeFields';
import { optionFields } from './description/optionFields';
import {
	deregisterWebhook,
	registerWebhook,
	webhookIsCurrent,
} from './registration/webhookRegistration';

export class TheThingsStackWebhookTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'The Things Stack Webhook Trigger',
		name: 'theThingsStackWebhookTrigger',
		icon: {
			light: 'file:../../icons/thethingsstack.svg',
			dark: 'file:../../icons/thethingsstack.dark.svg',
		},
		group: ['trigger'],
		version: 1,
		subtitle: '={{ ($parameter["messageTypes"] || []).join(", ") }}',
		description:
			"Starts the workflow on messages The Things Stack's Application Server pushes to n8n (needs a public n8n URL): uplinks, joins, downlink outcomes",
		defaults: { name: 'The Things Stack Webhook Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'theThingsStackApi', required: true, testedBy: 'theThingsStackApiTest' }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'tts',
			},
		],
		properties: [applicationRLC, ...messageTypeFields, ...outputFields, ...optionFields],
	};

	methods = {
		listSearch: { searchApplications },
		credentialTest: { theThingsStackApiTest: testTheThingsStackCredential },
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await webhookIsCurrent.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await registerWebhook.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await deregisterWebhook.call(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveDelivery.call(this);
	}
}
