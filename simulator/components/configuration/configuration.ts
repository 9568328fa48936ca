import type { Handler } from '../../http/call';
import { listResponse } from '../common/listResponse';
import { numberAt, stringAt } from '../common/messageFields';
import { bandPhyVersions, frequencyPlans } from './frequencyPlans';

/** `GET /configuration/frequency-plans?band_id=&base_frequency=` (no rights needed). */
const listFrequencyPlans: Handler = (call) => {
	const bandId = stringAt(call.message, 'band_id');
	const baseFrequency = numberAt(call.message, 'base_frequency');
	const plans = frequencyPlans.filter(
		(plan) =>
			(!bandId || plan.band_id === bandId) &&
			(!baseFrequency || plan.base_frequency === baseFrequency),
	);
	return listResponse(
		'frequency_plans',
		plans.map((plan) => ({ ...plan })),
	);
};

/** `GET /configuration/phy-versions?band_id=`: every band, or the one asked for. */
const getPhyVersions: Handler = (call) => {
	const bandId = stringAt(call.message, 'band_id');
	const bands = Object.entries(bandPhyVersions).filter(([band]) => !bandId || band === bandId);
	return listResponse(
		'version_info',
		bands.map(([band, versions]) => ({ band_id: band, phy_versions: versions })),
	);
};

export const configurationHandlers: Record<string, Handler> = {
	'Configuration.ListFrequencyPlans': listFrequencyPlans,
	'Configuration.GetPhyVersions': getPhyVersions,
};
