import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { limit, returnAll } from '../../descriptions';
import {
	APPLICATION_READABLE_FIELDS,
	DEFAULT_APPLICATION_FIELDS,
} from '../../descriptions/applicationFields';
import { fieldOptions, orderOptions } from '../../descriptions/entityFields';
import { ownedByFields } from '../../descriptions/ownerFields';
import type { ListInput } from '../../helpers/entityList';
import { listEntities, readListInput } from '../../helpers/entityList';
import { fieldLabel } from '../../helpers/labels';

const properties: INodeProperties[] = [
	...ownedByFields('applications'),
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
					'Whether to list deleted applications (which can still be restored or purged) instead of active ones',
			},
			{
				displayName: 'Fields',
				name: 'fields',
				type: 'multiOptions',
				options: fieldOptions(APPLICATION_READABLE_FIELDS, fieldLabel),
				default: [...DEFAULT_APPLICATION_FIELDS],
				description:
					'The application fields to include; the application ID and creation and update times are always included',
			},
			{
				displayName: 'Order By',
				name: 'order',
				type: 'options',
				options: orderOptions(['application_id', 'name', 'created_at'], fieldLabel),
				default: 'application_id',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['application'], operation: ['getAll'] } },
	properties,
);

export function prepare(this: IExecuteFunctions, itemIndex: number): ListInput {
	return readListInput.call(this, itemIndex, DEFAULT_APPLICATION_FIELDS, 'application_id');
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	input: ListInput,
): Promise<IDataObject[]> {
	return await listEntities.call(this, 'applications', input, itemIndex);
}
