import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { searchDevices } from '../../TheThingsStack/methods/listSearch';

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
	// The shared search reads the application from the top-level parameter; here it is the
	// entry's neighbour, so the search gets a context that answers with that one.
	const entryContext = Object.create(this, {
		getNodeParameter: { value: () => applicationId },
	}) as ILoadOptionsFunctions;
	return await searchDevices.call(entryContext, filter, paginationToken);
}
