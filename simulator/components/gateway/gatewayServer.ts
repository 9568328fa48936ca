import { entity as entityRef } from '../../auth/callerRights';
import { pickPaths } from '../../encoding/fieldMask';
import { deepClone, isJsonObject, JsonObject } from '../../encoding/json';
import { nowTimestamp } from '../../encoding/time';
import { ttsError } from '../../errors/ttsError';
import { gatewayIdentifiers } from '../../events/identifiers';
import { ulid } from '../../events/ulid';
import type { Call, Handler } from '../../http/call';
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
	context.tenant.disconnectedGatewayStats.delete(gatewayId);
	context.services.events.publish(context.tenantId, {
		name: 'gs.gateway.connect',
		identifiers: [gatewayIdentifiers(gatewayIdsOf(context, gatewayId))],
		correlationIds: [`gs:conn:${ulid()}`],
		data: { '@type': statsType, ...deepClone(stats) },
	});
	return stats;
}

// cmd/internal/shared/gatewayserver/config.go: connection-stats-disconnect-ttl = 48h.
const statsAfterDisconnectMs = 48 * 60 * 60 * 1000;

export function disconnectGateway(context: TrafficContext, gatewayId: string): void {
	const connection = context.tenant.gatewayConnections.get(gatewayId);
	if (!connection) return;
	context.tenant.gatewayConnections.delete(gatewayId);
	const { options } = context.services;
	if (options.gatewayStatsRegistry) {
		// pkg/gatewayserver/gatewayserver.go updateConnStats: on disconnect the registry keeps the
		// stats, with connected_at cleared and disconnected_at set.
		const stats = deepClone(connection.stats);
		delete stats.connected_at;
		stats.disconnected_at = nowTimestamp();
		context.tenant.disconnectedGatewayStats.set(gatewayId, {
			stats,
			expiresAt: options.now() + statsAfterDisconnectMs,
		});
	}
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

/** The stats of a connected gateway, or those the registry kept after it disconnected. */
function statsOf(call: Call, gatewayId: string): JsonObject | undefined {
	const connection = call.tenant.gatewayConnections.get(gatewayId);
	if (connection) return connection.stats;
	const kept = call.tenant.disconnectedGatewayStats.get(gatewayId);
	if (kept && kept.expiresAt > call.services.options.now()) return kept.stats;
	return undefined;
}

/** The caller's rights on the gateway, as the Gateway Server asks the Identity Server for them. */
function requireStatusRead(call: Call, gatewayId: string): void {
	call.caller.requireFromCluster(entityRef('gateway', gatewayId), 'RIGHT_GATEWAY_STATUS_READ');
}

/** pkg/gatewayserver/grpc.go GetGatewayConnectionStats. */
const getConnectionStats: Handler = (call) => {
	const gatewayId = stringAt(call.message, 'gateway_id');
	requireStatusRead(call, gatewayId);
	const stats = statsOf(call, gatewayId);
	if (!stats) throw ttsError('pkg/gatewayserver:not_connected', { gateway_uid: gatewayId });
	return deepClone(stats);
};

const batchGetConnectionStats: Handler = (call) => {
	const paths = maskAt(call.message);
	const entries: JsonObject = {};
	for (const ids of arrayAt(call.message, 'gateway_ids')) {
		if (!isJsonObject(ids)) continue;
		const gatewayId = stringAt(ids, 'gateway_id');
		requireStatusRead(call, gatewayId);
		const stats = statsOf(call, gatewayId);
		if (stats) entries[gatewayId] = paths.length ? pickPaths(stats, paths) : deepClone(stats);
	}
	const response: JsonObject = Object.keys(entries).length ? { entries } : {};
	return response;
};

export const gatewayServerHandlers: Record<string, Handler> = {
	'Gs.GetGatewayConnectionStats': getConnectionStats,
	'Gs.BatchGetGatewayConnectionStats': batchGetConnectionStats,
};
