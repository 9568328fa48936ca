import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { findIdProblem } from '../../shared/transport';
import {
	bandsOf,
	firmwareVersionsFor,
	firmwareVersionsOf,
	hardwareVersionsOf,
	readModelsOfBrand,
} from '../helpers/deviceRepository';
import { defaultPlanForBand } from '../helpers/repositoryProfile';
import { currentParameter } from '../helpers/parameters';
import { getFrequencyPlans } from '../helpers/stackConfiguration';

/**
 * The option lists that follow the brand and model pickers, each from the choice before it, as
 * the Console's device-profile-section offers them: hardware versions of the model, firmware
 * versions made for the hardware version, bands the firmware has a profile for, plans of the band.
 */

async function chosenModel(this: ILoadOptionsFunctions): Promise<IDataObject | undefined> {
	const brandId = currentParameter(this, 'brandId');
	const modelId = currentParameter(this, 'modelId');
	if (findIdProblem('brand_id', brandId) || findIdProblem('model_id', modelId)) return undefined;
	const models = await readModelsOfBrand.call(this, brandId);
	return models.find((model) => model.model_id === modelId);
}

export async function getDeviceHardwareVersions(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const versions = hardwareVersionsOf(await chosenModel.call(this));
	// device-profile-section hw-version-select: a model without hardware versions gets one
	// pseudo option for "none".
	if (versions.length === 0) {
		return [{ name: 'None (The Model Has No Hardware Versions)', value: '' }];
	}
	return versions.map((version) => ({
		name: String(version.version),
		value: String(version.version),
		...(version.part_number ? { description: `Part number ${String(version.part_number)}` } : {}),
	}));
}

export async function getDeviceFirmwareVersions(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const model = await chosenModel.call(this);
	return firmwareVersionsFor(model, currentParameter(this, 'hardwareVersion') || undefined).map(
		(version) => ({
			name: String(version.version),
			value: String(version.version),
			description: `Bands: ${bandsOf(version).join(', ')}`,
		}),
	);
}

export async function getDeviceBands(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const firmwareVersion = currentParameter(this, 'firmwareVersion');
	const firmware = firmwareVersionsOf(await chosenModel.call(this)).find(
		(version) => version.version === firmwareVersion,
	);
	const profiles = (firmware?.profiles as IDataObject | undefined) ?? {};
	return bandsOf(firmware).map((bandId) => {
		const profile = profiles[bandId] as IDataObject;
		return {
			name: bandId,
			value: bandId,
			description: profile.lorawan_certified ? 'LoRaWAN certified profile' : 'Profile',
		};
	});
}

/** The plans of the chosen band, after the empty choice that takes the band's default. */
export async function getBandFrequencyPlans(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const bandId = currentParameter(this, 'bandId');
	const plans = (await getFrequencyPlans.call(this)).filter(
		(plan) => !bandId || plan.bandId === bandId,
	);
	const fallback = bandId ? defaultPlanForBand(plans, bandId) : undefined;
	return [
		{
			name: fallback ? `Default for the Band (${fallback.id})` : 'Default for the Band',
			value: '',
			description: fallback
				? `${fallback.name}`
				: 'The band’s only plan, or the one The Things Network uses',
		},
		...plans
			.map((plan) => ({ name: `${plan.name} (${plan.id})`, value: plan.id }))
			.sort((a, b) => a.name.localeCompare(b.name)),
	];
}
