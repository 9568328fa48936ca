import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ttsApiRequest } from '../../../shared/transport';
import { deviceModelFields } from '../../descriptions/deviceRepositoryFields';
import { repositoryError } from '../../helpers/repositoryErrors';
import type { RepositoryVersion } from '../../helpers/repositoryVersion';
import { readRepositoryVersion } from '../../helpers/repositoryVersion';

export const description = updateDisplayOptions(
	{ show: { resource: ['deviceRepository'], operation: ['getTemplate'] } },
	deviceModelFields,
);

export function prepare(this: IExecuteFunctions, itemIndex: number): RepositoryVersion {
	return readRepositoryVersion.call(this, itemIndex);
}

/** GetTemplate: the device fields of the profile (`end_device`) and the paths it sets (`field_mask`). */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	version: RepositoryVersion,
): Promise<IDataObject> {
	try {
		return await ttsApiRequest.call(this, {
			method: 'GET',
			path: '/dr/brands/{brand_id}/models/{model_id}/{firmware_version}/{band_id}/template',
			pathParams: {
				brand_id: version.brandId,
				model_id: version.modelId,
				firmware_version: version.firmwareVersion,
				band_id: version.bandId,
			},
			qs: version.hardwareVersion
				? { 'version_ids.hardware_version': version.hardwareVersion }
				: {},
			itemIndex,
		});
	} catch (error) {
		throw repositoryError(this.getNode(), error, version, undefined, itemIndex);
	}
}
