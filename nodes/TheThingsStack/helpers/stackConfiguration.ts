import type { IDataObject } from 'n8n-workflow';

import type { TtsContext } from '../../shared/transport';
import { ttsApiRequest } from '../../shared/transport';

export interface FrequencyPlan {
	id: string;
	name: string;
	bandId: string;
}

/**
 * Which list of plans: those of the Network Server, for devices (it validates their plans and
 * versions); every plan of the Gateway Server, which the Console offers for gateways
 * (sdk/js/src/service/configuration.js listGsFrequencyPlans); or those of them marked for
 * gateways (`gateways_only`, pkg/frequencyplans/rpc.go ListFrequencyPlans).
 */
export type PlanList = 'devices' | 'gateway-server' | 'marked-for-gateways';

// Served by every component without rights (pkg/component/configuration_grpc.go).
const plansByContext = new WeakMap<object, Map<string, Promise<FrequencyPlan[]>>>();
const phyVersionsByContext = new WeakMap<object, Map<string, Promise<string[] | undefined>>>();

/** A list of the cluster's frequency plans (see PlanList), read once per execution. */
export async function getFrequencyPlans(
	this: TtsContext,
	list: PlanList = 'devices',
): Promise<FrequencyPlan[]> {
	let byKind = plansByContext.get(this);
	if (!byKind) {
		byKind = new Map();
		plansByContext.set(this, byKind);
	}
	let plans = byKind.get(list);
	if (!plans) {
		plans = ttsApiRequest
			.call(this, {
				method: 'GET',
				path: '/configuration/frequency-plans',
				component: list === 'devices' ? 'ns' : 'gs',
				...(list === 'marked-for-gateways' ? { qs: { gateways_only: true } } : {}),
			})
			.then((body) =>
				((body.frequency_plans as IDataObject[] | undefined) ?? []).map((plan) => ({
					id: String(plan.id),
					name: String(plan.name ?? plan.id),
					bandId: String(plan.band_id ?? ''),
				})),
			);
		byKind.set(list, plans);
		plans.catch(() => byKind?.delete(list));
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
