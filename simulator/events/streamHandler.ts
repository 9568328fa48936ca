import { CallerRights } from '../auth/callerRights';
import { authenticate } from '../auth/credentials';
import { entityOfIdentifiers, entityOfKey } from '../auth/entityOf';
import { isJsonObject, JsonObject } from '../encoding/json';
import { formatTimestamp, nowNanoseconds, timestampMilliseconds } from '../encoding/time';
import { isApiError, TtsError, ttsError } from '../errors/ttsError';
import { Handler, streamed } from '../http/call';
import type { EventHost } from './definitions';
import type { PublishedEvent } from './eventBus';
import { entityKey } from './identifiers';
import { expandEventNames } from './nameFilter';
import { ulid } from './ulid';

/**
 * `POST /api/v3/events` (pkg/events/grpc/grpc.go Stream): validates, sends headers at once, then
 * the synthetic `events.stream.start`, then replayed and live events as `{"result": …}` chunks,
 * delimited by "\n\n" for `Accept: text/event-stream` and "\n" otherwise. No heartbeat.
 */
export const streamEvents: Handler = (call) => {
	const identifiers = (
		Array.isArray(call.message.identifiers) ? call.message.identifiers : []
	).filter(isJsonObject);
	if (identifiers.length === 0) throw ttsError('pkg/events/grpc:no_identifiers');
	const names = expandEventNames(
		(Array.isArray(call.message.names) ? call.message.names : []).map((name) => String(name)),
	);
	for (const each of identifiers) {
		const entity = entityOfIdentifiers(each);
		if (entity) call.caller.requireAny(entity);
	}
	const { options, events, faults, connections, streams } = call.services;
	const tail = Number(call.message.tail ?? 0);
	const after = typeof call.message.after === 'string' ? call.message.after : undefined;
	if (!options.eventsStore && (tail > 0 || after !== undefined)) {
		call.warn('Events storage is not enabled');
	}

	const { response, request } = call;
	const eventStream = (request.headers.accept ?? '').includes('text/event-stream');
	const delimiter = eventStream ? '\n\n' : '\n';
	response.writeHead(200, {
		'Content-Type': eventStream ? 'text/event-stream' : 'application/json',
		'Cache-Control': 'no-cache',
		...call.responseHeaders,
		...(call.warnings.length ? { 'X-Warning': call.warnings } : {}),
	});
	response.flushHeaders();

	const cut = faults.takeStreamCut();
	let bytesWritten = 0;
	let eventsWritten = 0;
	let ended = false;
	const subscriptionKeys = new Set(
		identifiers.map(entityKey).filter((key): key is string => key !== undefined),
	);
	const nameSet = names ? new Set(names) : undefined;
	let caller: CallerRights = call.caller;
	const rightsCache = new Map<string, string[]>();

	const write = (chunk: string): void => {
		if (ended) return;
		const bytes = Buffer.from(chunk);
		if (cut?.afterBytes !== undefined && bytesWritten + bytes.length >= cut.afterBytes) {
			const partial = bytes.subarray(0, Math.max(0, cut.afterBytes - bytesWritten));
			bytesWritten += partial.length;
			ended = true;
			response.write(partial);
			cutConnection();
			return;
		}
		bytesWritten += bytes.length;
		response.write(bytes);
	};

	const isVisible = (published: PublishedEvent): boolean =>
		published.ownKeys.some((key) => {
			let rights = rightsCache.get(key);
			if (!rights) {
				const entity = entityOfKey(key);
				rights = entity ? caller.rightsOn(entity) : [];
				rightsCache.set(key, rights);
			}
			return published.definition.visibility.some((right) => rights?.includes(right));
		});

	const send = (published: PublishedEvent): void => {
		if (ended) return;
		if (nameSet && !nameSet.has(published.name)) return;
		if (!isVisible(published)) return;
		write(`${JSON.stringify({ result: published.event })}${delimiter}`);
		eventsWritten++;
		if (!ended && cut?.afterEvents !== undefined && eventsWritten >= cut.afterEvents) {
			ended = true;
			cutConnection();
		}
	};

	const endWithError = (error: TtsError): void => {
		if (ended) return;
		write(`${JSON.stringify({ error: error.toBody() })}${delimiter}`);
		end();
	};

	const host: EventHost | 'combined' = call.host === 'combined' ? 'combined' : call.host;
	const startNanoseconds = nowNanoseconds();
	const start: JsonObject = {
		name: 'events.stream.start',
		time: formatTimestamp(startNanoseconds),
		identifiers,
		...(names
			? { data: { '@type': 'type.googleapis.com/google.protobuf.Value', value: names } }
			: {}),
		correlation_ids: [`rpc:/ttn.lorawan.v3.Events/Stream:${ulid()}`],
		origin: options.origin,
		unique_id: ulid(),
	};
	write(`${JSON.stringify({ result: start })}${delimiter}`);

	if (options.eventsStore && (tail > 0 || after !== undefined)) {
		let history = events.replay(call.tenantId, host, subscriptionKeys);
		if (after !== undefined) {
			// pkg/events/redis/store.go: events whose ms-truncated time is <= after are dropped.
			const afterMs = timestampMilliseconds(after);
			history = history.filter((published) => published.timeMs > afterMs);
		}
		// With tail, the last `tail` stored entries are read first; the names filter comes after.
		if (tail > 0) history = history.slice(-tail);
		history.forEach(send);
	}

	const unsubscribe = events.subscribe({
		tenant: call.tenantId,
		host,
		keys: subscriptionKeys,
		deliver: send,
	});
	const handle = {
		tenantId: call.tenantId,
		end: () => end(),
		revalidate: () => {
			try {
				caller = new CallerRights(
					authenticate(request.headers.authorization, call.tenant.identity, options.now()),
					call.tenant.identity,
				);
				rightsCache.clear();
				for (const each of identifiers) {
					const entity = entityOfIdentifiers(each);
					if (entity) caller.requireAny(entity);
				}
			} catch (error) {
				if (error instanceof TtsError) endWithError(error);
				else if (!isApiError(error)) throw error;
			}
		},
	};
	const untrackStream = streams.add(handle);
	const untrackConnection = connections.trackStream(handle);
	const maxDuration = faults.maxStreamDurationMs;
	const maxDurationTimer =
		maxDuration === undefined ? undefined : setTimeout(() => end(), maxDuration);

	// Drops the connection without ending the chunked body: written data is flushed, then FIN,
	// so the client sees the bytes so far and then a truncated response.
	function cutConnection(): void {
		response.socket?.end();
		cleanup();
	}

	function cleanup(): void {
		unsubscribe();
		untrackStream();
		untrackConnection();
		if (maxDurationTimer) clearTimeout(maxDurationTimer);
	}

	function end(): void {
		if (!ended) {
			ended = true;
			response.end();
		}
		cleanup();
	}

	response.on('close', () => {
		ended = true;
		cleanup();
	});
	return streamed;
};
