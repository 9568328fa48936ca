import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { ttsErrorOf } from '../../shared/transport';
import { bandsOf, firmwareVersionsOf } from './deviceRepository';
import { attachErrorDetails } from './errors';
import type { RepositoryVersion } from './repositoryVersion';

/** The step a failed repository read names in the error details. */
export const STEP_NAME = 'Device Repository';

const listed = (values: unknown[]) => values.map((value) => String(value)).join(', ');

/**
 * The row's error for a failed repository read: the repository's own reason (model_not_found,
 * firmware_version_not_found, band_not_found, no_profile_for_band, ...) in words, with what the
 * model offers when it is known. A new error per row, as failures are shared by the rows.
 */
export function repositoryError(
	node: INode,
	failure: unknown,
	version: RepositoryVersion,
	model: IDataObject | undefined,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	const tts = ttsErrorOf(failure);
	const modelName = `${version.brandId}/${version.modelId}`;
	const firmware = firmwareVersionsOf(model).find(
		(candidate) => candidate.version === version.firmwareVersion,
	);
	const reasons: Record<string, [string, string | undefined]> = {
		brand_not_found: [
			`The Device Repository has no brand "${version.brandId}"`,
			'Pick the brand from the list, or check its ID (lowercase, as in the repository).',
		],
		model_not_found: [
			`The Device Repository has no model "${version.modelId}" of brand "${version.brandId}"`,
			'Pick the model from the list, or check its ID.',
		],
		firmware_version_not_found: [
			`The Device Repository has no firmware version "${version.firmwareVersion}" of model ${modelName}`,
			model
				? `Its firmware versions: ${listed(firmwareVersionsOf(model).map((v) => v.version))}.`
				: undefined,
		],
		band_not_found: [
			`The Device Repository does not know band "${version.bandId}"`,
			firmware
				? `Firmware ${version.firmwareVersion} of ${modelName} has profiles for: ${listed(bandsOf(firmware))}.`
				: 'Use a band ID such as EU_863_870 or US_902_928.',
		],
		no_profile_for_band: [
			`Model ${modelName} with firmware ${version.firmwareVersion} has no profile for band ${version.bandId}`,
			firmware ? `It has profiles for: ${listed(bandsOf(firmware))}.` : undefined,
		],
	};
	const known = tts?.name ? reasons[tts.name] : undefined;
	if (!known) return attachErrorDetails(copyError(node, failure, itemIndex), { step: STEP_NAME });
	const [message, hint] = known;
	const error = copyError(node, failure, itemIndex);
	error.message = message;
	error.description = [hint, 'Nothing was registered for this item.', error.description]
		.filter(Boolean)
		.join('\n\n');
	return attachErrorDetails(error, { step: STEP_NAME });
}

function copyError(
	node: INode,
	failure: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (!(failure instanceof NodeApiError)) {
		const original = failure as Partial<NodeOperationError>;
		return new NodeOperationError(node, String(original.message), {
			itemIndex,
			description: original.description ?? undefined,
		});
	}
	const copy = new NodeApiError(node, { message: failure.message } as JsonObject, {
		message: failure.message,
		description: failure.description ?? undefined,
		httpCode: failure.httpCode ?? undefined,
		itemIndex,
	});
	return Object.assign(copy, { ttsError: ttsErrorOf(failure) });
}
