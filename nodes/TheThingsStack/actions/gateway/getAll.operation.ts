import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { limit, returnAll } from '../../descriptions';
import { fieldOptions, orderOptions } from '../../descriptions/entityFields';
import { DEFAULT_GATEWAY_FIELDS, GATEWAY_READABLE_FIELDS } from '../../descriptions/gatewayFields';
import { ownedByFields } from '../../descriptions/ownerFields';
import { listEntities, readListInput } from '../../helpers/entityList';
import type { ListInput } from '../../helpers/entityList';
import { fieldLabel } from '../../helpers/labels';

const properties: INodeProperties[] = [
	...ownedByFields('gateways'),
	returnAll,
	limit,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Deleted Only',
				name: 'deleted',
				type: 'boolean',
				default: false,
				description:
					'Whether to list deleted gateways (which can still be restored or purged) instead of active ones',
			},
			{
				displayName: 'Fields',
				name: 'fields',
				type: 'multiOptions',
				options: fieldOptions(GATEWAY_READABLE_FIELDS, fieldLabel),
				default: [...DEFAULT_GATEWAY_FIELDS],
				description:
					'The gateway fields to include; the IDs and creation and update times are always included',
			},
			{
				displayName: 'Order By',
				name: 'order',
				type: 'options',
				options: orderOptions(['gateway_id', 'gateway_eui', 'name', 'created_at'], fieldLabel),
				default: 'gateway_id',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['gateway'], operation: ['getAll'] } },
	properties,
);

export function prepare(this: IExecuteFunctions, itemIndex: number): ListInput {
	return readListInput.call(this, itemIndex, DEFAULT_GATEWAY_FIELDS, 'gateway_id');
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	input: ListInput,
): Promise<IDataObject[]> {
	return await listEntities.call(this, 'gateways', input, itemIndex);
}
