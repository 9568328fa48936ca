import type { IDataObject } from 'n8n-workflow';

/** What makes an event unique: its `unique_id` (a ULID), or name, time and correlation IDs. */
export function eventKey(event: IDataObject): string {
	if (typeof event.unique_id === 'string' && event.unique_id !== '') return event.unique_id;
	const correlationIds = Array.isArray(event.correlation_ids)
		? event.correlation_ids.join(',')
		: '';
	return `${String(event.name)}|${String(event.time)}|${correlationIds}`;
}

/**
 * Stable keys of the entities an EntityIdentifiers value names: `application:app1`,
 * `device:app1/dev1` (and its application), `gateway:gw1`, …
 */
export function entityKeysOf(identifiers: unknown): string[] {
	if (!identifiers || typeof identifiers !== 'object') return [];
	const ids = identifiers as IDataObject;
	const device = ids.device_ids as IDataObject | undefined;
	if (device) {
		const applicationId = (device.application_ids as IDataObject | undefined)?.application_id;
		return [
			`device:${String(applicationId)}/${String(device.device_id)}`,
			`application:${String(applicationId)}`,
		];
	}
	const application = ids.application_ids as IDataObject | undefined;
	if (application) return [`application:${String(application.application_id)}`];
	const gateway = ids.gateway_ids as IDataObject | undefined;
	if (gateway) return [`gateway:${String(gateway.gateway_id)}`];
	for (const [kind, value] of Object.entries(ids)) {
		if (!value || typeof value !== 'object') continue;
		const entity = kind.replace(/_ids$/, '');
		return [`${entity}:${String((value as IDataObject)[`${entity}_id`])}`];
	}
	return [];
}

/** The entity keys of an event that are among the subscribed ones. */
export function subscribedKeysOf(event: IDataObject, subscribed: ReadonlySet<string>): string[] {
	const identifiers = Array.isArray(event.identifiers) ? event.identifiers : [];
	const keys: string[] = [];
	for (const identifier of identifiers) {
		for (const key of entityKeysOf(identifier)) {
			if (subscribed.has(key) && !keys.includes(key)) keys.push(key);
		}
	}
	return keys;
}
