import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { getConnection } from '../../../shared/transport';
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
import { includeKeysOption } from '../../descriptions/deviceOptions';
import { mergeDevices } from '../../helpers/deviceFields';
import { withoutKeys } from '../../helpers/deviceKeys';
import type { DeviceInput, DevicePlan } from '../../helpers/devicePlan';
import { planDeviceUpdate } from '../../helpers/devicePlan';
import { asNodeError, attachErrorDetails } from '../../helpers/errors';
import { applyFormatterChoices } from './deviceFormatters';
import { deviceFieldLabel } from '../../helpers/labels';
import type { ClusterComponent } from '../../helpers/serverPlacement';
import {
	ADDRESS_FIELDS,
	addressesAfterWrite,
	clusterOf,
	placeExistingDevice,
} from '../../helpers/serverPlacement';
import type { DeviceRef } from './deviceServers';
import { readRegistration, serverName, writeToServers } from './deviceServers';
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
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [includeKeysOption],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['device'], operation: ['update'] } },
	properties,
);

interface UpdateInput {
	plan: DevicePlan;
	includeKeys: boolean;
}

export function prepare(this: IExecuteFunctions, itemIndex: number): UpdateInput {
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
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	try {
		return { plan: planDeviceUpdate(input), includeKeys: options.includeKeys === true };
	} catch (error) {
		throw toInputError.call(this, error, itemIndex);
	}
}

/**
 * Writes only the changed fields, each to the server that stores it, with its own field mask:
 * the Identity Server first, then the Join, Network and Application Server as needed. A field of a
 * server that the device has elsewhere (another cluster, an external Join Server) is refused
 * before anything is written.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ plan, includeKeys }: UpdateInput,
): Promise<IDataObject> {
	const ref: DeviceRef = { applicationId: plan.applicationId, deviceId: plan.deviceId as string };
	// The Join Server needs the EUIs in every write, and only OTAA devices (with a JoinEUI) have one.
	const registered = await readRegistration.call(this, ref, itemIndex);
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
	await refuseServersElsewhere.call(this, ref, plan, registered, itemIndex);
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
	const { ids, created_at: createdAt, updated_at: updatedAt } = registered;
	const device = mergeDevices(...answers.reverse(), {
		ids,
		created_at: createdAt,
		updated_at: updatedAt,
	});
	return includeKeys ? device : withoutKeys(device);
}

// The Console skips such a server without a word (sdk/js/src/service/devices/index.js
// updateById); ttn-lw-cli refuses (end_devices.go `end-devices set`,
// end_device_server_address_mismatch). Refusing says why; a Network Server would otherwise
// create the device from the update alone and answer with a bare field_value error.
async function refuseServersElsewhere(
	this: IExecuteFunctions,
	ref: DeviceRef,
	plan: DevicePlan,
	registered: IDataObject,
	itemIndex: number,
): Promise<void> {
	const addresses = addressesAfterWrite(registered, plan.device);
	const written = (['js', 'ns', 'as'] as ClusterComponent[]).filter(
		(component) => plan.paths[component].length > 0,
	);
	const cluster = clusterOf(await getConnection.call(this));
	const [first] = written.filter(
		(component) => placeExistingDevice(addresses, [component], cluster).skipped.length > 0,
	);
	if (!first) return;
	const server = serverName(first);
	const address = String(addresses[ADDRESS_FIELDS[first]] ?? '');
	const fields = plan.paths[first].map(deviceFieldLabel).join(', ');
	throw new NodeOperationError(
		this.getNode(),
		address
			? `Device "${ref.deviceId}" is registered on the ${server} at ${address}, not on this cluster: ${fields} cannot be changed here`
			: `Device "${ref.deviceId}" names no ${server}: ${fields} cannot be changed on this cluster’s ${server}`,
		{
			itemIndex,
			description: address
				? `This cluster is ${cluster.hostname}. Use a credential for that cluster to change these fields, or change only what the Identity Server stores (name, description, attributes, location). Nothing was written.`
				: `Its keys are on an external ${server}, or the device was claimed; change them there. Nothing was written.`,
		},
	);
}
