import type { JsonObject } from '../../encoding/json';
import type { PublishedEvent } from '../../events/eventBus';
import { ulid } from '../../events/ulid';
import type { Call } from '../../http/call';

/** A correlation ID as pkg/events/correlation_interceptor.go adds for an RPC. */
export function rpcCorrelationId(call: Call): string {
	return `rpc:/ttn.lorawan.v3.${call.rpc.replace('.', '/')}:${ulid()}`;
}

export function publishFromCall(
	call: Call,
	name: string,
	identifiers: JsonObject[],
	data?: JsonObject,
	correlationIds: string[] = [rpcCorrelationId(call)],
): PublishedEvent {
	return call.services.events.publish(call.tenantId, { name, identifiers, data, correlationIds });
}
