import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { applicationRLC, deviceRLC } from '../../descriptions';
import type { DeviceRef } from './downlinkQueue';
import { readDeviceRef, writeQueue } from './downlinkQueue';

const properties: INodeProperties[] = [applicationRLC, deviceRLC];

export const description = updateDisplayOptions(
	{ show: { resource: ['downlink'], operation: ['clear'] } },
	properties,
);

export function prepare(this: IExecuteFunctions, itemIndex: number): DeviceRef {
	return readDeviceRef.call(this, itemIndex);
}

/** Empties the device's downlink queue (a replace with no downlinks, as the Console does). */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	ref: DeviceRef,
): Promise<IDataObject> {
	await writeQueue.call(this, 'replace', { ...ref, downlinks: [] }, itemIndex);
	return { application_id: ref.applicationId, device_id: ref.deviceId, cleared: true };
}
