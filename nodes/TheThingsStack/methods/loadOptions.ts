import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { getGatewayFrequencyPlans as readGatewayFrequencyPlans } from '../helpers/gatewayConfiguration';
import { PHY_VERSIONS, parseMacVersion, phyVersionsForMac } from '../helpers/lorawan';
import {
	getFrequencyPlans as readFrequencyPlans,
	getPhyVersionsForBand,
} from '../helpers/stackConfiguration';

export async function getFrequencyPlans(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const plans = await readFrequencyPlans.call(this);
	return plans
		.map((plan) => ({
			name: `${plan.name} (${plan.id})`,
			value: plan.id,
			description: `Band ${plan.bandId}`,
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
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
	const plans = await readGatewayFrequencyPlans.call(this);
	return plans
		.map((plan) => ({
			name: `${plan.name} (${plan.id})`,
			value: plan.id,
			description: `Band ${plan.bandId}`,
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
}
