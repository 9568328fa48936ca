import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { applicationRLC, deviceRLC } from '../../descriptions';
import {
	appKeyField,
	appSKeyField,
	devAddrField,
	frequencyPlanField,
	lorawanVersionField,
	nwkKeyField,
	nwkSEncKeyField,
	nwkSKeyField,
	optionalDeviceFields,
	phyVersionField,
	sNwkSIntKeyField,
} from '../../descriptions/deviceFields';
import { mergeDevices } from '../../helpers/deviceFields';
import type { DeviceInput, DevicePlan } from '../../helpers/devicePlan';
import { planDeviceUpdate } from '../../helpers/devicePlan';
import { asNodeError, attachErrorDetails } from '../../helpers/errors';
import { applyFormatterChoices } from './deviceFormatters';
import type { DeviceRef } from './deviceServers';
import { readFromServer, serverName, writeToServers } from './deviceServers';
import {
	readApplicationId,
	readDeviceId,
	readOptionalDeviceFields,
	text,
	toInputError,
} from './deviceInput';

// In a collection, fields are shown unconditionally: the copies drop the activation-mode conditions.
const anyMode = (field: INodeProperties): INodeProperties => ({
	...field,
	displayOptions: undefined,
});

const updateFields: INodeProperties[] = [
	...optionalDeviceFields,
	anyMode(appKeyField),
	anyMode(appSKeyField),
	anyMode(devAddrField),
	{ ...frequencyPlanField, default: '' },
	{ ...lorawanVersionField, default: '' },
	anyMode(nwkKeyField),
	anyMode(nwkSEncKeyField),
	anyMode(nwkSKeyField),
	{ ...phyVersionField, default: '' },
	anyMode(sNwkSIntKeyField),
].sort((a, b) => a.displayName.localeCompare(b.displayName));

const properties: INodeProperties[] = [
	applicationRLC,
	deviceRLC,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: updateFields,
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['device'], operation: ['update'] } },
	properties,
);

export function prepare(this: IExecuteFunctions, itemIndex: number): DevicePlan {
	const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const input: DeviceInput = {
		applicationId: readApplicationId.call(this, itemIndex),
		deviceId: readDeviceId.call(this, itemIndex),
		...readOptionalDeviceFields.call(this, fields, itemIndex),
	};
	for (const name of [
		'frequencyPlanId',
		'lorawanVersion',
		'lorawanPhyVersion',
		'appKey',
		'nwkKey',
		'devAddr',
		'appSKey',
		'nwkSKey',
		'sNwkSIntKey',
		'nwkSEncKey',
	] as const) {
		if (fields[name] !== undefined && fields[name] !== '') input[name] = text(fields[name]);
	}
	try {
		return planDeviceUpdate(input);
	} catch (error) {
		throw toInputError.call(this, error, itemIndex);
	}
}

/**
 * Writes only the changed fields, each to the server that stores it, with its own field mask:
 * the Identity Server first, then the Join, Network and Application Server as needed.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	plan: DevicePlan,
): Promise<IDataObject> {
	const ref: DeviceRef = { applicationId: plan.applicationId, deviceId: plan.deviceId as string };
	// The Join Server needs the EUIs in every write, and only OTAA devices (with a JoinEUI) have one.
	const registered = (await readFromServer.call(this, 'is', ref, [], itemIndex)) as IDataObject;
	const registeredIds = registered.ids as IDataObject;
	Object.assign(plan.device.ids as IDataObject, registeredIds);
	if (plan.paths.js.length > 0 && !registeredIds.join_eui) {
		throw new NodeOperationError(
			this.getNode(),
			`Device "${ref.deviceId}" is an ABP device: it has no root keys`,
			{
				itemIndex,
				description: 'AppKey and NwkKey only exist for OTAA devices.',
			},
		);
	}
	await applyFormatterChoices.call(this, plan, 'update', itemIndex);
	const { answers, failure } = await writeToServers.call(
		this,
		ref,
		plan.device,
		plan.paths,
		['is', 'js', 'ns', 'as'],
		itemIndex,
	);
	if (failure) {
		const nodeError = asNodeError(this.getNode(), failure.error);
		nodeError.message = `Could not update device "${ref.deviceId}" on the ${serverName(failure.component)}: ${nodeError.message}`;
		throw attachErrorDetails(nodeError, {
			step: serverName(failure.component),
			...(failure.written.length > 0 ? { alreadyUpdatedOn: failure.written.map(serverName) } : {}),
		});
	}
	return mergeDevices(...answers.reverse(), registered);
}
