import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ttsApiRequest } from '../../../shared/transport';
import { applicationRLC, deviceRLC } from '../../descriptions';
import { withHexPayload } from '../../helpers/payload';
import type { DeviceRef } from './downlinkQueue';
import { explainQueueError, readDeviceRef } from './downlinkQueue';

const properties: INodeProperties[] = [applicationRLC, deviceRLC];

export const description = updateDisplayOptions(
	{ show: { resource: ['downlink'], operation: ['list'] } },
	properties,
);

export function prepare(this: IExecuteFunctions, itemIndex: number): DeviceRef {
	return readDeviceRef.call(this, itemIndex);
}

/** The device's queued downlinks, oldest first, with their frame counters and payloads (base64 and hex). */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	ref: DeviceRef,
): Promise<IDataObject> {
	let body: IDataObject;
	try {
		body = await ttsApiRequest.call(this, {
			method: 'GET',
			path: '/as/applications/{application_id}/devices/{device_id}/down',
			pathParams: { application_id: ref.applicationId, device_id: ref.deviceId },
			itemIndex,
		});
	} catch (error) {
		throw explainQueueError.call(this, error, ref.deviceId);
	}
	const downlinks = ((body.downlinks as IDataObject[] | undefined) ?? []).map(withHexPayload);
	return {
		application_id: ref.applicationId,
		device_id: ref.deviceId,
		count: downlinks.length,
		downlinks,
	};
}
