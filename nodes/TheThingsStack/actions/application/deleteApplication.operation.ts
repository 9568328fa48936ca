import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ttsApiRequest } from '../../../shared/transport';
import { applicationRLC } from '../../descriptions';
import { explainApplicationHasDevices } from '../../helpers/entityErrors';
import { readApplicationId } from './applicationInput';

const properties: INodeProperties[] = [applicationRLC];

export const description = updateDisplayOptions(
	{ show: { resource: ['application'], operation: ['deleteApplication'] } },
	properties,
);

export function prepare(this: IExecuteFunctions, itemIndex: number): string {
	return readApplicationId.call(this, itemIndex);
}

/** Deletes an application without devices; its ID stays reserved until it is purged. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	applicationId: string,
): Promise<IDataObject> {
	try {
		await ttsApiRequest.call(this, {
			method: 'DELETE',
			path: '/applications/{application_id}',
			pathParams: { application_id: applicationId },
			itemIndex,
		});
	} catch (error) {
		throw explainApplicationHasDevices(this.getNode(), error, applicationId, 'deleted');
	}
	return { application_id: applicationId, deleted: true };
}
