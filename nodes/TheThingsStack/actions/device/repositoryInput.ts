import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { deviceModelFields } from '../../descriptions/deviceRepositoryFields';
import { nwkKeyField, nwkSEncKeyField, sNwkSIntKeyField } from '../../descriptions/deviceFields';
import type { RepositoryTemplate } from '../../helpers/deviceRepository';
import type { RepositoryVersion } from '../../helpers/repositoryVersion';
import {
	firmwareVersionsOf,
	hardwareVersionsOf,
	readModelsOfBrand,
	readTemplate,
} from '../../helpers/deviceRepository';
import { repositoryError, STEP_NAME } from '../../helpers/repositoryErrors';
import type { ActivationMode } from '../../helpers/devicePlan';
import { attachErrorDetails } from '../../helpers/errors';
import { defaultPlanForBand, profileOf } from '../../helpers/repositoryProfile';
import { getFrequencyPlans } from '../../helpers/stackConfiguration';
import { text } from './deviceInput';

export type InputMethod = 'manual' | 'repository';

const fromRepository = { show: { inputMethod: ['repository'] } };

export const inputMethodField: INodeProperties = {
	displayName: 'Input Method',
	name: 'inputMethod',
	type: 'options',
	options: [
		{
			name: 'Enter Manually',
			value: 'manual',
			description: 'Give the LoRaWAN version, regional parameters and frequency plan yourself',
		},
		{
			name: 'From the Device Repository',
			value: 'repository',
			description:
				'Pick brand, model, hardware and firmware version and band from the LoRaWAN Device Repository: its profile (LoRaWAN version, classes, MAC settings) and payload formatter come with it, as in the Console',
		},
	],
	default: 'manual',
};

/** The frequency plan of a device from the repository: one of its band's plans. */
export const bandFrequencyPlanField: INodeProperties = {
	displayName: 'Frequency Plan Name or ID',
	name: 'bandFrequencyPlanId',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getBandFrequencyPlans', loadOptionsDependsOn: ['bandId'] },
	default: '',
	description:
		'One of the band’s frequency plans. Empty: the band’s only plan, or the one The Things Network uses (EU_863_870_TTN, US_902_928_FSB_2, ...); bands with several plans and none marked need one chosen. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

// The LoRaWAN version comes from the profile, so the 1.1 keys cannot depend on the version field.
const profileKey = (field: INodeProperties, activationMode: ActivationMode): INodeProperties => ({
	...field,
	description: `${field.description} (only for LoRaWAN 1.1 profiles)`,
	displayOptions: { show: { activationMode: [activationMode], inputMethod: ['repository'] } },
});

/** The fields of Device → Create that pick a model from the repository. */
export const repositoryFields: INodeProperties[] = [
	...deviceModelFields.map((field) => ({ ...field, displayOptions: fromRepository })),
	{ ...bandFrequencyPlanField, displayOptions: fromRepository },
];

/** The 1.1 key fields, shown for any profile chosen from the repository. */
export const repositoryKeyFields: INodeProperties[] = [
	profileKey(nwkKeyField, 'otaa'),
	profileKey(sNwkSIntKeyField, 'abp'),
	profileKey(nwkSEncKeyField, 'abp'),
];

export interface RepositoryChoice {
	template: RepositoryTemplate;
	lorawanVersion: string;
	lorawanPhyVersion: string;
	frequencyPlanId: string;
}

/**
 * What a device created from the repository takes from it: the template of its firmware and band
 * (read once per run for all rows that share it), checked against the activation mode and the
 * model's hardware versions, and its frequency plan. Any failure is the row's alone, raised
 * before a request for its device.
 */
export async function chooseFromRepository(
	this: IExecuteFunctions,
	version: RepositoryVersion,
	activationMode: ActivationMode,
	itemIndex: number,
): Promise<RepositoryChoice> {
	let template: RepositoryTemplate;
	try {
		template = await readTemplate.call(this, version);
	} catch (error) {
		const model = await findModel.call(this, version).catch(() => undefined);
		throw repositoryError(this.getNode(), error, version, model, itemIndex);
	}
	const profile = profileOf(template);
	const profileActivation: ActivationMode = profile.supportsJoin ? 'otaa' : 'abp';
	if (profileActivation !== activationMode) {
		throw inputError.call(
			this,
			`${describeVersion(version)} is ${profile.supportsJoin ? 'an OTAA' : 'an ABP'} device in the Device Repository: set Activation Mode to ${profileActivation.toUpperCase()}`,
			profile.supportsJoin
				? 'Its profile joins the network (supports_join), so it needs a JoinEUI and an AppKey.'
				: 'Its profile does not join (no supports_join): it needs a device address and session keys.',
			itemIndex,
		);
	}
	if (version.hardwareVersion) await checkHardwareVersion.call(this, version, itemIndex);
	return {
		template,
		lorawanVersion: profile.lorawanVersion,
		lorawanPhyVersion: profile.lorawanPhyVersion,
		frequencyPlanId: await chooseFrequencyPlan.call(this, version.bandId, itemIndex),
	};
}

function describeVersion(version: RepositoryVersion): string {
	return `Model ${version.brandId}/${version.modelId} (firmware ${version.firmwareVersion}, ${version.bandId})`;
}

function inputError(
	this: IExecuteFunctions,
	message: string,
	description: string,
	itemIndex: number,
): NodeOperationError {
	return attachErrorDetails(
		new NodeOperationError(this.getNode(), message, {
			itemIndex,
			description: `${description}\n\nNothing was registered for this item.`,
		}),
		{ step: STEP_NAME },
	);
}

async function findModel(this: IExecuteFunctions, version: RepositoryVersion) {
	const models = await readModelsOfBrand.call(this, version.brandId);
	return models.find((model) => model.model_id === version.modelId);
}

/**
 * The Console offers only the model's hardware versions, and for one of them only the firmware
 * versions made for it (device-profile-section hw-version-select, fw-version-select). The
 * template route has no hardware version, so the node checks it against the model.
 */
async function checkHardwareVersion(
	this: IExecuteFunctions,
	version: RepositoryVersion,
	itemIndex: number,
): Promise<void> {
	let model;
	try {
		model = await findModel.call(this, version);
	} catch (error) {
		throw repositoryError(this.getNode(), error, version, undefined, itemIndex);
	}
	const known = hardwareVersionsOf(model).map((hardware) => String(hardware.version));
	if (known.length === 0) return;
	if (!known.includes(version.hardwareVersion as string)) {
		throw inputError.call(
			this,
			`Model ${version.brandId}/${version.modelId} has no hardware version "${version.hardwareVersion}"`,
			`Its hardware versions: ${known.join(', ')}.`,
			itemIndex,
		);
	}
	const firmware = firmwareVersionsOf(model).find(
		(candidate) => candidate.version === version.firmwareVersion,
	);
	const supported = (firmware?.supported_hardware_versions as string[] | undefined) ?? [];
	if (supported.length > 0 && !supported.includes(version.hardwareVersion as string)) {
		throw inputError.call(
			this,
			`Firmware ${version.firmwareVersion} of ${version.brandId}/${version.modelId} is not made for hardware version ${version.hardwareVersion}`,
			`It runs on hardware version ${supported.join(', ')}.`,
			itemIndex,
		);
	}
}

/** The row's frequency plan: the one chosen, which must be of the band, or the band's default. */
async function chooseFrequencyPlan(
	this: IExecuteFunctions,
	bandId: string,
	itemIndex: number,
): Promise<string> {
	const chosen = text(this.getNodeParameter('bandFrequencyPlanId', itemIndex, ''))?.trim() ?? '';
	const plans = await getFrequencyPlans.call(this).catch(() => []);
	const ofBand = plans.filter((plan) => plan.bandId === bandId);
	if (chosen) {
		const plan = plans.find((candidate) => candidate.id === chosen);
		if (plan && plan.bandId !== bandId) {
			throw inputError.call(
				this,
				`Frequency Plan "${chosen}" is for band ${plan.bandId}, not for the device’s band ${bandId}`,
				`The band’s plans: ${ofBand.map((candidate) => candidate.id).join(', ') || 'none on this cluster'}.`,
				itemIndex,
			);
		}
		return chosen;
	}
	const plan = defaultPlanForBand(plans, bandId);
	if (!plan) {
		throw inputError.call(
			this,
			ofBand.length
				? `Band ${bandId} has ${ofBand.length} frequency plans: choose one in Frequency Plan`
				: `The cluster has no frequency plan for band ${bandId}`,
			ofBand.length
				? `Its plans: ${ofBand.map((candidate) => candidate.id).join(', ')}.`
				: 'Choose another band of the model, or give the plan’s ID in Frequency Plan.',
			itemIndex,
		);
	}
	return plan.id;
}
