import type { IDataObject } from 'n8n-workflow';

import type { TtsContext } from '../../shared/transport';
import { ttsApiRequest, ttsApiRequestAllItems } from '../../shared/transport';
import type { RepositoryVersion } from './repositoryVersion';

/**
 * The LoRaWAN Device Repository of The Things Stack (`/dr/`, api/ttn/lorawan/v3/
 * devicerepository.proto). The Console's SDK has no `dr` component, so the transport sends these
 * paths to the Identity Server's host, as the Console does. Lists return bare IDs unless their
 * field mask names more (pkg/devicerepository/grpc.go withDefaultBrandFields,
 * withDefaultModelFields).
 */

/** The answer of GetTemplate: the device fields of the profile, and which of them it sets. */
export interface RepositoryTemplate {
	end_device: IDataObject;
	field_mask: { paths: string[] };
}

/** The fields the pickers and the checks of a model need. */
export const MODEL_SUMMARY_FIELDS = ['name', 'hardware_versions', 'firmware_versions'];

const TEMPLATE_PATH =
	'/dr/brands/{brand_id}/models/{model_id}/{firmware_version}/{band_id}/template';

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
