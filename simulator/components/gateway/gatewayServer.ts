import { entity as entityRef } from '../../auth/callerRights';
import { pickPaths } from '../../encoding/fieldMask';
import { deepClone, isJsonObject, JsonObject } from '../../encoding/json';
import { nowTimestamp } from '../../encoding/time';
import { ttsError } from '../../errors/ttsError';
import { gatewayIdentifiers } from '../../events/identifiers';
import { ulid } from '../../events/ulid';
import type { Handler } from '../../http/call';
import { arrayAt, maskAt, objectAt, stringAt } from '../common/messageFields';
import type { TrafficContext } from '../application/traffic';

const statsType = 'type.googleapis.com/ttn.lorawan.v3.GatewayConnectionStats';

function gatewayIdsOf(context: TrafficContext, gatewayId: string): JsonObject {
	const gateway = context.tenant.identity.gateways.get(gatewayId);
	return gateway ? deepClone(objectAt(gateway.entity, 'ids')) : { gateway_id: gatewayId };
}

/** A gateway connects to the GS: connection stats become available and gs.gateway.connect is published. */
export function connectGateway(
	context: TrafficContext,
	gatewayId: string,
	protocol = 'udp',
): JsonObject {
	const now = nowTimestamp();
	const stats: JsonObject = {
		connected_at: now,
		protocol,
		last_status_received_at: now,
		last_status: { time: now, versions: { 'ttn-lw-gateway-server': '3.32.1' } },
		gateway_remote_address: { ip: '127.0.0.1' },
	};
	context.tenant.gatewayConnections.set(gatewayId, { stats, uplinkCount: 0, downlinkCount: 0 });
	context.services.events.publish(context.tenantId, {
		name: 'gs.gateway.connect',
		identifiers: [gatewayIdentifiers(gatewayIdsOf(context, gatewayId))],
		correlationIds: [`gs:conn:${ulid()}`],
		data: { '@type': statsType, ...deepClone(stats) },
	});
	return stats;
}

export function disconnectGateway(context: TrafficContext, gatewayId: string): void {
	if (!context.tenant.gatewayConnections.delete(gatewayId)) return;
	context.services.events.publish(context.tenantId, {
		name: 'gs.gateway.disconnect',
		identifiers: [gatewayIdentifiers(gatewayIdsOf(context, gatewayId))],
		correlationIds: [`gs:conn:${ulid()}`],
		data: {
			'@type': 'type.googleapis.com/ttn.lorawan.v3.ErrorDetails',
			namespace: 'pkg/gatewayserver/io/udp',
			name: 'connection_expired',
			message_format: 'connection expired',
			code: 1,
		},
	});
}

const getConnectionStats: Handler = (call) => {
	const gatewayId = stringAt(call.message, 'gateway_id');
	call.caller.require(entityRef('gateway', gatewayId), 'RIGHT_GATEWAY_STATUS_READ');
	const connection = call.tenant.gatewayConnections.get(gatewayId);
	if (!connection) throw ttsError('pkg/gatewayserver:not_connected', { gateway_uid: gatewayId });
	return deepClone(connection.stats);
};

const batchGetConnectionStats: Handler = (call) => {
	const paths = maskAt(call.message);
	const entries: JsonObject = {};
	for (const ids of arrayAt(call.message, 'gateway_ids')) {
		if (!isJsonObject(ids)) continue;
		const gatewayId = stringAt(ids, 'gateway_id');
		call.caller.require(entityRef('gateway', gatewayId), 'RIGHT_GATEWAY_STATUS_READ');
		const connection = call.tenant.gatewayConnections.get(gatewayId);
		if (connection)
			entries[gatewayId] = paths.length
				? pickPaths(connection.stats, paths)
				: deepClone(connection.stats);
	}
	const response: JsonObject = Object.keys(entries).length ? { entries } : {};
	return response;
};

export const gatewayServerHandlers: Record<string, Handler> = {
	'Gs.GetGatewayConnectionStats': getConnectionStats,
	'Gs.BatchGetGatewayConnectionStats': batchGetConnectionStats,
};
