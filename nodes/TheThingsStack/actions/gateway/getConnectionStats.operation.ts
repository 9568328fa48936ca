import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ttsApiRequest, ttsErrorOf } from '../../../shared/transport';
import { gatewayRLC } from '../../descriptions';
import { asNodeError } from '../../helpers/errors';
import { readGatewayId } from './gatewayInput';

const properties: INodeProperties[] = [gatewayRLC];

export const description = updateDisplayOptions(
	{ show: { resource: ['gateway'], operation: ['getConnectionStats'] } },
	properties,
);

export function prepare(this: IExecuteFunctions, itemIndex: number): string {
	return readGatewayId.call(this, itemIndex);
}

/**
 * Reads the gateway's connection from the Gateway Server of the cluster. A gateway that is not
 * connected is an answer, not a failure: `connected: false`.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	gatewayId: string,
): Promise<IDataObject> {
	let stats: IDataObject;
	try {
		stats = await ttsApiRequest.call(this, {
			method: 'GET',
			path: '/gs/gateways/{gateway_id}/connection/stats',
			pathParams: { gateway_id: gatewayId },
			itemIndex,
		});
	} catch (error) {
		// pkg/gatewayserver/grpc.go: NotFound `not_connected` when no connection is open.
		if (ttsErrorOf(error)?.name === 'not_connected') {
			return { gateway_id: gatewayId, connected: false };
		}
		throw asNodeError(this.getNode(), error);
	}
	return { gateway_id: gatewayId, connected: isConnected(stats), ...stats };
}

// A Gateway Server with a stats registry can answer for a gateway that went away, with
// disconnected_at set (api/ttn/lorawan/v3/gateway.proto GatewayConnectionStats).
function isConnected(stats: IDataObject): boolean {
	if (!stats.connected_at) return false;
	if (!stats.disconnected_at) return true;
	return Date.parse(String(stats.disconnected_at)) < Date.parse(String(stats.connected_at));
}
