import type { ServerResponse } from 'node:http';
import { entity as entityRef } from '../../auth/callerRights';
import type { JsonObject } from '../../encoding/json';
import { GrpcCode } from '../../errors/catalog';
import { PlainStatusError, ttsError } from '../../errors/ttsError';
import { Call, Handler, streamed } from '../../http/call';
import { startStreamResponse } from '../../http/streamResponse';
import type { StoredApplicationUp } from '../../state/applicationUpStorage';
import { stringAt } from '../common/messageFields';
import {
	continuationToken,
	countStoredRpc,
	getStoredRpc,
	matchesSpan,
	selectStored,
	storageQueryOf,
	storageRequestIssues,
	storedMessage,
} from './storageQuery';

/**
 * The stored messages a request may read: the Storage Integration must be there (it is not part
 * of open-source TTS, whose gateway then answers 404 for an unregistered route), the request
 * must keep the proto's rules, and the caller needs RIGHT_APPLICATION_TRAFFIC_READ
 * (docs integrations/storage/retrieve).
 */
function readableRecords(call: Call, rpc: string): StoredApplicationUp[] {
	const storage = call.services.options.storageIntegration;
	if (!storage) throw new PlainStatusError(GrpcCode.NotFound, 'Not Found', 404);
	const [issue] = storageRequestIssues(rpc, call.message);
	if (issue) throw ttsError('pkg/errors:validation', { ...issue });
	const applicationId =
		stringAt(call.message, 'application_ids.application_id') ||
		stringAt(call.message, 'end_device_ids.application_ids.application_id');
	const deviceId = stringAt(call.message, 'end_device_ids.device_id') || undefined;
	call.caller.requireFromCluster(
		entityRef('application', applicationId),
		'RIGHT_APPLICATION_TRAFFIC_READ',
	);
	return call.tenant.storedApplicationUps.readable(
		applicationId,
		deviceId,
		call.services.options.now(),
		storage,
	);
}

/**
 * `GET …/packages/storage/{type}` (ApplicationUpStorage.GetStoredApplicationUp): a stream of
 * the stored messages, which ends with the result set. With `continuationTokenHeader`, a full
 * page carries `X-Continuation-Token` (as the CLI reads it: cmd/ttn-lw-cli/commands/
 * storage_integration_util.go); the open-source HTTP gateway would not forward that header.
 */
const getStoredApplicationUp: Handler = (call) => {
	const records = readableRecords(call, getStoredRpc);
	const query = storageQueryOf(call.message);
	const selected = selectStored(records, query, Date.now());
	const pageFull = query.limit !== undefined && selected.length === query.limit;
	const headers: Record<string, string> =
		pageFull && call.services.options.storageIntegration?.continuationTokenHeader
			? {
					'X-Continuation-Token': continuationToken(
						query,
						selected[selected.length - 1],
						call.message,
					),
				}
			: {};
	const delimiter = startStreamResponse(call, headers);
	void writeAll(
		call.response,
		selected.map(
			(record) =>
				`${JSON.stringify({ result: storedMessage(record, query.fieldMask) })}${delimiter}`,
		),
	);
	return streamed;
};

/** Writes the messages as fast as the client reads them, then ends the response. */
async function writeAll(response: ServerResponse, chunks: string[]): Promise<void> {
	for (const chunk of chunks) {
		if (response.destroyed) return;
		if (!response.write(chunk)) await drained(response);
	}
	response.end();
}

/** Resolves when the client took what was written, or went away. */
function drained(response: ServerResponse): Promise<void> {
	return new Promise((resolve) => {
		const done = () => {
			response.off('drain', done);
			response.off('close', done);
			resolve();
		};
		response.on('drain', done);
		response.on('close', done);
	});
}

/** `GET …/packages/storage/{type}/count`: `{"count": {"<device_id>": n}}` of what matches. */
const getStoredApplicationUpCount: Handler = (call) => {
	const records = readableRecords(call, countStoredRpc);
	const query = storageQueryOf(call.message);
	const count: JsonObject = {};
	for (const record of records) {
		if (!matchesSpan(record, query, Date.now())) continue;
		count[record.deviceId] = Number(count[record.deviceId] ?? 0) + 1;
	}
	// TTS leaves an empty map out.
	const result: JsonObject = {};
	if (Object.keys(count).length > 0) result.count = count;
	return result;
};

export const storageHandlers: Record<string, Handler> = {
	[getStoredRpc]: getStoredApplicationUp,
	[countStoredRpc]: getStoredApplicationUpCount,
};
