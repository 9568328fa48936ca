import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { searchDevicesOf } from '../../TheThingsStack/methods/entitySearch';

export {
	searchApplications,
	searchDevices,
	searchGateways,
} from '../../TheThingsStack/methods/listSearch';

/** Devices of the application chosen in the same "Entities" entry. */
export async function searchEntityDevices(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const raw = this.getCurrentNodeParameter('&applicationId');
	const applicationId = raw && typeof raw === 'object' ? (raw as { value?: unknown }).value : raw;
	return await searchDevicesOf.call(this, String(applicationId ?? ''), filter, paginationToken);
}
