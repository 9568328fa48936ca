import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { findIdProblem } from '../../shared/transport';

/** A device model's version in the repository, as a device's `version_ids` hold it. */
export interface RepositoryVersion {
	brandId: string;
	modelId: string;
	hardwareVersion?: string;
	firmwareVersion: string;
	bandId: string;
}

/** The `version_ids` of a device for this version. */
export function versionIdentifiers(version: RepositoryVersion): IDataObject {
	return {
		brand_id: version.brandId,
		model_id: version.modelId,
		...(version.hardwareVersion ? { hardware_version: version.hardwareVersion } : {}),
		firmware_version: version.firmwareVersion,
		band_id: version.bandId,
	};
}

/** Why a version cannot be asked for (brand and model IDs, versions, band), or undefined. */
export function findVersionProblem(version: RepositoryVersion): string | undefined {
	const problems = [
		findIdProblem('brand_id', version.brandId),
		findIdProblem('model_id', version.modelId),
		findIdProblem('firmware_version', version.firmwareVersion),
		findIdProblem('band_id', version.bandId),
		// identifiers.proto EndDeviceVersionIdentifiers: hardware_version max_len 32.
		version.hardwareVersion && version.hardwareVersion.length > 32
			? `Hardware Version "${version.hardwareVersion}" is longer than 32 characters`
			: undefined,
	];
	return problems.find(Boolean);
}

/** Reads the row's brand, model, versions and band, and checks them before anything is sent. */
export function readRepositoryVersion(
	this: IExecuteFunctions,
	itemIndex: number,
): RepositoryVersion {
	const param = (name: string) =>
		String(this.getNodeParameter(name, itemIndex, '', { extractValue: true }) ?? '').trim();
	const version: RepositoryVersion = {
		brandId: param('brandId'),
		modelId: param('modelId'),
		hardwareVersion: param('hardwareVersion') || undefined,
		firmwareVersion: param('firmwareVersion'),
		bandId: param('bandId'),
	};
	const problem = findVersionProblem(version);
	if (problem) {
		throw new NodeOperationError(this.getNode(), problem, {
			itemIndex,
			description: 'Nothing was sent to The Things Stack.',
		});
	}
	return version;
}
