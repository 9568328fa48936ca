import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { PHY_VERSIONS, parseMacVersion, phyVersionsForMac } from '../helpers/lorawan';
import type { FrequencyPlan } from '../helpers/stackConfiguration';
import {
	getFrequencyPlans as readFrequencyPlans,
	getPhyVersionsForBand,
} from '../helpers/stackConfiguration';

function planOptions(plans: FrequencyPlan[]): INodePropertyOptions[] {
	return plans
		.map((plan) => ({
			name: `${plan.name} (${plan.id})`,
			value: plan.id,
			description: `Band ${plan.bandId}`,
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** The frequency plans of the cluster, for devices. */
export async function getFrequencyPlans(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	return planOptions(await readFrequencyPlans.call(this));
}

/** Regional parameters versions valid for the chosen plan's band and LoRaWAN version. */
export async function getPhyVersions(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const planId = String(this.getCurrentNodeParameter('frequencyPlanId') ?? '');
	const mac = parseMacVersion(this.getCurrentNodeParameter('lorawanVersion'));
	let allowed: readonly string[] = mac
		? phyVersionsForMac(mac)
		: PHY_VERSIONS.map((version) => version.value);
	const band = (await readFrequencyPlans.call(this)).find((plan) => plan.id === planId)?.bandId;
	const forBand = band ? await getPhyVersionsForBand.call(this, band) : undefined;
	if (forBand) allowed = allowed.filter((version) => forBand.includes(version));
	return PHY_VERSIONS.filter((version) => allowed.includes(version.value)).map(
		({ name, value }) => ({ name, value }),
	);
}

/** The frequency plans a gateway may use (`gateways_only`), from the cluster's Gateway Server. */
export async function getGatewayFrequencyPlans(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	return planOptions(await readFrequencyPlans.call(this, { forGateways: true }));
}
