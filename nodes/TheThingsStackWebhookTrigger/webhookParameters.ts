import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { findIdProblem } from '../shared/transport';
import type { MessageType } from './description/messageTypeFields';
import { MESSAGE_TYPES } from './description/messageTypeFields';
import {
	CATCH_UP_HOURS_DEFAULT,
	STORAGE_DELAY_SECONDS_DEFAULT,
} from '../shared/delivery/catchUpOptions';

export interface WebhookTriggerParameters {
	applicationId: string;
	messageTypes: MessageType[];
	output: 'raw' | 'simplified';
	/** How far back missed uplinks are read from the Storage Integration, in ms (0 = never). */
	catchUpMs: number;
	/** How long the Storage Integration may take to store an uplink, in ms. */
	storageDelayMs: number;
}

/** Reads and checks the node's parameters; throws a NodeOperationError naming the field. */
export function readWebhookParameters(
	this: IHookFunctions | IWebhookFunctions,
): WebhookTriggerParameters {
	const raw = this.getNodeParameter('applicationId', '', { extractValue: true }) as unknown;
	const value = raw && typeof raw === 'object' ? (raw as { value?: unknown }).value : raw;
	const applicationId = typeof value === 'string' ? value.trim() : value;
	const problem = findIdProblem('application_id', applicationId);
	if (problem) {
		throw new NodeOperationError(this.getNode(), problem, {
			description: 'Pick the application under "Application", or enter its ID.',
		});
	}
	const chosen = this.getNodeParameter('messageTypes', []) as string[];
	const messageTypes = MESSAGE_TYPES.filter((type) => chosen.includes(type));
	if (messageTypes.length === 0) {
		throw new NodeOperationError(this.getNode(), 'No messages chosen', {
			description: 'Pick at least one message under "Messages".',
		});
	}
	const options = this.getNodeParameter('options', {}) as IDataObject;
	return {
		applicationId: applicationId as string,
		messageTypes,
		output: this.getNodeParameter('output', 'simplified') === 'raw' ? 'raw' : 'simplified',
		catchUpMs: Math.max(0, Number(options.catchUpHours ?? CATCH_UP_HOURS_DEFAULT)) * 3_600_000,
		storageDelayMs:
			Math.max(0, Number(options.storageDelaySeconds ?? STORAGE_DELAY_SECONDS_DEFAULT)) * 1000,
	};
}
