import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { applicationRLC, deviceRLC } from '../../descriptions';
import type { Component } from '../../helpers/deviceFields';
import { mergeDevices, readableTopLevelFields, splitGetPaths } from '../../helpers/deviceFields';
import { fieldLabel } from '../../helpers/labels';
import type { DeviceRef } from './deviceServers';
import { readFromServer } from './deviceServers';
import { readApplicationId, readDeviceId } from './deviceInput';
import { repositoryInfoOf } from './repositoryInfo';

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
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Include Device Repository Info',
				name: 'includeRepositoryInfo',
				type: 'boolean',
				default: false,
				description:
					'Whether to add what the LoRaWAN Device Repository says about the device’s brand, model, hardware and firmware version and band (names, sensors, links, profile), under device_repository. Costs a read of the brand and of the model, once per run.',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['device'], operation: ['get'] } },
	properties,
);

interface GetInput {
	ref: DeviceRef;
	fields: string[];
	includeRepositoryInfo: boolean;
}

export function prepare(this: IExecuteFunctions, itemIndex: number): GetInput {
	return {
		ref: {
			applicationId: readApplicationId.call(this, itemIndex),
			deviceId: readDeviceId.call(this, itemIndex),
		},
		fields: this.getNodeParameter('fields', itemIndex, DEFAULT_DEVICE_FIELDS) as string[],
		includeRepositoryInfo:
			(this.getNodeParameter('options', itemIndex, {}) as IDataObject).includeRepositoryInfo ===
			true,
	};
}

/** Reads the device from the Identity Server, then, in parallel, from the servers holding the other fields. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ ref, fields, includeRepositoryInfo }: GetInput,
): Promise<IDataObject> {
	if (!includeRepositoryInfo) return await readMergedDevice.call(this, ref, fields, itemIndex);
	const device = await readMergedDevice.call(
		this,
		ref,
		[...new Set([...fields, 'version_ids'])],
		itemIndex,
	);
	return {
		...device,
		device_repository: await repositoryInfoOf.call(
			this,
			device.version_ids as IDataObject | undefined,
		),
	};
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
