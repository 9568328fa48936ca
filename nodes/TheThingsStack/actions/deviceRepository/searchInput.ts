import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { limit, returnAll } from '../../descriptions';

export interface SearchInput {
	qs: IDataObject;
	/** Undefined for Return All. */
	limit?: number;
}

/**
 * Search, Return All / Limit and Order By of Search Brands and Search Models: the `search`,
 * paging and `order_by` of ListBrands and ListModels, as the repository's index applies them.
 */
export function searchFields(
	what: 'brands' | 'models',
	orderFields: Array<[string, string]>,
): INodeProperties[] {
	return [
		{
			displayName: 'Search',
			name: 'search',
			type: 'string',
			default: '',
			placeholder: what === 'brands' ? 'dragino' : 'temperature humidity',
			description:
				what === 'brands'
					? 'Words to find in the brand’s name, ID or its models (whole words; add * for a prefix, e.g. drag*). Empty lists every brand.'
					: 'Words to find in the model’s name, description, sensors or brand (whole words; add * for a prefix, e.g. lht*; +word must match, -word must not). Empty lists every model.',
		},
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
					displayName: 'Order By',
					name: 'orderBy',
					type: 'options',
					options: [
						{ name: 'Repository Order', value: '' },
						...orderFields.flatMap(([label, field]) => [
							{ name: `${label} (Ascending)`, value: field },
							{ name: `${label} (Descending)`, value: `-${field}` },
						]),
					].sort((a, b) => a.name.localeCompare(b.name)),
					default: '',
				},
			],
		},
	];
}

// devicerepository.proto: search at most 100 characters.
const MAX_SEARCH_LENGTH = 100;

export function readSearchInput(this: IExecuteFunctions, itemIndex: number): SearchInput {
	const search = String(this.getNodeParameter('search', itemIndex, '') ?? '').trim();
	if (search.length > MAX_SEARCH_LENGTH) {
		throw new NodeOperationError(
			this.getNode(),
			`Search is ${search.length} characters long: the Device Repository accepts at most ${MAX_SEARCH_LENGTH}`,
			{ itemIndex },
		);
	}
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const all = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	return {
		qs: {
			...(search ? { search } : {}),
			...(options.orderBy ? { order_by: options.orderBy } : {}),
		},
		limit: all ? undefined : Number(this.getNodeParameter('limit', itemIndex, 50)),
	};
}
