import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { endDeviceAllowedFieldMaskPaths } from '../../../shared/generated/endDeviceFieldMap';
import { ttsApiRequestAllItems } from '../../../shared/transport';
import { applicationRLC, limit, returnAll } from '../../descriptions';
import { fieldLabel } from '../../helpers/labels';
import { readApplicationId } from './deviceInput';

// Lists come from the Identity Server only (there is no list on the other servers).
const LISTABLE_FIELDS = endDeviceAllowedFieldMaskPaths.isGet.filter(
	(path) => !path.includes('.') && !['ids', 'created_at', 'updated_at'].includes(path),
);

const ORDERS = [
	'device_id',
	'join_eui',
	'dev_eui',
	'name',
	'description',
	'created_at',
	'last_seen_at',
];

const properties: INodeProperties[] = [
	applicationRLC,
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
				displayName: 'Fields',
				name: 'fields',
				type: 'multiOptions',
				options: LISTABLE_FIELDS.map((field) => ({ name: fieldLabel(field), value: field })).sort(
					(a, b) => a.name.localeCompare(b.name),
				),
				default: ['name', 'description', 'last_seen_at'],
				description:
					'Identity Server fields to include; IDs, EUIs and creation/update times are always included. For Network or Application Server fields, use Device → Get per device.',
			},
			{
				displayName: 'Order By',
				name: 'order',
				type: 'options',
				options: ORDERS.flatMap((field) => [
					{ name: `${fieldLabel(field)} (Ascending)`, value: field },
					{ name: `${fieldLabel(field)} (Descending)`, value: `-${field}` },
				]).sort((a, b) => a.name.localeCompare(b.name)),
				default: 'device_id',
			},
			{
				displayName: 'Updated Since',
				name: 'updatedSince',
				type: 'dateTime',
				default: '',
				description: 'Only devices changed after this time',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['device'], operation: ['getAll'] } },
	properties,
);

interface GetAllInput {
	applicationId: string;
	limit?: number;
	fields: string[];
	order: string;
	updatedSince?: string;
}

export function prepare(this: IExecuteFunctions, itemIndex: number): GetAllInput {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const all = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	let updatedSince: string | undefined;
	if (options.updatedSince) {
		const time = new Date(String(options.updatedSince));
		if (Number.isNaN(time.getTime())) {
			throw new NodeOperationError(
				this.getNode(),
				`Updated Since "${String(options.updatedSince)}" is not a date`,
				{
					itemIndex,
				},
			);
		}
		// TTS only accepts UTC timestamps ending in Z (pkg/jsonpb).
		updatedSince = time.toISOString();
	}
	return {
		applicationId: readApplicationId.call(this, itemIndex),
		limit: all ? undefined : (this.getNodeParameter('limit', itemIndex, 50) as number),
		fields: (options.fields as string[] | undefined) ?? ['name', 'description', 'last_seen_at'],
		order: (options.order as string | undefined) ?? 'device_id',
		updatedSince,
	};
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	input: GetAllInput,
): Promise<IDataObject[]> {
	const fieldMask = input.fields.join(',');
	if (input.updatedSince) {
		return await ttsApiRequestAllItems.call(this, {
			method: 'POST',
			path: '/applications/{application_id}/devices/filter',
			pathParams: { application_id: input.applicationId },
			body: {
				field_mask: { paths: input.fields },
				order: input.order,
				filters: [{ updated_since: input.updatedSince }],
			},
			paginateIn: 'body',
			idempotent: true,
			listKey: 'end_devices',
			limit: input.limit,
			itemIndex,
		});
	}
	return await ttsApiRequestAllItems.call(this, {
		method: 'GET',
		path: '/applications/{application_id}/devices',
		pathParams: { application_id: input.applicationId },
		qs: { field_mask: fieldMask, order: input.order },
		listKey: 'end_devices',
		limit: input.limit,
		itemIndex,
	});
}
