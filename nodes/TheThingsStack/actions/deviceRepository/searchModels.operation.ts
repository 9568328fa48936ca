import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { findIdProblem, ttsApiRequestAllItems } from '../../../shared/transport';
import { brandRLC } from '../../descriptions/deviceRepositoryFields';
import { readSearchInput, searchFields } from './searchInput';
import type { SearchInput } from './searchInput';

// devicerepository.proto EndDeviceModel: what a person (or an agent) needs to tell a model.
const MODEL_FIELDS = [
	'name',
	'description',
	'hardware_versions',
	'firmware_versions',
	'sensors',
	'dimensions',
	'weight',
	'battery',
	'operating_conditions',
	'ip_code',
	'key_provisioning',
	'key_security',
	'photos',
	'product_url',
	'datasheet_url',
	'additional_radios',
];

const properties: INodeProperties[] = [
	{
		...brandRLC,
		required: false,
		description: 'Only the models of this brand; empty for the models of every brand',
	},
	...searchFields('models', [
		['Brand ID', 'brand_id'],
		['Model ID', 'model_id'],
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['deviceRepository'], operation: ['searchModels'] } },
	properties,
);

interface ModelSearchInput extends SearchInput {
	brandId?: string;
}

export function prepare(this: IExecuteFunctions, itemIndex: number): ModelSearchInput {
	const brandId = String(
		this.getNodeParameter('brandId', itemIndex, '', { extractValue: true }) ?? '',
	).trim();
	const problem = brandId ? findIdProblem('brand_id', brandId) : undefined;
	if (problem) throw new NodeOperationError(this.getNode(), problem, { itemIndex });
	return { ...readSearchInput.call(this, itemIndex), brandId: brandId || undefined };
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ brandId, qs, limit: max }: ModelSearchInput,
): Promise<IDataObject[]> {
	return await ttsApiRequestAllItems.call(this, {
		method: 'GET',
		...(brandId
			? { path: '/dr/brands/{brand_id}/models', pathParams: { brand_id: brandId } }
			: { path: '/dr/models' }),
		qs: { ...qs, field_mask: MODEL_FIELDS.join(',') },
		listKey: 'models',
		limit: max,
		itemIndex,
	});
}
