import type { IDataObject } from 'n8n-workflow';
import { jsonParse } from 'n8n-workflow';

import { findIdProblem } from '../../shared/transport';
import type { PayloadFormat } from './payload';
import {
	findFPortProblem,
	InvalidMessage,
	NOT_JSON,
	parseDecodedPayload,
	parsePayload,
} from './payload';

// api/ttn/lorawan/v3/lorawan.proto TxSchedulePriority, lowest first.
export const DOWNLINK_PRIORITIES = [
	'LOWEST',
	'LOW',
	'BELOW_NORMAL',
	'NORMAL',
	'ABOVE_NORMAL',
	'HIGH',
	'HIGHEST',
] as const;

const MAX_RETRY_ATTEMPTS = 100;
const MAX_CORRELATION_ID_LENGTH = 100;

/** One downlink as the Downlink fields describe it. */
export interface DownlinkFields {
	fPort: unknown;
	payloadFormat: PayloadFormat | 'json';
	payload?: unknown;
	decodedPayload?: unknown;
	confirmed?: boolean;
	retryAttempts?: unknown;
	priority?: unknown;
	classBcGateways?: unknown;
	absoluteTime?: unknown;
	correlationIds?: unknown;
}

/**
 * The FPort of a downlink. A decoded payload may come without one: the Application Server checks
 * the FPort after encoding, and a JavaScript encoder may return it
 * (pkg/applicationserver/applicationserver.go attemptDownlinkQueueOp, javascript.go encodeDownlink).
 */
function readFPort(value: unknown, decodedPayload: boolean): IDataObject {
	if (decodedPayload && (value === undefined || value === null || value === '')) return {};
	const fPortProblem = findFPortProblem(value);
	if (fPortProblem) throw new InvalidMessage(fPortProblem);
	return { f_port: Number(value) };
}

/** Builds an ApplicationDownlink (messages.proto) from the fields; throws InvalidMessage. */
export function downlinkFromFields(fields: DownlinkFields): IDataObject {
	const downlink: IDataObject = readFPort(fields.fPort, fields.payloadFormat === 'json');
	if (fields.payloadFormat === 'json') {
		downlink.decoded_payload = parseDecodedPayload(fields.decodedPayload);
	} else {
		if (String(fields.payload ?? '').trim() === '') {
			throw new InvalidMessage('Payload is empty: give the bytes to send');
		}
		downlink.frm_payload = parsePayload(fields.payloadFormat, fields.payload).toString('base64');
	}
	downlink.priority = readPriority(fields.priority ?? 'NORMAL');
	if (fields.confirmed === true) {
		downlink.confirmed = true;
		if (fields.retryAttempts !== undefined && fields.retryAttempts !== '') {
			downlink.confirmed_retry = { max_attempts: readRetryAttempts(fields.retryAttempts) };
		}
	}
	const gateways = readClassBcGateways(fields.classBcGateways);
	const absoluteTime = readTime(fields.absoluteTime, 'Class B/C Absolute Time');
	if (gateways.length > 0 || absoluteTime) {
		downlink.class_b_c = {
			...(gateways.length > 0 ? { gateways } : {}),
			...(absoluteTime ? { absolute_time: absoluteTime } : {}),
		};
	}
	const correlationIds = readCorrelationIds(
		typeof fields.correlationIds === 'string'
			? fields.correlationIds.split(',')
			: fields.correlationIds,
	);
	if (correlationIds.length > 0) downlink.correlation_ids = correlationIds;
	return downlink;
}

// The JSON form accepts the API's names in snake_case or camelCase, as TTS itself does.
const JSON_FIELDS: Record<string, string> = {
	f_port: 'f_port',
	fPort: 'f_port',
	frm_payload: 'frm_payload',
	frmPayload: 'frm_payload',
	decoded_payload: 'decoded_payload',
	decodedPayload: 'decoded_payload',
	confirmed: 'confirmed',
	confirmed_retry: 'confirmed_retry',
	confirmedRetry: 'confirmed_retry',
	priority: 'priority',
	class_b_c: 'class_b_c',
	classBC: 'class_b_c',
	correlation_ids: 'correlation_ids',
	correlationIds: 'correlation_ids',
	// Only for devices that skip payload crypto (pkg/applicationserver/io/io.go CleanDownlinks).
	session_key_id: 'session_key_id',
	sessionKeyId: 'session_key_id',
	f_cnt: 'f_cnt',
	fCnt: 'f_cnt',
};

/** Reads a JSON array (or one object) of ApplicationDownlinks; throws InvalidMessage naming the entry. */
export function downlinksFromJson(value: unknown): IDataObject[] {
	let parsed: unknown = value;
	if (typeof value === 'string') {
		parsed = jsonParse<unknown>(value, { fallbackValue: NOT_JSON });
		if (parsed === NOT_JSON) throw new InvalidMessage('Downlinks (JSON) is not valid JSON');
	}
	const list = Array.isArray(parsed) ? parsed : [parsed];
	if (list.length === 0) {
		throw new InvalidMessage(
			'Downlinks (JSON) is an empty list: give at least one downlink (to empty the queue, use Downlink → Clear Queue)',
		);
	}
	return list.map((entry, index) => {
		const read = attempt(() => downlinkFromJson(entry));
		if ('problem' in read) {
			const prefix = list.length > 1 ? `Downlink ${index + 1}: ` : '';
			throw new InvalidMessage(`${prefix}${read.problem}`);
		}
		return read.value;
	});
}

function attempt<T>(read: () => T): { value: T } | { problem: string } {
	try {
		return { value: read() };
	} catch (error) {
		return { problem: (error as Error).message };
	}
}

function downlinkFromJson(entry: unknown): IDataObject {
	if (!entry || typeof entry !== 'object' || Array.isArray(entry)) {
		throw new InvalidMessage(
			'a downlink must be a JSON object like {"f_port": 1, "frm_payload": "AQI="}',
		);
	}
	const input: IDataObject = {};
	for (const [key, value] of Object.entries(entry as IDataObject)) {
		const field = JSON_FIELDS[key];
		if (!field) {
			throw new InvalidMessage(
				`"${key}" is not a downlink field; use f_port, frm_payload, decoded_payload, confirmed, confirmed_retry, priority, class_b_c, correlation_ids`,
			);
		}
		input[field] = value;
	}
	const downlink: IDataObject = readFPort(
		input.f_port,
		input.frm_payload === undefined && input.decoded_payload !== undefined,
	);
	if (input.frm_payload === undefined && input.decoded_payload === undefined) {
		throw new InvalidMessage('give frm_payload (base64 bytes) or decoded_payload (a JSON object)');
	}
	if (input.frm_payload !== undefined) {
		downlink.frm_payload = parsePayload('base64', input.frm_payload).toString('base64');
	}
	if (input.decoded_payload !== undefined) {
		downlink.decoded_payload = parseDecodedPayload(input.decoded_payload);
	}
	if (input.confirmed !== undefined) {
		if (typeof input.confirmed !== 'boolean')
			throw new InvalidMessage('confirmed must be true or false');
		downlink.confirmed = input.confirmed;
	}
	if (input.confirmed_retry !== undefined) {
		const retry = input.confirmed_retry as IDataObject | null;
		if (!retry || typeof retry !== 'object') {
			throw new InvalidMessage('confirmed_retry must be an object like {"max_attempts": 8}');
		}
		downlink.confirmed_retry = {
			max_attempts: readRetryAttempts(retry.max_attempts ?? retry.maxAttempts),
		};
	}
	// As in the fields form and the Console: without a priority TTS would use LOWEST.
	downlink.priority = readPriority(input.priority ?? 'NORMAL');
	if (input.class_b_c !== undefined) downlink.class_b_c = readClassBc(input.class_b_c);
	if (input.correlation_ids !== undefined) {
		if (!Array.isArray(input.correlation_ids)) {
			throw new InvalidMessage('correlation_ids must be an array of strings');
		}
		downlink.correlation_ids = readCorrelationIds(input.correlation_ids);
	}
	if (input.session_key_id !== undefined) downlink.session_key_id = String(input.session_key_id);
	if (input.f_cnt !== undefined) {
		const fCnt = Number(input.f_cnt);
		if (!Number.isInteger(fCnt) || fCnt < 0)
			throw new InvalidMessage('f_cnt must be a whole number');
		downlink.f_cnt = fCnt;
	}
	return downlink;
}

function readPriority(value: unknown): string {
	const priority = String(value)
		.trim()
		.toUpperCase()
		.replace(/[\s-]+/g, '_');
	if (!(DOWNLINK_PRIORITIES as readonly string[]).includes(priority)) {
		throw new InvalidMessage(
			`Priority "${String(value)}" is not one of ${DOWNLINK_PRIORITIES.join(', ')}`,
		);
	}
	return priority;
}

function readRetryAttempts(value: unknown): number {
	const attempts = Number(value);
	if (!Number.isInteger(attempts) || attempts < 1 || attempts > MAX_RETRY_ATTEMPTS) {
		throw new InvalidMessage(
			`Retry Attempts "${String(value)}" is not valid: use a whole number from 1 to ${MAX_RETRY_ATTEMPTS}`,
		);
	}
	return attempts;
}

/** `my-gateway, other-gateway:1` → class B/C gateways (ApplicationDownlink.ClassBC). */
function readClassBcGateways(value: unknown): IDataObject[] {
	const text = String(value ?? '').trim();
	if (text === '') return [];
	return text.split(',').map((entry) => {
		const [gatewayId, antenna] = entry.trim().split(':');
		return classBcGateway(gatewayId, antenna);
	});
}

function classBcGateway(gatewayId: unknown, antennaIndex: unknown): IDataObject {
	const problem = findIdProblem('gateway_id', gatewayId);
	if (problem) throw new InvalidMessage(`Class B/C gateway: ${problem}`);
	const gateway: IDataObject = { gateway_ids: { gateway_id: gatewayId as string } };
	if (antennaIndex !== undefined && antennaIndex !== '') {
		const index = Number(antennaIndex);
		if (!Number.isInteger(index) || index < 0) {
			throw new InvalidMessage(
				`Class B/C gateway "${String(gatewayId)}": antenna index "${String(antennaIndex)}" is not a whole number`,
			);
		}
		gateway.antenna_index = index;
	}
	return gateway;
}

function readClassBc(value: unknown): IDataObject {
	if (!value || typeof value !== 'object' || Array.isArray(value)) {
		throw new InvalidMessage(
			'class_b_c must be an object like {"gateways": [{"gateway_ids": {"gateway_id": "my-gateway"}}], "absolute_time": "2030-01-01T00:00:00Z"}',
		);
	}
	const input = value as IDataObject;
	const classBc: IDataObject = {};
	if (input.gateways !== undefined) {
		if (!Array.isArray(input.gateways))
			throw new InvalidMessage('class_b_c.gateways must be an array');
		classBc.gateways = input.gateways.map((gateway) => {
			const entry = (gateway ?? {}) as IDataObject;
			const ids = (entry.gateway_ids ?? entry.gatewayIds ?? {}) as IDataObject;
			const classBcEntry = classBcGateway(
				ids.gateway_id ?? ids.gatewayId,
				entry.antenna_index ?? entry.antennaIndex,
			);
			if (entry.group_index !== undefined) classBcEntry.group_index = Number(entry.group_index);
			return classBcEntry;
		});
	}
	const absoluteTime = readTime(
		input.absolute_time ?? input.absoluteTime,
		'class_b_c.absolute_time',
	);
	if (absoluteTime) classBc.absolute_time = absoluteTime;
	return classBc;
}

// TTS only accepts UTC timestamps ending in Z (pkg/jsonpb).
function readTime(value: unknown, label: string): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const time = new Date(String(value));
	if (Number.isNaN(time.getTime()))
		throw new InvalidMessage(`${label} "${String(value)}" is not a date`);
	return time.toISOString();
}

function readCorrelationIds(value: unknown): string[] {
	if (value === undefined || value === null || value === '') return [];
	const list = (Array.isArray(value) ? value : [value]).map((entry) => String(entry).trim());
	const ids = list.filter((entry) => entry !== '');
	const tooLong = ids.find((id) => id.length > MAX_CORRELATION_ID_LENGTH);
	if (tooLong) {
		throw new InvalidMessage(
			`Correlation ID "${tooLong}" is longer than ${MAX_CORRELATION_ID_LENGTH} characters`,
		);
	}
	return ids;
}
