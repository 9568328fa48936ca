import type { IDataObject, IExecuteFunctions, INodeProperties, NodeApiError } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { getConnection, ttsApiRequest } from '../../../shared/transport';
import { applicationRLC } from '../../descriptions';
import {
	activationModeField,
	appKeyField,
	appSKeyField,
	devAddrField,
	devEuiField,
	deviceIdField,
	frequencyPlanField,
	joinEuiField,
	lorawanVersionField,
	nwkKeyField,
	nwkSEncKeyField,
	nwkSKeyField,
	optionalDeviceFields,
	phyVersionField,
	sNwkSIntKeyField,
} from '../../descriptions/deviceFields';
import { includeKeysOption } from '../../descriptions/deviceOptions';
import { asNodeError, attachErrorDetails, prependDescription } from '../../helpers/errors';
import type { Component } from '../../helpers/deviceFields';
import { mergeDevices } from '../../helpers/deviceFields';
import { generatedKeyValues, withoutKeys } from '../../helpers/deviceKeys';
import type { DeviceInput, DevicePlan } from '../../helpers/devicePlan';
import { deviceIdFromDevEui, planDeviceCreation } from '../../helpers/devicePlan';
import type { ClusterIdentity } from '../../helpers/serverPlacement';
import { clusterOf, clusterServersFor, placeNewDevice } from '../../helpers/serverPlacement';
import { getFrequencyPlans, getPhyVersionsForBand } from '../../helpers/stackConfiguration';
import type { DeviceRef } from './deviceServers';
import {
	deleteFromAllServers,
	remainingServers,
	serverName,
	writeToServers,
} from './deviceServers';
import { applyFormatterChoices } from './deviceFormatters';
import { readRepositoryVersion, versionIdentifiers } from '../../helpers/repositoryVersion';
import { applyTemplate, findRepositoryFormatterProblem } from '../../helpers/repositoryProfile';
import {
	chooseFromRepository,
	inputMethodField,
	repositoryFields,
	repositoryKeyFields,
} from './repositoryInput';
import { readApplicationId, readOptionalDeviceFields, text, toInputError } from './deviceInput';
import type { Registration } from './existingDevice';
import {
	deviceExistsError,
	existsAdvice,
	registerOnIdentityServer,
	updateExistingDevice,
} from './existingDevice';

const DEFAULT_CONCURRENCY = 10;

const manually = { show: { inputMethod: ['manual'] } };

const properties: INodeProperties[] = [
	applicationRLC,
	inputMethodField,
	...repositoryFields,
	activationModeField,
	deviceIdField,
	devEuiField,
	joinEuiField,
	appKeyField,
	nwkKeyField,
	devAddrField,
	appSKeyField,
	nwkSKeyField,
	sNwkSIntKeyField,
	nwkSEncKeyField,
	...repositoryKeyFields,
	{ ...frequencyPlanField, required: true, displayOptions: manually },
	{ ...lorawanVersionField, displayOptions: manually },
	{ ...phyVersionField, displayOptions: manually },
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: optionalDeviceFields,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Concurrency',
				name: 'concurrency',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 100 },
				default: DEFAULT_CONCURRENCY,
				description:
					'How many devices to register at the same time. The node slows down by itself when the server’s rate limit runs low.',
			},
			{
				displayName: 'Generate Missing Keys',
				name: 'generateKeys',
				type: 'boolean',
				default: false,
				description:
					'Whether to generate random keys for empty key fields (AppKey, NwkKey, session keys) of a new device. Generated keys are in the output, under generated_keys. An existing device keeps its keys.',
			},
			{
				displayName: 'If the Device Exists',
				name: 'ifExists',
				type: 'options',
				options: [
					{ name: 'Fail', value: 'fail', description: 'Report an error for this item' },
					{
						name: 'Update It',
						value: 'update',
						description:
							'Write the given fields to the existing device (same EUIs required); generated keys are not written to it',
					},
				],
				default: 'fail',
			},
			includeKeysOption,
			{
				displayName: 'Issue DevEUI From Application Block',
				name: 'issueDevEui',
				type: 'boolean',
				default: false,
				description:
					'Whether to take the DevEUI from the application’s DevEUI block when the DevEUI field is empty',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['device'], operation: ['create'] } },
	properties,
);

interface CreateInput {
	plan: DevicePlan;
	ifExists: 'fail' | 'update';
	issueDevEui: boolean;
	includeKeys: boolean;
}

export function concurrency(this: IExecuteFunctions): number {
	return Number(this.getNodeParameter('options.concurrency', 0, DEFAULT_CONCURRENCY));
}

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<CreateInput> {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const activationMode = this.getNodeParameter(
		'activationMode',
		itemIndex,
	) as DeviceInput['activationMode'];
	const otaa = activationMode === 'otaa';
	const param = (name: string) => text(this.getNodeParameter(name, itemIndex, ''));
	const applicationId = readApplicationId.call(this, itemIndex);
	const fromRepository = this.getNodeParameter('inputMethod', itemIndex, 'manual') === 'repository';
	const version = fromRepository ? readRepositoryVersion.call(this, itemIndex) : undefined;
	const repository = version
		? await chooseFromRepository.call(this, version, activationMode ?? 'otaa', itemIndex)
		: undefined;
	const input: DeviceInput = {
		applicationId,
		activationMode,
		deviceId: param('deviceId'),
		devEui: param('devEui'),
		...(repository
			? {
					frequencyPlanId: repository.frequencyPlanId,
					lorawanVersion: repository.lorawanVersion,
					lorawanPhyVersion: repository.lorawanPhyVersion,
				}
			: {
					frequencyPlanId: param('frequencyPlanId'),
					lorawanVersion: param('lorawanVersion'),
					lorawanPhyVersion: param('lorawanPhyVersion'),
				}),
		...(otaa
			? { joinEui: param('joinEui'), appKey: param('appKey'), nwkKey: param('nwkKey') }
			: {
					devAddr: param('devAddr'),
					appSKey: param('appSKey'),
					nwkSKey: param('nwkSKey'),
					sNwkSIntKey: param('sNwkSIntKey'),
					nwkSEncKey: param('nwkSEncKey'),
				}),
		...readOptionalDeviceFields.call(
			this,
			this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject,
			itemIndex,
		),
	};
	const connection = await getConnection.call(this);
	const issueDevEui = options.issueDevEui === true && !input.devEui?.trim();
	let plan: DevicePlan;
	try {
		plan = planDeviceCreation(input, {
			clusterHost: new URL(connection.hosts.cluster).host,
			generateKeys: options.generateKeys === true,
			devEuiIssuedLater: issueDevEui,
		});
	} catch (error) {
		throw toInputError.call(this, error, itemIndex);
	}
	if (repository && version) applyTemplate(plan, repository.template, versionIdentifiers(version));
	const formatterProblem = findRepositoryFormatterProblem(plan);
	if (formatterProblem) {
		throw new NodeOperationError(this.getNode(), formatterProblem, {
			itemIndex,
			description: 'Nothing was sent to The Things Stack.',
		});
	}
	await checkBand.call(this, plan, itemIndex);
	return {
		plan,
		ifExists: options.ifExists === 'update' ? 'update' : 'fail',
		issueDevEui,
		includeKeys: options.includeKeys === true,
	};
}

// The Network Server rejects a regional parameters version its band does not define; checking it
// against the cluster's own tables catches that before anything is created.
async function checkBand(
	this: IExecuteFunctions,
	plan: DevicePlan,
	itemIndex: number,
): Promise<void> {
	const planId = plan.device.frequency_plan_id as string;
	const plans = await getFrequencyPlans.call(this).catch(() => undefined);
	if (!plans || plans.length === 0) return;
	const frequencyPlan = plans.find((candidate) => candidate.id === planId);
	if (!frequencyPlan) {
		throw new NodeOperationError(
			this.getNode(),
			`Frequency Plan "${planId}" is not known to the server`,
			{
				itemIndex,
				description: `Choose one from the list, e.g. ${plans
					.slice(0, 5)
					.map((candidate) => candidate.id)
					.join(', ')}.`,
			},
		);
	}
	const phy = plan.device.lorawan_phy_version as string;
	const versions = await getPhyVersionsForBand.call(this, frequencyPlan.bandId);
	if (versions && !versions.includes(phy)) {
		throw new NodeOperationError(
			this.getNode(),
			`Regional Parameters Version ${phy} is not defined for band ${frequencyPlan.bandId} of frequency plan ${planId}`,
			{ itemIndex, description: `The band supports ${versions.join(', ')}.` },
		);
	}
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ plan, ifExists, issueDevEui, includeKeys }: CreateInput,
): Promise<IDataObject> {
	if (issueDevEui) await issueDevEuiFromBlock.call(this, plan, itemIndex);
	await applyFormatterChoices.call(this, plan, 'create', itemIndex);
	const ref: DeviceRef = { applicationId: plan.applicationId, deviceId: plan.deviceId as string };
	const cluster = clusterOf(await getConnection.call(this));
	const { local, skipped } = placeNewDevice(
		plan.device,
		clusterServersFor(plan.activationMode),
		cluster,
	);

	let registration: Registration;
	try {
		registration = await registerOnIdentityServer.call(this, ref, plan, local, itemIndex);
	} catch (error) {
		throw failedStep.call(this, error, 'is', ref, undefined);
	}
	if (registration.kind === 'exists') {
		if (ifExists === 'update')
			return await updateExisting.call(this, ref, plan, cluster, includeKeys, itemIndex);
		if (!registration.cause) throw deviceExistsError.call(this, ref, itemIndex);
		throw prependDescription(
			failedStep.call(this, registration.cause, 'is', ref, undefined),
			existsAdvice(ref),
		);
	}

	const { answers, failure } = await writeToServers.call(
		this,
		ref,
		plan.device,
		plan.paths,
		local,
		itemIndex,
		{ alwaysWrite: ['ns', 'as'] },
	);
	if (failure) {
		// Every server of this cluster is cleaned, not only those written: a failed write may have
		// stored the device anyway. Servers elsewhere were never written.
		const rollback = await deleteFromAllServers.call(this, ref, itemIndex, [...local].reverse());
		throw failedStep.call(this, failure.error, failure.component, ref, rollback);
	}
	const device = mergeDevices(registration.device, ...answers);
	return {
		...(includeKeys ? device : withoutKeys(device)),
		...(plan.generatedKeys.length > 0
			? { generated_keys: generatedKeyValues(plan.device, plan.generatedKeys) }
			: {}),
		...(skipped.length > 0 ? { skipped_servers: skipped as unknown as IDataObject[] } : {}),
	};
}

async function issueDevEuiFromBlock(
	this: IExecuteFunctions,
	plan: DevicePlan,
	itemIndex: number,
): Promise<void> {
	const { dev_eui: devEui } = await ttsApiRequest.call(this, {
		method: 'POST',
		path: '/applications/{application_id}/dev-eui',
		pathParams: { application_id: plan.applicationId },
		itemIndex,
	});
	const ids = plan.device.ids as IDataObject;
	ids.dev_eui = devEui;
	if (!plan.deviceId) {
		plan.deviceId = deviceIdFromDevEui(String(devEui));
		ids.device_id = plan.deviceId;
	}
}

/** "If the device exists: update it", with what the output of Create shows. */
async function updateExisting(
	this: IExecuteFunctions,
	ref: DeviceRef,
	plan: DevicePlan,
	cluster: ClusterIdentity,
	includeKeys: boolean,
	itemIndex: number,
): Promise<IDataObject> {
	const { answers, failure, skipped } = await updateExistingDevice.call(
		this,
		ref,
		plan,
		cluster,
		itemIndex,
	);
	if (failure) throw failedStep.call(this, failure.error, failure.component, ref, undefined);
	const device = mergeDevices(...answers);
	return {
		...(includeKeys ? device : withoutKeys(device)),
		...(skipped.length > 0 ? { skipped_servers: skipped as unknown as IDataObject[] } : {}),
	};
}

/**
 * The error for a failed registration step: the server and the TTS error, and, when something had
 * been created, what the rollback removed or left behind.
 */
function failedStep(
	this: IExecuteFunctions,
	error: unknown,
	component: Component,
	ref: DeviceRef,
	rollback: Awaited<ReturnType<typeof deleteFromAllServers>> | undefined,
): NodeApiError | NodeOperationError {
	const server = serverName(component);
	const nodeError = asNodeError(this.getNode(), error);
	nodeError.message = `Could not register device "${ref.deviceId}" on the ${server}: ${nodeError.message}`;
	const details: IDataObject = { step: server };
	if (rollback) {
		const left = remainingServers(rollback).map(serverName);
		details.rollback = rollback.complete ? 'complete' : 'incomplete';
		details.rollbackResults = Object.fromEntries(
			Object.entries(rollback.results).map(([key, result]) => [
				serverName(key as Component),
				typeof result === 'object' ? result.error : result,
			]),
		);
		const summary = rollback.complete
			? 'Rolled back: the device was removed from every server, nothing is left behind.'
			: `Rollback incomplete: the device is still registered on the ${left.join(', ')}. Delete it with Device → Delete before trying again.`;
		nodeError.message += rollback.complete
			? ' (rolled back)'
			: ` (rollback incomplete: still on ${left.join(', ')})`;
		nodeError.description = [summary, nodeError.description].filter(Boolean).join('\n\n');
		if (!rollback.complete) details.remainingOn = left;
	}
	return attachErrorDetails(nodeError, details);
}
