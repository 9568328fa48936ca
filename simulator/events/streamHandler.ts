import { CallerRights } from '../auth/callerRights';
import { authenticate } from '../auth/credentials';
import { entityOfIdentifiers, entityOfKey } from '../auth/entityOf';
import { isJsonObject, JsonObject } from '../encoding/json';
import { formatTimestamp, nowNanoseconds, timestampMilliseconds } from '../encoding/time';
import { isApiError, TtsError, ttsError } from '../errors/ttsError';
import { Call, Handler, streamed } from '../http/call';
import { startStreamResponse } from '../http/streamResponse';
import { ChannelEvent, channelSizeFor, EventChannel } from './eventChannel';
import { entityKey } from './identifiers';
import { expandEventNames } from './nameFilter';
import { StoreSubscription } from './storeSubscription';
import type { EventStreamStats, OpenEventStream } from './streamRegistry';
import { StreamWriter } from './streamWriter';
import { ulid } from './ulid';

// time.Time.IsZero: 0001-01-01T00:00:00Z, which SubscribeWithHistory treats as no `after`.
const zeroTimeMs = Date.parse('0001-01-01T00:00:00Z');

/**
 * `POST /api/v3/events` (pkg/events/grpc/grpc.go Stream): validates, then subscribes into a
 * channel of clamp(tail, 8, 1024) events: with an events store from history then live
 * (StoreSubscription), without one live only. With a store and neither `after` nor `tail`,
 * `after` is now. Sends the headers, the synthetic `events.stream.start`, then what the writer
 * takes from the channel, as `{"result": …}` messages delimited by "\n\n" for
 * `Accept: text/event-stream` and "\n" otherwise. No heartbeat.
 */
export const streamEvents: Handler = (call) => {
	const identifiers = (
		Array.isArray(call.message.identifiers) ? call.message.identifiers : []
	).filter(isJsonObject);
	if (identifiers.length === 0) throw ttsError('pkg/events/grpc:no_identifiers');
	const names = expandEventNames(
		(Array.isArray(call.message.names) ? call.message.names : []).map((name) => String(name)),
	);
	// A cluster apart from the Identity Server asks it for the caller's rights with the caller's
	// credentials (pkg/auth/rights/fetcher.go accessFetcher): none at all fail before any rights.
	if (call.host === 'cluster') call.caller.requireForwardedCredentials();
	for (const each of identifiers) {
		const entity = entityOfIdentifiers(each);
		if (entity) call.caller.requireAny(entity);
	}
	const { options, events, faults, connections, streams } = call.services;
	const tail = Math.max(0, Math.floor(Number(call.message.tail ?? 0)) || 0);
	const after = typeof call.message.after === 'string' ? call.message.after : undefined;
	if (!events.store && (tail > 0 || after !== undefined))
		call.warn('Events storage is not enabled');

	const { response, request } = call;
	const nameSet = names ? new Set(names) : undefined;
	let caller: CallerRights = call.caller;
	const rightsCache = new Map<string, string[]>();
	const isVisible = (event: ChannelEvent): boolean =>
		event.visibilityKeys.some((key) => {
			let rights = rightsCache.get(key);
			if (!rights) {
				const entity = entityOfKey(key);
				rights = entity ? caller.rightsOn(entity) : [];
				rightsCache.set(key, rights);
			}
			return event.definition.visibility.some((right) => rights?.includes(right));
		});

	const channel = new EventChannel(options.eventChannelSize ?? channelSizeFor(tail), () =>
		writer.schedule(),
	);
	const writer: StreamWriter = new StreamWriter(response, channel, {
		delimiter: startStreamResponse(call),
		cut: faults.takeStreamCut(),
		isVisible,
		onCut: () => cleanup(),
	});

	const unsubscribe = subscribe(call, channel, {
		identifiers,
		names: nameSet,
		tail,
		afterMs: afterMilliseconds(after, tail),
	});

	const id = streams.nextId();
	let open = true;
	const handle: OpenEventStream = {
		tenantId: call.tenantId,
		end: () => end(),
		cut: () => writer.cut(),
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
		stats: (): EventStreamStats => ({
			id,
			tenant: call.tenantId,
			host: call.host,
			entities: identifiers.map(entityKey).filter((key): key is string => key !== undefined),
			...(names ? { names } : {}),
			tail,
			...(after !== undefined ? { after } : {}),
			channelSize: channel.capacity,
			pushed: channel.pushed,
			dropped: channel.dropped,
			droppedByName: Object.fromEntries(channel.droppedByName),
			written: writer.eventsWritten,
			open,
		}),
	};
	const untrackStream = streams.add(handle);
	const untrackConnection = connections.trackStream(handle);
	const maxDuration = faults.maxStreamDurationMs;
	const maxDurationTimer =
		maxDuration === undefined ? undefined : setTimeout(() => end(), maxDuration);
	const start: JsonObject = {
		name: 'events.stream.start',
		time: formatTimestamp(nowNanoseconds()),
		identifiers,
		...(names
			? { data: { '@type': 'type.googleapis.com/google.protobuf.Value', value: names } }
			: {}),
		correlation_ids: [`rpc:/ttn.lorawan.v3.Events/Stream:${ulid()}`],
		origin: options.origin,
		unique_id: ulid(),
	};
	writer.writeMessage({ result: start });

	function endWithError(error: TtsError): void {
		if (writer.stopped) return;
		writer.writeMessage({ error: error.toBody() });
		end();
	}

	function cleanup(): void {
		if (!open) return;
		open = false;
		writer.stop();
		unsubscribe();
		untrackStream();
		untrackConnection();
		if (maxDurationTimer) clearTimeout(maxDurationTimer);
	}

	function end(): void {
		if (!writer.stopped) response.end();
		cleanup();
	}

	response.on('close', cleanup);
	return streamed;
};

interface Subscription {
	identifiers: JsonObject[];
	names: ReadonlySet<string> | undefined;
	tail: number;
	afterMs: number | undefined;
}

/**
 * Starts filling the stream's channel: from the events store, history then live
 * (SubscribeWithHistory); without a store, live events as they are published
 * (pkg/events/basic). Returns how to stop.
 */
function subscribe(call: Call, channel: EventChannel, subscription: Subscription): () => void {
	const { events } = call.services;
	const { host } = call;
	if (events.store) {
		const reader = new StoreSubscription(
			events.store,
			{ tenant: call.tenantId, scope: events.storeScope(host), ...subscription },
			channel,
		);
		reader.start();
		return () => reader.close();
	}
	const { names } = subscription;
	return events.subscribe({
		tenant: call.tenantId,
		host,
		keys: new Set(
			subscription.identifiers.map(entityKey).filter((key): key is string => key !== undefined),
		),
		deliver: (published) => {
			if (names && !names.has(published.name)) return;
			channel.notify({
				name: published.name,
				event: published.event,
				definition: published.definition,
				visibilityKeys: published.ownKeys,
			});
		},
	});
}

/**
 * The `after` SubscribeWithHistory works with, truncated to milliseconds: now when the request
 * has neither `after` nor `tail` (grpc.go Stream), none for Go's zero time.
 */
function afterMilliseconds(after: string | undefined, tail: number): number | undefined {
	if (after === undefined) {
		return tail > 0 ? undefined : Number(nowNanoseconds() / 1_000_000n);
	}
	const afterMs = timestampMilliseconds(after);
	return afterMs === zeroTimeMs ? undefined : afterMs;
}
