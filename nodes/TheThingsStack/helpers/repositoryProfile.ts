import type { IDataObject } from 'n8n-workflow';

import type { DevicePlan } from './devicePlan';
import { getPath, setPath, setPaths, splitSetPaths } from './deviceFields';
import type { RepositoryTemplate } from './deviceRepository';
import type { FrequencyPlan } from './stackConfiguration';

/**
 * A Device Repository template applied to a device the way the Console applies it
 * (pkg/webui/console/containers/device-onboarding-form/type-form-section/repository-form-section):
 * only the paths of the template's `field_mask`, from its `end_device`, and the device keeps its
 * own `version_ids` (the template's lack the hardware version). What the user set on the device
 * wins over the template, as CSV columns win over it in the Console's import
 * (pkg/devicetemplates/ttscsv.go Convert).
 */

/** What a template says about activation and versions (store/profiles.go ToTemplatePB). */
export interface RepositoryProfile {
	supportsJoin: boolean;
	lorawanVersion: string;
	lorawanPhyVersion: string;
}

/** TTS leaves zero values out of its JSON: a template without supports_join is an ABP profile. */
export function profileOf(template: RepositoryTemplate): RepositoryProfile {
	const device = template.end_device ?? {};
	return {
		supportsJoin: device.supports_join === true,
		lorawanVersion: String(device.lorawan_version ?? ''),
		lorawanPhyVersion: String(device.lorawan_phy_version ?? ''),
	};
}

/**
 * Copies the template's paths into the plan's device, except those the device already has a
 * value at (the user's own fields and formatters), sets the device's own version IDs, and splits
 * the device over the servers again.
 */
export function applyTemplate(
	plan: DevicePlan,
	template: RepositoryTemplate,
	versionIds: IDataObject,
): void {
	const { device } = plan;
	for (const path of template.field_mask?.paths ?? []) {
		if (path === 'version_ids') continue;
		if (path === 'formatters' && plan.formatters) continue;
		// A value the template leaves out is a zero value: as the Console, set nothing for it.
		const value = getPath(template.end_device, path);
		if (value === undefined || getPath(device, path) !== undefined) continue;
		setPath(device, path, structuredClone(value));
	}
	device.version_ids = { ...versionIds };
	plan.paths = splitSetPaths(setPaths(device));
}

const FORMATTER_FIELDS = ['up_formatter', 'down_formatter'];

// pkg/messageprocessors/devicerepository/devicerepository.go retrieve: without version IDs on the
// Application Server every message fails with no_version_identifiers; the codec is looked up by
// brand, model, firmware version and band.
const CODEC_KEYS = ['brand_id', 'model_id', 'firmware_version', 'band_id'];

/** Why a device with FORMATTER_REPOSITORY would not decode anything, or undefined. */
export function findRepositoryFormatterProblem(plan: DevicePlan): string | undefined {
	const chosen = Object.values(plan.formatters ?? {}).some(
		(choice) => typeof choice === 'object' && choice.formatter === 'FORMATTER_REPOSITORY',
	);
	const formatters = plan.device.formatters as IDataObject | undefined;
	const inDevice = FORMATTER_FIELDS.some((field) => formatters?.[field] === 'FORMATTER_REPOSITORY');
	if (!chosen && !inDevice) return undefined;
	const versionIds = (plan.device.version_ids as IDataObject | undefined) ?? {};
	const missing = CODEC_KEYS.filter((key) => !versionIds[key]);
	if (missing.length === 0) return undefined;
	return `The Device Repository payload formatter needs the device's version IDs (${missing.join(', ')} missing): use Input Method "From the Device Repository", or set version_ids under Advanced Fields`;
}

/**
 * The frequency plan for a band when the user chose none: the band's only plan, or the one its
 * name marks as recommended or used by The Things Network (EU_863_870_TTN, US_902_928_FSB_2, ...).
 * Undefined when the band has none or several without one marked.
 */
export function defaultPlanForBand(
	plans: FrequencyPlan[],
	bandId: string,
): FrequencyPlan | undefined {
	const ofBand = plans.filter((plan) => plan.bandId === bandId);
	if (ofBand.length === 1) return ofBand[0];
	const marked = ofBand.filter((plan) => /recommended|\(used by TTN\)/.test(plan.name));
	return marked.length === 1 ? marked[0] : undefined;
}
