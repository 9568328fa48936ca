import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ttsApiRequest } from '../../../shared/transport';
import { gatewayRLC } from '../../descriptions';
import { readGatewayId } from './gatewayInput';

const properties: INodeProperties[] = [gatewayRLC];

export const description = updateDisplayOptions(
	{ show: { resource: ['gateway'], operation: ['deleteGateway'] } },
	properties,
);

export function prepare(this: IExecuteFunctions, itemIndex: number): string {
	return readGatewayId.call(this, itemIndex);
}

/** Deletes the gateway: its EUI is released at once, its ID stays reserved until it is purged. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	gatewayId: string,
): Promise<IDataObject> {
	await ttsApiRequest.call(this, {
		method: 'DELETE',
		path: '/gateways/{gateway_id}',
		pathParams: { gateway_id: gatewayId },
		itemIndex,
	});
	return { gateway_id: gatewayId, deleted: true };
}
