import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ttsApiRequest } from '../../../shared/transport';
import { applicationRLC } from '../../descriptions';
import {
	APPLICATION_READABLE_FIELDS,
	DEFAULT_APPLICATION_FIELDS,
} from '../../descriptions/applicationFields';
import { fieldOptions } from '../../descriptions/entityFields';
import { fieldLabel } from '../../helpers/labels';
import { readApplicationId } from './applicationInput';

const properties: INodeProperties[] = [
	applicationRLC,
	{
		displayName: 'Fields',
		name: 'fields',
		type: 'multiOptions',
		options: fieldOptions(APPLICATION_READABLE_FIELDS, fieldLabel),
		default: [...DEFAULT_APPLICATION_FIELDS],
		description:
			'The application fields to read; the application ID and creation and update times always come with it',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['application'], operation: ['get'] } },
	properties,
);

interface GetInput {
	applicationId: string;
	fields: string[];
}

export function prepare(this: IExecuteFunctions, itemIndex: number): GetInput {
	return {
		applicationId: readApplicationId.call(this, itemIndex),
		fields: this.getNodeParameter('fields', itemIndex, DEFAULT_APPLICATION_FIELDS) as string[],
	};
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ applicationId, fields }: GetInput,
): Promise<IDataObject> {
	return await ttsApiRequest.call(this, {
		method: 'GET',
		path: '/applications/{application_id}',
		pathParams: { application_id: applicationId },
		qs: fields.length ? { field_mask: fields.join(',') } : {},
		itemIndex,
	});
}
