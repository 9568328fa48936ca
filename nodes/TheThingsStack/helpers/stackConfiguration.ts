import type { IDataObject } from 'n8n-workflow';

import type { TtsContext } from '../../shared/transport';
import { ttsApiRequest } from '../../shared/transport';

export interface FrequencyPlan {
	id: string;
	name: string;
	bandId: string;
}

// Served by every component without rights (pkg/component/configuration_grpc.go); the cluster
// answers for the Network Server, which is the one that validates plans and versions.
const plansByContext = new WeakMap<object, Promise<FrequencyPlan[]>>();
const phyVersionsByContext = new WeakMap<object, Map<string, Promise<string[] | undefined>>>();

/** The frequency plans the cluster knows, read once per execution. */
export async function getFrequencyPlans(this: TtsContext): Promise<FrequencyPlan[]> {
	let plans = plansByContext.get(this);
	if (!plans) {
		plans = ttsApiRequest
			.call(this, { method: 'GET', path: '/configuration/frequency-plans', component: 'ns' })
			.then((body) =>
				((body.frequency_plans as IDataObject[] | undefined) ?? []).map((plan) => ({
					id: String(plan.id),
					name: String(plan.name ?? plan.id),
					bandId: String(plan.band_id ?? ''),
				})),
			);
		plansByContext.set(this, plans);
		plans.catch(() => plansByContext.delete(this));
	}
	return await plans;
}

/** The regional parameters versions the cluster supports for a band, or undefined if it cannot say. */
export async function getPhyVersionsForBand(
	this: TtsContext,
	bandId: string,
): Promise<string[] | undefined> {
	let byBand = phyVersionsByContext.get(this);
	if (!byBand) {
		byBand = new Map();
		phyVersionsByContext.set(this, byBand);
	}
	let versions = byBand.get(bandId);
	if (!versions) {
		versions = ttsApiRequest
			.call(this, {
				method: 'GET',
				path: '/configuration/phy-versions',
				qs: { band_id: bandId },
				component: 'ns',
			})
			.then((body) => {
				const info = (body.version_info as IDataObject[] | undefined)?.find(
					(entry) => entry.band_id === bandId,
				);
				return info ? ((info.phy_versions as string[] | undefined) ?? []) : undefined;
			})
			.catch(() => undefined);
		byBand.set(bandId, versions);
	}
	return await versions;
}
