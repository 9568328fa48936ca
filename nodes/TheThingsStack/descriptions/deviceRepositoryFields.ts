import type { INodeProperties } from 'n8n-workflow';

import { entityLocator } from './locators';

/**
 * A device model of the LoRaWAN Device Repository, picked as the Console picks it: brand, model,
 * hardware version, firmware version, band, each list depending on the choice before it
 * (pkg/webui/console/containers/device-profile-section). Shared by Device → Create and the
 * Device Repository resource.
 */

export const brandRLC: INodeProperties = entityLocator({
	displayName: 'Brand',
	name: 'brandId',
	searchListMethod: 'searchDeviceBrands',
	example: 'dragino',
	description:
		'The maker of the device, as the LoRaWAN Device Repository names it (the brand_id column of the Console’s CSV import)',
});

export const modelRLC: INodeProperties = {
	...entityLocator({
		displayName: 'Model',
		name: 'modelId',
		searchListMethod: 'searchDeviceModels',
		example: 'lht65',
		description: 'The device model of the brand (the model_id column of the Console’s CSV import)',
	}),
	typeOptions: { loadOptionsDependsOn: ['brandId.value'] },
};

export const hardwareVersionField: INodeProperties = {
	displayName: 'Hardware Version Name or ID',
	name: 'hardwareVersion',
	type: 'options',
	typeOptions: {
		loadOptionsMethod: 'getDeviceHardwareVersions',
		loadOptionsDependsOn: ['brandId.value', 'modelId.value'],
	},
	default: '',
	description:
		'The hardware revision of the device; models without revisions have none. Stored on the device with the other version IDs. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

export const firmwareVersionField: INodeProperties = {
	displayName: 'Firmware Version Name or ID',
	name: 'firmwareVersion',
	type: 'options',
	typeOptions: {
		loadOptionsMethod: 'getDeviceFirmwareVersions',
		loadOptionsDependsOn: ['brandId.value', 'modelId.value', 'hardwareVersion'],
	},
	default: '',
	required: true,
	description:
		'The firmware the device runs; the list shows those made for the hardware version. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

export const bandField: INodeProperties = {
	displayName: 'Band Name or ID',
	name: 'bandId',
	type: 'options',
	typeOptions: {
		loadOptionsMethod: 'getDeviceBands',
		loadOptionsDependsOn: ['brandId.value', 'modelId.value', 'firmwareVersion'],
	},
	default: '',
	required: true,
	description:
		'The radio band of the device’s profile, e.g. EU_863_870 or US_902_928 (the Console’s "Profile (Region)"). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

/** The four fields that name a profile and its codec, and the hardware version next to them. */
export const deviceModelFields: INodeProperties[] = [
	brandRLC,
	modelRLC,
	hardwareVersionField,
	firmwareVersionField,
	bandField,
];
