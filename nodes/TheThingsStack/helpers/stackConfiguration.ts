import type { IDataObject } from 'n8n-workflow';

import type { TtsContext } from '../../shared/transport';
import { ttsApiRequest } from '../../shared/transport';

export interface FrequencyPlan {
	id: string;
	name: string;
	bandId: string;
}

// Served by every component without rights (pkg/component/configuration_grpc.go): the Network
// Server answers for devices (it validates their plans and versions), the Gateway Server for
// gateways (`gateways_only` leaves out plans that only make sense for end devices).
const plansByContext = new WeakMap<object, Map<string, Promise<FrequencyPlan[]>>>();
const phyVersionsByContext = new WeakMap<object, Map<string, Promise<string[] | undefined>>>();

/** The frequency plans the cluster knows for devices, or for gateways; read once per execution. */
export async function getFrequencyPlans(
	this: TtsContext,
	{ forGateways = false } = {},
): Promise<FrequencyPlan[]> {
	let byKind = plansByContext.get(this);
	if (!byKind) {
		byKind = new Map();
		plansByContext.set(this, byKind);
	}
	const kind = forGateways ? 'gateways' : 'devices';
	let plans = byKind.get(kind);
	if (!plans) {
		plans = ttsApiRequest
			.call(this, {
				method: 'GET',
				path: '/configuration/frequency-plans',
				...(forGateways
					? { qs: { gateways_only: true }, component: 'gs' as const }
					: { component: 'ns' as const }),
			})
			.then((body) =>
				((body.frequency_plans as IDataObject[] | undefined) ?? []).map((plan) => ({
					id: String(plan.id),
					name: String(plan.name ?? plan.id),
					bandId: String(plan.band_id ?? ''),
				})),
			);
		byKind.set(kind, plans);
		plans.catch(() => byKind?.delete(kind));
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
