import type { IDataObject } from 'n8n-workflow';

import type { TtsContext } from '../../shared/transport';
import { ttsApiRequest } from '../../shared/transport';
import type { FrequencyPlan } from './stackConfiguration';

const plansByContext = new WeakMap<object, Promise<FrequencyPlan[]>>();

/**
 * The frequency plans a gateway may use, read once per execution from the Gateway Server of the
 * cluster (`gateways_only` leaves out plans that only make sense for end devices).
 */
export async function getGatewayFrequencyPlans(this: TtsContext): Promise<FrequencyPlan[]> {
	let plans = plansByContext.get(this);
	if (!plans) {
		plans = ttsApiRequest
			.call(this, {
				method: 'GET',
				path: '/configuration/frequency-plans',
				qs: { gateways_only: true },
				component: 'gs',
			})
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
