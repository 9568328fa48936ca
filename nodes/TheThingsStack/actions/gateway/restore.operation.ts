import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ttsApiRequest } from '../../../shared/transport';
import { gatewayRLC } from '../../descriptions';
import { listingWith } from '../../descriptions/entityLocators';
import { readGatewayId } from './gatewayInput';

const properties: INodeProperties[] = [
	listingWith(
		gatewayRLC,
		'searchDeletedGateways',
		'The deleted gateway, picked from the list of deleted gateways or given by its ID',
	),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['gateway'], operation: ['restore'] } },
	properties,
);

export function prepare(this: IExecuteFunctions, itemIndex: number): string {
	return readGatewayId.call(this, itemIndex);
}

/** Restores a deleted gateway, within the restore window (24 hours by default). */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	gatewayId: string,
): Promise<IDataObject> {
	await ttsApiRequest.call(this, {
		method: 'POST',
		path: '/gateways/{gateway_id}/restore',
		pathParams: { gateway_id: gatewayId },
		itemIndex,
	});
	return { gateway_id: gatewayId, restored: true };
}
