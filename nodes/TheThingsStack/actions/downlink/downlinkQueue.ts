import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { ttsApiRequest, ttsErrorOf } from '../../../shared/transport';
import type { DownlinkFields } from '../../helpers/downlinks';
import { downlinkFromFields, downlinksFromJson } from '../../helpers/downlinks';
import { asNodeError } from '../../helpers/errors';
import { readIdParameter, validated } from '../../helpers/parameters';
import { withHexPayload } from '../../helpers/payload';

export interface DeviceRef {
	applicationId: string;
	deviceId: string;
}

export interface QueueInput extends DeviceRef {
	downlinks: IDataObject[];
}

export function readDeviceRef(this: IExecuteFunctions, itemIndex: number): DeviceRef {
	return {
		applicationId: readIdParameter.call(this, 'applicationId', 'application_id', itemIndex),
		deviceId: readIdParameter.call(this, 'deviceId', 'device_id', itemIndex),
	};
}

/** Reads the downlinks of an item: one from the fields, or a list from JSON. */
export function readDownlinks(this: IExecuteFunctions, itemIndex: number): IDataObject[] {
	if (this.getNodeParameter('downlinkInput', itemIndex, 'fields') === 'json') {
		const json = this.getNodeParameter('downlinksJson', itemIndex, '[]');
		return validated(this, itemIndex, () => downlinksFromJson(json));
	}
	const options = this.getNodeParameter('downlinkOptions', itemIndex, {}) as IDataObject;
	const format = this.getNodeParameter('payloadFormat', itemIndex, 'hex') as string;
	const fields: DownlinkFields = {
		fPort: this.getNodeParameter('fPort', itemIndex, 1),
		payloadFormat: format as DownlinkFields['payloadFormat'],
		payload: format === 'json' ? undefined : this.getNodeParameter('payload', itemIndex, ''),
		decodedPayload:
			format === 'json' ? this.getNodeParameter('decodedPayload', itemIndex, '{}') : undefined,
		confirmed: this.getNodeParameter('confirmed', itemIndex, false) as boolean,
		retryAttempts: options.retryAttempts,
		priority: options.priority,
		classBcGateways: options.classBcGateways,
		absoluteTime: options.absoluteTime,
		correlationIds: options.correlationIds,
	};
	return [validated(this, itemIndex, () => downlinkFromFields(fields))];
}

/**
 * Pushes downlinks to the end of the device's queue, or replaces the queue with them (an empty
 * list clears it), on the Application Server.
 */
export async function writeQueue(
	this: IExecuteFunctions,
	mode: 'push' | 'replace',
	{ applicationId, deviceId, downlinks }: QueueInput,
	itemIndex: number,
): Promise<IDataObject> {
	try {
		await ttsApiRequest.call(this, {
			method: 'POST',
			path: `/as/applications/{application_id}/devices/{device_id}/down/${mode}`,
			pathParams: { application_id: applicationId, device_id: deviceId },
			body: { downlinks },
			itemIndex,
		});
	} catch (error) {
		throw explainQueueError.call(this, error, deviceId);
	}
	return {
		application_id: applicationId,
		device_id: deviceId,
		downlinks: downlinks.map(withHexPayload),
	};
}

/**
 * pkg/applicationserver: downlinks need a session (`no_device_session`), even to clear the queue,
 * and an FPort after encoding (`no_f_port`).
 */
export function explainQueueError(this: IExecuteFunctions, error: unknown, deviceId: string) {
	const nodeError = asNodeError(this.getNode(), error);
	const name = ttsErrorOf(error)?.name;
	if (name === 'no_device_session') {
		nodeError.message = `Device "${deviceId}" has not joined yet: it has no session to queue downlinks on`;
	} else if (name === 'device_not_found') {
		nodeError.message = `Device "${deviceId}" is not registered on the Application Server`;
	} else if (name === 'no_f_port') {
		nodeError.message = `Downlink to device "${deviceId}" has no FPort, and no payload formatter gave one`;
		nodeError.description = [
			'Give an FPort, or give the device (or its application) a JavaScript downlink formatter whose encodeDownlink returns fPort.',
			nodeError.description,
		]
			.filter(Boolean)
			.join('\n\n');
	}
	return nodeError;
}
