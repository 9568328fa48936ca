import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { PHY_VERSIONS, parseMacVersion, phyVersionsForMac } from '../helpers/lorawan';
import type { FrequencyPlan } from '../helpers/stackConfiguration';
import {
	getFrequencyPlans as readFrequencyPlans,
	getPhyVersionsForBand,
} from '../helpers/stackConfiguration';

function planOptions(plans: FrequencyPlan[], note = ''): INodePropertyOptions[] {
	return plans
		.map((plan) => ({
			name: `${plan.name} (${plan.id})`,
			value: plan.id,
			description: `Band ${plan.bandId}${note}`,
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

/**
 * The plans of the cluster's Gateway Server, as the Console offers them for gateways: those the
 * server marks for gateways first, then the others, which gateways may use too (most TTN gateways
 * in Europe use EU_863_870_TTN, which is not marked).
 */
export async function getGatewayFrequencyPlans(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const [all, marked] = await Promise.all([
		readFrequencyPlans.call(this, 'gateway-server'),
		readFrequencyPlans.call(this, 'marked-for-gateways'),
	]);
	const isMarked = (plan: FrequencyPlan) => marked.some((each) => each.id === plan.id);
	return [
		...planOptions(all.filter(isMarked)),
		...planOptions(
			all.filter((plan) => !isMarked(plan)),
			'; not marked for gateways by the server, but a gateway may use it',
		),
	];
}
