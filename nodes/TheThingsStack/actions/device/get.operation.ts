import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { applicationRLC, deviceRLC } from '../../descriptions';
import type { Component } from '../../helpers/deviceFields';
import { mergeDevices, readableTopLevelFields, splitGetPaths } from '../../helpers/deviceFields';
import { fieldLabel } from '../../helpers/labels';
import type { DeviceRef } from './deviceServers';
import { readFromServer } from './deviceServers';
import { readApplicationId, readDeviceId } from './deviceInput';

export const DEFAULT_DEVICE_FIELDS = [
	'name',
	'description',
	'attributes',
	'locations',
	'version_ids',
	'network_server_address',
	'application_server_address',
	'join_server_address',
	'frequency_plan_id',
	'lorawan_version',
	'lorawan_phy_version',
	'supports_join',
	'supports_class_b',
	'supports_class_c',
	'formatters',
	'last_seen_at',
];

const properties: INodeProperties[] = [
	applicationRLC,
	deviceRLC,
	{
		displayName: 'Fields',
		name: 'fields',
		type: 'multiOptions',
		options: readableTopLevelFields()
			.map((field) => ({ name: fieldLabel(field), value: field }))
			.sort((a, b) => a.name.localeCompare(b.name)),
		default: [...DEFAULT_DEVICE_FIELDS],
		description:
			'The fields to read. Each is read from the server that stores it (Identity, Join, Network or Application Server); keys need an API key with the right to read device keys.',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['device'], operation: ['get'] } },
	properties,
);

interface GetInput {
	ref: DeviceRef;
	fields: string[];
}

export function prepare(this: IExecuteFunctions, itemIndex: number): GetInput {
	return {
		ref: {
			applicationId: readApplicationId.call(this, itemIndex),
			deviceId: readDeviceId.call(this, itemIndex),
		},
		fields: this.getNodeParameter('fields', itemIndex, DEFAULT_DEVICE_FIELDS) as string[],
	};
}

/** Reads the device from the Identity Server, then, in parallel, from the servers holding the other fields. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ ref, fields }: GetInput,
): Promise<IDataObject> {
	return await readMergedDevice.call(this, ref, fields, itemIndex);
}

export async function readMergedDevice(
	this: IExecuteFunctions,
	ref: DeviceRef,
	fields: string[],
	itemIndex: number,
): Promise<IDataObject> {
	const split = splitGetPaths(fields);
	const fromIdentityServer = await readFromServer.call(this, 'is', ref, split.is, itemIndex);
	const others = (['js', 'ns', 'as'] as Component[]).filter(
		(component) => split[component].length > 0,
	);
	const views = await Promise.all(
		others.map(
			async (component) =>
				await readFromServer.call(this, component, ref, split[component], itemIndex),
		),
	);
	return mergeDevices(fromIdentityServer, ...views);
}
