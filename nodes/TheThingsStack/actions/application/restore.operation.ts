import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ttsApiRequest } from '../../../shared/transport';
import { applicationRLC } from '../../descriptions';
import { listingWith } from '../../descriptions/entityLocators';
import { readApplicationId } from './applicationInput';

const properties: INodeProperties[] = [
	listingWith(
		applicationRLC,
		'searchDeletedApplications',
		'The deleted application, picked from the list of deleted applications or given by its ID',
	),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['application'], operation: ['restore'] } },
	properties,
);

export function prepare(this: IExecuteFunctions, itemIndex: number): string {
	return readApplicationId.call(this, itemIndex);
}

/** Restores a deleted application, within the restore window (24 hours by default). */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	applicationId: string,
): Promise<IDataObject> {
	await ttsApiRequest.call(this, {
		method: 'POST',
		path: '/applications/{application_id}/restore',
		pathParams: { application_id: applicationId },
		itemIndex,
	});
	return { application_id: applicationId, restored: true };
}
