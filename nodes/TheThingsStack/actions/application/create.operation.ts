import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ttsApiRequest } from '../../../shared/transport';
import {
	applicationIdField,
	optionalApplicationFields,
} from '../../descriptions/applicationFields';
import { ownerFields } from '../../descriptions/ownerFields';
import type { Owner } from '../../helpers/owner';
import { ownerOfApiKey, ownerPath } from '../../helpers/owner';
import { readOwnerParameter } from '../../helpers/parameters';
import { readApplicationFields, readApplicationId } from './applicationInput';

const properties: INodeProperties[] = [
	applicationIdField,
	...ownerFields('application'),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: optionalApplicationFields,
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['application'], operation: ['create'] } },
	properties,
);

interface CreateInput {
	application: IDataObject;
	owner?: Owner;
}

export function prepare(this: IExecuteFunctions, itemIndex: number): CreateInput {
	const applicationId = readApplicationId.call(this, itemIndex);
	const fields = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const application = readApplicationFields.call(this, fields, itemIndex);
	for (const [field, value] of Object.entries(application)) {
		if (value === '') delete application[field];
	}
	application.ids = { application_id: applicationId };
	return { application, owner: readOwnerParameter.call(this, 'owner', itemIndex) };
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	input: CreateInput,
): Promise<IDataObject> {
	const owner = input.owner ?? (await ownerOfApiKey.call(this, 'application', itemIndex));
	return await ttsApiRequest.call(this, {
		method: 'POST',
		...ownerPath(owner, 'applications'),
		body: { application: input.application },
		itemIndex,
	});
}
