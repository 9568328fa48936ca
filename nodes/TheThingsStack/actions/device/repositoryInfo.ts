import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { findIdProblem, ttsErrorOf } from '../../../shared/transport';
import {
	firmwareVersionsOf,
	hardwareVersionsOf,
	readBrand,
	readModel,
} from '../../helpers/deviceRepository';
import { asNodeError } from '../../helpers/errors';
import { isNotFound } from './deviceServers';

const BRAND_FIELDS = ['name', 'website'];
const MODEL_FIELDS = [
	'name',
	'description',
	'hardware_versions',
	'firmware_versions',
	'sensors',
	'product_url',
	'datasheet_url',
	'photos',
];

/**
 * What the LoRaWAN Device Repository says about a device's `version_ids`, as the Console's device
 * overview shows it (pkg/webui/console/containers/device-info-panel: the brand's name, the model's
 * name, photo, links and sensors): brand and model with names, the hardware and firmware version,
 * the band and its profile. Null for a device without version IDs; `found: false` with the
 * repository's reason for a model it does not have. Brands and models are read once per run.
 */
export async function repositoryInfoOf(
	this: IExecuteFunctions,
	versionIds: IDataObject | undefined,
): Promise<IDataObject | null> {
	const brandId = String(versionIds?.brand_id ?? '');
	const modelId = String(versionIds?.model_id ?? '');
	if (!brandId || !modelId) return null;
	const ids: IDataObject = { brand_id: brandId, model_id: modelId };
	for (const key of ['hardware_version', 'firmware_version', 'band_id']) {
		if (versionIds?.[key]) ids[key] = versionIds[key];
	}
	if (findIdProblem('brand_id', brandId) || findIdProblem('model_id', modelId)) {
		return { ...ids, found: false, reason: 'Not IDs of the Device Repository' };
	}
	let brand: IDataObject;
	let model: IDataObject;
	try {
		[brand, model] = await Promise.all([
			readBrand.call(this, brandId, BRAND_FIELDS),
			readModel.call(this, brandId, modelId, MODEL_FIELDS),
		]);
	} catch (error) {
		if (!isNotFound(error)) throw asNodeError(this.getNode(), error);
		return { ...ids, found: false, reason: ttsErrorOf(error)?.message ?? (error as Error).message };
	}
	const hardware = hardwareVersionsOf(model).find(
		(version) => version.version === ids.hardware_version,
	);
	const firmware = firmwareVersionsOf(model).find(
		(version) => version.version === ids.firmware_version,
	);
	const profile = ((firmware?.profiles as IDataObject | undefined) ?? {})[String(ids.band_id)] as
		IDataObject | undefined;
	const photos = model.photos as IDataObject | undefined;
	return dropEmpty({
		found: true,
		brand_id: brandId,
		brand_name: brand.name,
		brand_website: brand.website,
		model_id: modelId,
		model_name: model.name,
		model_description: model.description,
		hardware_version: ids.hardware_version,
		hardware_part_number: hardware?.part_number,
		firmware_version: ids.firmware_version,
		band_id: ids.band_id,
		profile_id: profile?.profile_id,
		lorawan_certified: profile ? profile.lorawan_certified === true : undefined,
		codec_id: profile?.codec_id,
		sensors: model.sensors,
		product_url: model.product_url,
		datasheet_url: model.datasheet_url,
		photo_url: photos?.main,
	});
}

function dropEmpty(fields: IDataObject): IDataObject {
	return Object.fromEntries(
		Object.entries(fields).filter(([, value]) => value !== undefined && value !== ''),
	);
}
