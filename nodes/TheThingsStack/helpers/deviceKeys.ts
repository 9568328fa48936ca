import type { IDataObject } from 'n8n-workflow';

import { getPath } from './deviceFields';

/** A key the node generated for a new device, and where it sits in the EndDevice. */
export interface GeneratedKey {
	/** The name the output uses: appKey, nwkKey, appSKey, nwkSKey, sNwkSIntKey, nwkSEncKey. */
	name: string;
	path: string;
}

// Plaintext keys are the `key` of a KeyEnvelope (api/ttn/lorawan/v3/keys.proto): root keys on the
// Join Server, session keys on the Network and Application Server, for the current and the pending
// session. The Set answers echo them back.
const KEY_HOLDERS = ['root_keys', 'session.keys', 'pending_session.keys'];

function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A copy of the device without plaintext keys; key IDs and key-encryption labels stay. */
export function withoutKeys(device: IDataObject): IDataObject {
	const copy = structuredClone(device);
	for (const holderPath of KEY_HOLDERS) {
		const holder = getPath(copy, holderPath);
		if (!isObject(holder)) continue;
		for (const [name, envelope] of Object.entries(holder)) {
			if (!isObject(envelope) || !('key' in envelope)) continue;
			delete envelope.key;
			if (Object.keys(envelope).length === 0) delete holder[name];
		}
		if (Object.keys(holder).length === 0) removePath(copy, holderPath);
	}
	return copy;
}

function removePath(object: IDataObject, path: string): void {
	const keys = path.split('.');
	const last = keys.pop() as string;
	const parent = keys.length > 0 ? getPath(object, keys.join('.')) : object;
	if (!isObject(parent)) return;
	delete parent[last];
	if (keys.length > 0 && Object.keys(parent).length === 0) removePath(object, keys.join('.'));
}

/** The generated keys by name, as read from the device they were generated for. */
export function generatedKeyValues(device: IDataObject, keys: GeneratedKey[]): IDataObject {
	return Object.fromEntries(keys.map(({ name, path }) => [name, getPath(device, path) as string]));
}
