import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { applicationRLC, deviceRLC } from '../../descriptions';
import type { Component } from '../../helpers/deviceFields';
import { attachErrorDetails } from '../../helpers/errors';
import type { DeviceRef } from './deviceServers';
import { deleteFromAllServers, remainingServers, serverName } from './deviceServers';
import { readApplicationId, readDeviceId } from './deviceInput';

const properties: INodeProperties[] = [applicationRLC, deviceRLC];

export const description = updateDisplayOptions(
	{ show: { resource: ['device'], operation: ['deleteDevice'] } },
	properties,
);

export function prepare(this: IExecuteFunctions, itemIndex: number): DeviceRef {
	return {
		applicationId: readApplicationId.call(this, itemIndex),
		deviceId: readDeviceId.call(this, itemIndex),
	};
}

/**
 * Deletes the device from the Application, Network and Join Server, then from the Identity Server;
 * a server that does not hold it is fine, so half-registered devices are cleaned up too.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	ref: DeviceRef,
): Promise<IDataObject> {
	const outcome = await deleteFromAllServers.call(this, ref, itemIndex);
	const servers = Object.fromEntries(
		Object.entries(outcome.results).map(([component, result]) => [
			serverName(component as Component),
			typeof result === 'object' ? `failed: ${result.error}` : result,
		]),
	);
	if (!outcome.complete) {
		const left = remainingServers(outcome).map(serverName);
		throw attachErrorDetails(
			new NodeOperationError(
				this.getNode(),
				`Device "${ref.deviceId}" could not be deleted everywhere: it is still on the ${left.join(', ')}`,
				{
					itemIndex,
					description: `Per server: ${Object.entries(servers)
						.map(([server, result]) => `${server}: ${result}`)
						.join(
							'; ',
						)}. The Identity Server entry is kept while other servers still hold the device, so it can be found and deleted again.`,
				},
			),
			{ servers, remainingOn: left },
		);
	}
	if (
		outcome.results.is === 'not found' &&
		Object.values(outcome.results).every((result) => result === 'not found')
	) {
		throw new NodeOperationError(
			this.getNode(),
			`Device "${ref.deviceId}" does not exist in application "${ref.applicationId}"`,
			{
				itemIndex,
				description: 'No server holds a device with this ID.',
			},
		);
	}
	return { application_id: ref.applicationId, device_id: ref.deviceId, deleted: true, servers };
}
