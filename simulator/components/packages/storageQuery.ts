import { getPath, isJsonObject, JsonObject } from '../../encoding/json';
import { fieldMaskPaths, pickPaths } from '../../encoding/fieldMask';
import { timestampNanoseconds } from '../../encoding/time';
import type { StoredApplicationUp } from '../../state/applicationUpStorage';
import { numberAt, stringAt } from '../common/messageFields';
import { applicationUpTypes } from './storageIntegration';

export const getStoredRpc = 'ApplicationUpStorage.GetStoredApplicationUp';
export const countStoredRpc = 'ApplicationUpStorage.GetStoredApplicationUpCount';

/** A rule of applicationserver_integrations_storage.proto that a request breaks. */
export interface StorageRequestIssue {
	field: string;
	reason: string;
	/** The validation rule, as TTS names it (`in`, `max_len`, …). */
	name: string;
}

/** What to read: the request after its rules were checked (or its continuation token decoded). */
export interface StorageQuery {
	type: string;
	limit?: number;
	afterNs?: bigint;
	beforeNs?: bigint;
	/** `last` in ms: only what arrived in this span before now. */
	lastMs?: number;
	fPort?: number;
	order: string;
	fieldMask: string[];
	/** From a continuation token: continue after this stored message. */
	lastReceivedId?: number;
}

// GetStoredApplicationUpRequest.type `in` list; the count request's list has no uplink_normalized.
const readableTypes: readonly string[] = ['', ...applicationUpTypes];
const countableTypes = readableTypes.filter((type) => type !== 'uplink_normalized');
const orders = ['', '-received_at', 'received_at'];
// GetStoredApplicationUpRequest.continuation_token: max_len 16000.
const maxTokenLength = 16_000;

/**
 * Checks a GetStoredApplicationUp or GetStoredApplicationUpCount request message against the
 * proto's rules: the validator rules on type, order and continuation_token (pkg/ttnpb validators),
 * `last` as grpc-gateway parses a Duration (Go's time.ParseDuration), and the documented
 * "cannot be used in conjunction" of `last` with `after` and `before` (enforced by the closed
 * source server, how exactly is not known).
 */
export function storageRequestIssues(rpc: string, message: JsonObject): StorageRequestIssue[] {
	const issues: StorageRequestIssue[] = [];
	const type = stringAt(message, 'type');
	const types = rpc === countStoredRpc ? countableTypes : readableTypes;
	if (!types.includes(type))
		issues.push({
			field: 'type',
			reason: `value must be in list [${types.join(' ')}]`,
			name: 'in',
		});
	if (rpc === getStoredRpc) {
		const order = stringAt(message, 'order');
		if (!orders.includes(order))
			issues.push({
				field: 'order',
				reason: `value must be in list [${orders.join(' ')}]`,
				name: 'in',
			});
		const token = stringAt(message, 'continuation_token');
		if ([...token].length > maxTokenLength) {
			issues.push({
				field: 'continuation_token',
				reason: `value length must be at most ${maxTokenLength} runes`,
				name: 'max_len',
			});
		} else if (token && !decodeToken(token)) {
			issues.push({
				field: 'continuation_token',
				reason: 'not a continuation token',
				name: 'token',
			});
		}
	}
	const last = getPath(message, 'last');
	if (last !== undefined) {
		if (goDurationMs(String(last)) === undefined)
			issues.push({
				field: 'last',
				reason: `invalid duration ${JSON.stringify(last)}`,
				name: 'duration',
			});
		if (getPath(message, 'after') !== undefined || getPath(message, 'before') !== undefined)
			issues.push({ field: 'last', reason: 'cannot be used with after or before', name: 'last' });
	}
	return issues;
}

/** The query of a request whose rules were checked. A continuation token replaces everything but the type. */
export function storageQueryOf(message: JsonObject): StorageQuery {
	const type = stringAt(message, 'type');
	const token = stringAt(message, 'continuation_token');
	const source = token ? (decodeToken(token) as JsonObject) : message;
	const limit = getPath(source, 'limit');
	const fPort = getPath(source, 'f_port');
	const after = stringAt(source, 'after');
	const before = stringAt(source, 'before');
	const last = stringAt(source, 'last');
	return {
		type,
		...(limit !== undefined && Number(limit) > 0 ? { limit: Number(limit) } : {}),
		...(after ? { afterNs: timestampNanoseconds(after) } : {}),
		...(before ? { beforeNs: timestampNanoseconds(before) } : {}),
		...(last ? { lastMs: goDurationMs(last) } : {}),
		...(fPort !== undefined ? { fPort: Number(fPort) } : {}),
		order: stringAt(source, 'order'),
		fieldMask: fieldMaskPaths(getPath(source, 'field_mask')),
		...(token ? { lastReceivedId: numberAt(source, 'last_received_id') } : {}),
	};
}

/**
 * The stored messages a query selects, in its order: of its type, FPort and time span
 * (`after` and `before` exclusive, a guess), after the continuation point, at most `limit`.
 * Without `order` they come oldest first (a guess; the proto does not say).
 */
export function selectStored(
	records: readonly StoredApplicationUp[],
	query: StorageQuery,
	nowMs: number,
): StoredApplicationUp[] {
	const descending = query.order === '-received_at';
	const compare = (a: StoredApplicationUp, b: StoredApplicationUp) => {
		const byTime =
			a.receivedAtNs < b.receivedAtNs ? -1 : a.receivedAtNs > b.receivedAtNs ? 1 : a.id - b.id;
		return descending ? -byTime : byTime;
	};
	const continueAfter =
		query.lastReceivedId === undefined
			? undefined
			: records.find((record) => record.id === query.lastReceivedId);
	const selected = records
		.filter((record) => matchesSpan(record, query, nowMs))
		.filter((record) => {
			if (query.lastReceivedId === undefined) return true;
			if (continueAfter) return compare(record, continueAfter) > 0;
			return descending ? record.id < query.lastReceivedId : record.id > query.lastReceivedId;
		})
		.sort(compare);
	return query.limit === undefined ? selected : selected.slice(0, query.limit);
}

/**
 * Whether a stored message is of the query's type, FPort and time span (what counts). `nowMs` is
 * now on the clock `received_at` comes from (the system's), which `last` counts back from.
 */
export function matchesSpan(
	record: StoredApplicationUp,
	query: StorageQuery,
	nowMs: number,
): boolean {
	if (query.type && record.type !== query.type) return false;
	if (query.fPort !== undefined && record.fPort !== query.fPort) return false;
	if (query.afterNs !== undefined && record.receivedAtNs <= query.afterNs) return false;
	if (query.beforeNs !== undefined && record.receivedAtNs >= query.beforeNs) return false;
	if (
		query.lastMs !== undefined &&
		record.receivedAtNs <= BigInt(nowMs - query.lastMs) * 1_000_000n
	)
		return false;
	return true;
}

/**
 * The message as the storage returns it: the field mask's ApplicationUp paths (the oneof is
 * `up`: `up.uplink_message.decoded_payload` is `uplink_message.decoded_payload` in JSON), and
 * always the end device identifiers and `received_at` (docs integrations/storage/retrieve).
 */
export function storedMessage(
	record: StoredApplicationUp,
	fieldMask: readonly string[],
): JsonObject {
	if (fieldMask.length === 0) return record.up;
	const paths = fieldMask.map((path) => (path.startsWith('up.') ? path.slice(3) : path));
	return pickPaths(record.up, [
		'end_device_ids',
		'received_at',
		...paths.filter((path) => path !== 'up'),
	]);
}

/**
 * The token for the page after `last` (ContinuationTokenPayload of the proto: the request's
 * filters and the last message's ID); how TTS encodes it is not public, so this is base64 JSON.
 */
export function continuationToken(
	query: StorageQuery,
	last: StoredApplicationUp,
	message: JsonObject,
): string {
	const token = stringAt(message, 'continuation_token');
	const source = token ? (decodeToken(token) as JsonObject) : message;
	const payload: JsonObject = { last_received_id: last.id };
	for (const field of ['limit', 'after', 'before', 'f_port', 'order', 'last']) {
		const value = getPath(source, field);
		if (value !== undefined) payload[field] = value;
	}
	if (query.fieldMask.length) payload.field_mask = query.fieldMask.join(',');
	return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

function decodeToken(token: string): JsonObject | undefined {
	try {
		const payload: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
		return isJsonObject(payload) && typeof payload.last_received_id === 'number'
			? payload
			: undefined;
	} catch {
		return undefined;
	}
}

const durationUnits: Record<string, number> = {
	ns: 1e-6,
	us: 1e-3,
	µs: 1e-3,
	μs: 1e-3,
	ms: 1,
	s: 1_000,
	m: 60_000,
	h: 3_600_000,
};

/** Go's time.ParseDuration (`1h30m`, `10m`, `1.5s`), in ms; undefined if it is not one. */
export function goDurationMs(text: string): number | undefined {
	const number = '(?:\\d+(?:\\.\\d*)?|\\.\\d+)';
	const units = '(?:ns|us|µs|μs|ms|s|m|h)';
	const match = new RegExp(`^([-+]?)((?:${number}${units})+|0)$`).exec(text);
	if (!match) return undefined;
	let total = 0;
	for (const [, value, unit] of match[2].matchAll(new RegExp(`(${number})(${units})`, 'g')))
		total += Number(value) * durationUnits[unit];
	return match[1] === '-' ? -total : total;
}
