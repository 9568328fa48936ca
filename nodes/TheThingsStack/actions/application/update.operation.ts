import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { ttsApiRequest } from '../../../shared/transport';
import { applicationRLC } from '../../descriptions';
import { optionalApplicationFields } from '../../descriptions/applicationFields';
import { topLevelPaths } from '../../helpers/parameters';
import { readApplicationFields, readApplicationId } from './applicationInput';

const properties: INodeProperties[] = [
	applicationRLC,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: optionalApplicationFields,
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['application'], operation: ['update'] } },
	properties,
);

interface UpdateInput {
	applicationId: string;
	application: IDataObject;
	paths: string[];
}

export function prepare(this: IExecuteFunctions, itemIndex: number): UpdateInput {
	const applicationId = readApplicationId.call(this, itemIndex);
	const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const application = readApplicationFields.call(this, fields, itemIndex);
	const paths = topLevelPaths(application);
	if (paths.length === 0) {
		throw new NodeOperationError(this.getNode(), 'Update Fields is empty', {
			itemIndex,
			description: 'Add at least one field to change.',
		});
	}
	application.ids = { application_id: applicationId };
	return { applicationId, application, paths };
}

/** Writes only the given fields, with a field mask. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ applicationId, application, paths }: UpdateInput,
): Promise<IDataObject> {
	return await ttsApiRequest.call(this, {
		method: 'PUT',
		path: '/applications/{application_id}',
		pathParams: { application_id: applicationId },
		body: { application, field_mask: { paths } },
		itemIndex,
	});
}
