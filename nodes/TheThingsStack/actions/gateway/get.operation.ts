import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ttsApiRequest } from '../../../shared/transport';
import { gatewayRLC } from '../../descriptions';
import { fieldOptions } from '../../descriptions/entityFields';
import { DEFAULT_GATEWAY_FIELDS, GATEWAY_READABLE_FIELDS } from '../../descriptions/gatewayFields';
import { fieldLabel } from '../../helpers/labels';
import { readGatewayId } from './gatewayInput';

export const gatewayFieldsField: INodeProperties = {
	displayName: 'Fields',
	name: 'fields',
	type: 'multiOptions',
	options: fieldOptions(GATEWAY_READABLE_FIELDS, fieldLabel),
	default: [...DEFAULT_GATEWAY_FIELDS],
	description:
		'The gateway fields to read; the IDs (gateway ID and EUI) and creation and update times always come with it',
};

const properties: INodeProperties[] = [gatewayRLC, gatewayFieldsField];

export const description = updateDisplayOptions(
	{ show: { resource: ['gateway'], operation: ['get'] } },
	properties,
);

interface GetInput {
	gatewayId: string;
	fields: string[];
}

export function prepare(this: IExecuteFunctions, itemIndex: number): GetInput {
	return {
		gatewayId: readGatewayId.call(this, itemIndex),
		fields: this.getNodeParameter('fields', itemIndex, DEFAULT_GATEWAY_FIELDS) as string[],
	};
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ gatewayId, fields }: GetInput,
): Promise<IDataObject> {
	return await ttsApiRequest.call(this, {
		method: 'GET',
		path: '/gateways/{gateway_id}',
		pathParams: { gateway_id: gatewayId },
		qs: fields.length ? { field_mask: fields.join(',') } : {},
		itemIndex,
	});
}
