import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { applicationRLC, deviceRLC } from '../../descriptions';
import { downlinkFields } from '../../descriptions/downlinkFields';
import type { QueueInput } from './downlinkQueue';
import { readDeviceRef, readDownlinks, writeQueue } from './downlinkQueue';

const properties: INodeProperties[] = [applicationRLC, deviceRLC, ...downlinkFields];

export const description = updateDisplayOptions(
	{ show: { resource: ['downlink'], operation: ['push'] } },
	properties,
);

export function prepare(this: IExecuteFunctions, itemIndex: number): QueueInput {
	return { ...readDeviceRef.call(this, itemIndex), downlinks: readDownlinks.call(this, itemIndex) };
}

/** Adds the downlinks to the end of the device's queue; a class A device gets them after its next uplinks. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	input: QueueInput,
): Promise<IDataObject> {
	return await writeQueue.call(this, 'push', input, itemIndex);
}
