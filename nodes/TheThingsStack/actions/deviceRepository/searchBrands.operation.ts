import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ttsApiRequestAllItems } from '../../../shared/transport';
import { readSearchInput, searchFields } from './searchInput';
import type { SearchInput } from './searchInput';

// devicerepository.proto ListEndDeviceBrandsRequest order_by; EndDeviceBrand fields.
const BRAND_FIELDS = [
	'name',
	'lora_alliance_vendor_id',
	'website',
	'email',
	'logo',
	'private_enterprise_number',
	'organization_unique_identifiers',
];

const properties: INodeProperties[] = [
	...searchFields('brands', [
		['Brand ID', 'brand_id'],
		['Name', 'name'],
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['deviceRepository'], operation: ['searchBrands'] } },
	properties,
);

export function prepare(this: IExecuteFunctions, itemIndex: number): SearchInput {
	return readSearchInput.call(this, itemIndex);
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	input: SearchInput,
): Promise<IDataObject[]> {
	return await ttsApiRequestAllItems.call(this, {
		method: 'GET',
		path: '/dr/brands',
		qs: { ...input.qs, field_mask: BRAND_FIELDS.join(',') },
		listKey: 'brands',
		limit: input.limit,
		itemIndex,
	});
}
