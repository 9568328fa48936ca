import type { IDataObject, IExecuteFunctions, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { TtsContext } from '../../shared/transport';
import {
	findIdProblem,
	ttsApiRequest,
	ttsApiRequestAllItems,
	ttsErrorOf,
} from '../../shared/transport';
import { attachErrorDetails } from './errors';

/**
 * The LoRaWAN Device Repository of The Things Stack (`/dr/`, api/ttn/lorawan/v3/
 * devicerepository.proto). The Console's SDK has no `dr` component, so the transport sends these
 * paths to the Identity Server's host, as the Console does. Lists return bare IDs unless their
 * field mask names more (pkg/devicerepository/grpc.go withDefaultBrandFields,
 * withDefaultModelFields).
 */

/** A device model's version in the repository, as a device's `version_ids` hold it. */
export interface RepositoryVersion {
	brandId: string;
	modelId: string;
	hardwareVersion?: string;
	firmwareVersion: string;
	bandId: string;
}

/** The answer of GetTemplate: the device fields of the profile, and which of them it sets. */
export interface RepositoryTemplate {
	end_device: IDataObject;
	field_mask: { paths: string[] };
}

export const STEP_NAME = 'Device Repository';

/** The fields the pickers and the checks of a model need. */
export const MODEL_SUMMARY_FIELDS = ['name', 'hardware_versions', 'firmware_versions'];

const TEMPLATE_PATH =
	'/dr/brands/{brand_id}/models/{model_id}/{firmware_version}/{band_id}/template';

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

type Outcome<T> = { value: T } | { error: unknown };

// One request per distinct template or brand per node run: rows of a bulk creation share them,
// failures included.
const outcomesByContext = new WeakMap<object, Map<string, Promise<Outcome<unknown>>>>();

async function once<T>(context: TtsContext, key: string, load: () => Promise<T>): Promise<T> {
	let outcomes = outcomesByContext.get(context);
	if (!outcomes) outcomesByContext.set(context, (outcomes = new Map()));
	let outcome = outcomes.get(key) as Promise<Outcome<T>> | undefined;
	if (!outcome) {
		outcome = load().then(
			(value) => ({ value }),
			(error: unknown) => ({ error }),
		);
		outcomes.set(key, outcome);
	}
	const settled = await outcome;
	if ('error' in settled) throw settled.error;
	return settled.value;
}

/** GetTemplate of a version; its hardware version is not part of the route. */
export async function readTemplate(
	this: TtsContext,
	version: RepositoryVersion,
): Promise<RepositoryTemplate> {
	const key = `template ${version.brandId}/${version.modelId}/${version.firmwareVersion}/${version.bandId}`;
	return await once(this, key, async () => {
		const template = await ttsApiRequest.call(this, {
			method: 'GET',
			path: TEMPLATE_PATH,
			pathParams: {
				brand_id: version.brandId,
				model_id: version.modelId,
				firmware_version: version.firmwareVersion,
				band_id: version.bandId,
			},
		});
		return template as unknown as RepositoryTemplate;
	});
}

/** Every model of a brand with its name, hardware and firmware versions (a brand the repository does not know has none). */
export async function readModelsOfBrand(this: TtsContext, brandId: string): Promise<IDataObject[]> {
	return await once(
		this,
		`models ${brandId}`,
		async () =>
			await ttsApiRequestAllItems.call(this, {
				method: 'GET',
				path: '/dr/brands/{brand_id}/models',
				pathParams: { brand_id: brandId },
				qs: { field_mask: MODEL_SUMMARY_FIELDS.join(',') },
				listKey: 'models',
			}),
	);
}

/** Every brand, with its name (the Console's brand picker lists them all the same way). */
export async function readBrands(this: TtsContext): Promise<IDataObject[]> {
	return await once(
		this,
		'brands',
		async () =>
			await ttsApiRequestAllItems.call(this, {
				method: 'GET',
				path: '/dr/brands',
				qs: { field_mask: 'name' },
				listKey: 'brands',
			}),
	);
}

export async function readBrand(
	this: TtsContext,
	brandId: string,
	fields: string[],
): Promise<IDataObject> {
	return await once(
		this,
		`brand ${brandId} ${fields.join(',')}`,
		async () =>
			await ttsApiRequest.call(this, {
				method: 'GET',
				path: '/dr/brands/{brand_id}',
				pathParams: { brand_id: brandId },
				qs: { field_mask: fields.join(',') },
			}),
	);
}

export async function readModel(
	this: TtsContext,
	brandId: string,
	modelId: string,
	fields: string[],
): Promise<IDataObject> {
	return await once(
		this,
		`model ${brandId}/${modelId} ${fields.join(',')}`,
		async () =>
			await ttsApiRequest.call(this, {
				method: 'GET',
				path: '/dr/brands/{brand_id}/models/{model_id}',
				pathParams: { brand_id: brandId, model_id: modelId },
				qs: { field_mask: fields.join(',') },
			}),
	);
}

/** The firmware versions of a model (as listed), each with the bands it has a profile for. */
export function firmwareVersionsOf(model: IDataObject | undefined): IDataObject[] {
	return (model?.firmware_versions as IDataObject[] | undefined) ?? [];
}

export function hardwareVersionsOf(model: IDataObject | undefined): IDataObject[] {
	return (model?.hardware_versions as IDataObject[] | undefined) ?? [];
}

export function bandsOf(firmware: IDataObject | undefined): string[] {
	return Object.keys((firmware?.profiles as IDataObject | undefined) ?? {});
}

/**
 * The firmware versions the Console offers for a hardware version: those that list it, or all of
 * them when the model has no hardware versions (device-profile-section fw-version-select).
 */
export function firmwareVersionsFor(
	model: IDataObject | undefined,
	hardwareVersion: string | undefined,
): IDataObject[] {
	const firmware = firmwareVersionsOf(model);
	if (!hardwareVersion || hardwareVersionsOf(model).length === 0) return firmware;
	return firmware.filter((version) =>
		((version.supported_hardware_versions as string[] | undefined) ?? []).includes(hardwareVersion),
	);
}

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
