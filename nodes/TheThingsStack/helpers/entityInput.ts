import type { IDataObject } from 'n8n-workflow';

import { EUI_BYTES, findHexProblem, normalizeHex } from './lorawan';

/** A field of an application or gateway that cannot be sent, and why. */
export class InvalidEntityInput extends Error {}

// api/ttn/lorawan/v3/application.proto, gateway.proto: name ≤ 50, description ≤ 2000, attributes
// ≤ 10 pairs with ID-like keys (≤ 36) and values ≤ 200 characters.
const MAX_NAME_LENGTH = 50;
const MAX_DESCRIPTION_LENGTH = 2000;
const MAX_ATTRIBUTES = 10;
const MAX_ATTRIBUTE_KEY_LENGTH = 36;
const MAX_ATTRIBUTE_VALUE_LENGTH = 200;
const ATTRIBUTE_KEY = /^[a-z0-9](?:-?[a-z0-9]){2,}$/;

// api/ttn/lorawan/v3/gateway.proto gateway_server_address (and the application's addresses).
const SERVER_ADDRESS =
	/^(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])\.)*(?:[A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9])(?::[0-9]{1,5})?$/;

/** Reads name, description and attributes from a collection of fields, for the API. */
export function entityBasics(fields: IDataObject): IDataObject {
	const entity: IDataObject = {};
	if (fields.name !== undefined) {
		const name = String(fields.name);
		if (name.length > MAX_NAME_LENGTH) {
			throw new InvalidEntityInput(
				`Name is ${name.length} characters long; at most ${MAX_NAME_LENGTH} are allowed`,
			);
		}
		entity.name = name;
	}
	if (fields.description !== undefined) {
		const description = String(fields.description);
		if (description.length > MAX_DESCRIPTION_LENGTH) {
			throw new InvalidEntityInput(
				`Description is ${description.length} characters long; at most ${MAX_DESCRIPTION_LENGTH} are allowed`,
			);
		}
		entity.description = description;
	}
	if (fields.attributes !== undefined) entity.attributes = readAttributes(fields.attributes);
	return entity;
}

/** Reads the Attributes fixed collection (or a plain object from an expression). */
export function readAttributes(value: unknown): IDataObject {
	const entries: Array<[string, unknown]> = [];
	const list = (value as IDataObject | undefined)?.attribute;
	if (Array.isArray(list)) {
		for (const entry of list as IDataObject[])
			entries.push([String(entry.name ?? ''), entry.value]);
	} else if (value && typeof value === 'object' && !('attribute' in value)) {
		entries.push(...Object.entries(value as IDataObject));
	}
	if (entries.length > MAX_ATTRIBUTES) {
		throw new InvalidEntityInput(
			`There are ${entries.length} attributes; at most ${MAX_ATTRIBUTES} are allowed`,
		);
	}
	const attributes: IDataObject = {};
	for (const [key, raw] of entries) {
		const name = key.trim();
		if (!ATTRIBUTE_KEY.test(name) || name.length > MAX_ATTRIBUTE_KEY_LENGTH) {
			throw new InvalidEntityInput(
				`Attribute name "${name}" is not valid: use 3–36 lowercase letters, digits and single hyphens`,
			);
		}
		if (name in attributes) throw new InvalidEntityInput(`Attribute "${name}" is given twice`);
		const text = raw === undefined || raw === null ? '' : String(raw);
		if (text.length > MAX_ATTRIBUTE_VALUE_LENGTH) {
			throw new InvalidEntityInput(
				`Attribute "${name}" is ${text.length} characters long; at most ${MAX_ATTRIBUTE_VALUE_LENGTH} are allowed`,
			);
		}
		attributes[name] = text;
	}
	return attributes;
}

/** A server address as TTS stores it: a host with an optional port (`https://` and paths are dropped). */
export function readServerAddress(label: string, value: unknown): string {
	const address = String(value ?? '')
		.trim()
		.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
		.replace(/\/.*$/, '');
	if (!SERVER_ADDRESS.test(address)) {
		throw new InvalidEntityInput(
			`${label} "${String(value)}" is not a host name with an optional port, e.g. eu1.cloud.thethings.network`,
		);
	}
	return address;
}

/** An 8-byte EUI in the API's upper-case hex. */
export function readEui(label: string, value: unknown): string {
	const eui = normalizeHex(value);
	const problem = findHexProblem(label, eui, EUI_BYTES);
	if (problem) throw new InvalidEntityInput(problem);
	return eui;
}

export interface Position {
	latitude: number;
	longitude: number;
	altitude?: number;
}

/** Reads the Location fixed collection (or a plain `{latitude, longitude, altitude}` object). */
export function readPosition(value: unknown): Position | undefined {
	const source = value as IDataObject | undefined;
	const position = (source?.position ?? source) as IDataObject | undefined;
	if (!position || typeof position !== 'object' || Object.keys(position).length === 0) {
		return undefined;
	}
	const latitude = Number(position.latitude);
	const longitude = Number(position.longitude);
	if (!Number.isFinite(latitude) || latitude < -90 || latitude > 90) {
		throw new InvalidEntityInput(
			`Latitude "${String(position.latitude)}" is not valid: use -90 to 90`,
		);
	}
	if (!Number.isFinite(longitude) || longitude < -180 || longitude > 180) {
		throw new InvalidEntityInput(
			`Longitude "${String(position.longitude)}" is not valid: use -180 to 180`,
		);
	}
	const result: Position = { latitude, longitude };
	if (position.altitude !== undefined && position.altitude !== '') {
		const altitude = Number(position.altitude);
		if (!Number.isFinite(altitude)) {
			throw new InvalidEntityInput(`Altitude "${String(position.altitude)}" is not a number`);
		}
		// Location.altitude is an int32 number of meters.
		result.altitude = Math.round(altitude);
	}
	return result;
}
