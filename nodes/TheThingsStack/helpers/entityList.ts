import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { ttsApiRequestAllItems } from '../../shared/transport';
import type { Owner } from './owner';
import { ownerPath } from './owner';
import { readOwnerParameter } from './parameters';

/** What a Get Many of applications or gateways lists. */
export interface ListInput {
	/** Undefined: everything the API key has rights on. */
	ownedBy?: Owner;
	/** Undefined: all of them. */
	limit?: number;
	fields: string[];
	order: string;
	deleted: boolean;
}

export function readListInput(
	this: IExecuteFunctions,
	itemIndex: number,
	defaultFields: string[],
	defaultOrder: string,
): ListInput {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const all = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	return {
		ownedBy:
			this.getNodeParameter('ownedBy', itemIndex, 'all') === 'all'
				? undefined
				: readOwnerParameter.call(this, 'ownedBy', itemIndex),
		limit: all ? undefined : (this.getNodeParameter('limit', itemIndex, 50) as number),
		fields: (options.fields as string[] | undefined) ?? defaultFields,
		order: (options.order as string | undefined) ?? defaultOrder,
		deleted: options.deleted === true,
	};
}

/** Lists applications or gateways page by page, from the Identity Server. */
export async function listEntities(
	this: IExecuteFunctions,
	collection: 'applications' | 'gateways',
	input: ListInput,
	itemIndex: number,
): Promise<IDataObject[]> {
	const location = input.ownedBy
		? ownerPath(input.ownedBy, collection)
		: { path: `/${collection}`, pathParams: {} };
	return await ttsApiRequestAllItems.call(this, {
		method: 'GET',
		...location,
		qs: {
			...(input.fields.length ? { field_mask: input.fields.join(',') } : {}),
			order: input.order,
			...(input.deleted ? { deleted: true } : {}),
		},
		listKey: collection,
		limit: input.limit,
		itemIndex,
	});
}
