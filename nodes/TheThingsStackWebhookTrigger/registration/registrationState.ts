import { randomBytes } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

/** What the node keeps about its webhook in its static data (test runs under keys of their own). */
export interface Registration {
	/** The secret the webhook sends in its header. */
	secret?: string;
	/** The application the webhook is registered on (to delete it after the parameter changed). */
	applicationId?: string;
	webhookId?: string;
	/** The URL the webhook posts to (tells a test registration from the production one). */
	url?: string;
}

// n8n tracks changes of the node's static data by its top-level keys (n8n-workflow
// ObservableObject), so each value is a top-level string.
const KEYS = {
	production: {
		secret: 'webhookSecret',
		applicationId: 'webhookApplicationId',
		webhookId: 'webhookId',
		url: 'webhookUrl',
	},
	test: {
		secret: 'testWebhookSecret',
		applicationId: 'testWebhookApplicationId',
		webhookId: 'testWebhookId',
		url: 'testWebhookUrl',
	},
} as const;

export function readRegistration(staticData: IDataObject, test: boolean): Registration {
	const keys = KEYS[test ? 'test' : 'production'];
	const text = (key: string) =>
		typeof staticData[key] === 'string' ? (staticData[key] as string) : undefined;
	return {
		secret: text(keys.secret),
		applicationId: text(keys.applicationId),
		webhookId: text(keys.webhookId),
		url: text(keys.url),
	};
}

export function writeRegistration(
	staticData: IDataObject,
	test: boolean,
	registration: Required<Registration>,
): void {
	const keys = KEYS[test ? 'test' : 'production'];
	staticData[keys.secret] = registration.secret;
	staticData[keys.applicationId] = registration.applicationId;
	staticData[keys.webhookId] = registration.webhookId;
	staticData[keys.url] = registration.url;
}

/** Forgets the webhook (after it was deleted); the secret goes with it. */
export function clearRegistration(staticData: IDataObject, test: boolean): void {
	const keys = KEYS[test ? 'test' : 'production'];
	delete staticData[keys.secret];
	delete staticData[keys.applicationId];
	delete staticData[keys.webhookId];
	delete staticData[keys.url];
}

// Changed by every registration of the production webhook: the first delivery a process sees
// under a new value knows that the trigger was (re)activated since, and looks for a gap.
const ACTIVATION_KEY = 'activation';

export function startActivation(staticData: IDataObject): void {
	staticData[ACTIVATION_KEY] = `${Date.now()}-${randomBytes(4).toString('hex')}`;
}

export function activationOf(staticData: IDataObject): string {
	return typeof staticData[ACTIVATION_KEY] === 'string' ? staticData[ACTIVATION_KEY] : '';
}
