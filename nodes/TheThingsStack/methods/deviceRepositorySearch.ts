import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { findIdProblem } from '../../shared/transport';
import { readBrands, readModelsOfBrand } from '../helpers/deviceRepository';
import { currentParameter } from '../helpers/parameters';
import { labelled } from './entitySearch';

/**
 * Brand and model pickers. Like the Console (pkg/webui/console/views/device-add,
 * device-profile-section), they read the whole list once, with names (field mask), and filter it
 * here: the repository's own `search` matches whole words only ("lht" finds no "LHT65").
 */

function matching(entries: IDataObject[], idField: string, filter: string | undefined) {
	const wanted = filter?.trim().toLowerCase() ?? '';
	return entries
		.filter(
			(entry) =>
				!wanted ||
				String(entry[idField]).includes(wanted) ||
				String(entry.name ?? '')
					.toLowerCase()
					.includes(wanted),
		)
		.map((entry) => labelled(String(entry[idField]), entry.name))
		.sort((a, b) => a.name.localeCompare(b.name));
}

export async function searchDeviceBrands(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return { results: matching(await readBrands.call(this), 'brand_id', filter) };
}

export async function searchDeviceModels(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const brandId = currentParameter(this, 'brandId');
	if (findIdProblem('brand_id', brandId)) return { results: [] };
	return { results: matching(await readModelsOfBrand.call(this, brandId), 'model_id', filter) };
}
