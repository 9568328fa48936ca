import { ttsError } from '../../errors/ttsError';
import type { Handler } from '../../http/call';
import { listResponse } from '../common/listResponse';
import { booleanAt, numberAt, stringAt } from '../common/messageFields';
import { bandPhyVersions, frequencyPlans } from './frequencyPlans';

/**
 * `GET /configuration/frequency-plans?band_id=&base_frequency=&gateways_only=` (no rights needed;
 * pkg/frequencyplans/rpc.go ListFrequencyPlans): `gateways_only` keeps the plans marked for
 * gateways.
 */
const listFrequencyPlans: Handler = (call) => {
	const bandId = stringAt(call.message, 'band_id');
	const baseFrequency = numberAt(call.message, 'base_frequency');
	const gatewaysOnly = booleanAt(call.message, 'gateways_only');
	const plans = frequencyPlans.filter(
		(plan) =>
			(!bandId || plan.band_id === bandId) &&
			(!baseFrequency || plan.base_frequency === baseFrequency) &&
			(!gatewaysOnly || plan.gateways),
	);
	return listResponse(
		'frequency_plans',
		plans.map(({ id, base_id, name, base_frequency, band_id }) => ({
			id,
			...(base_id ? { base_id } : {}),
			name,
			base_frequency,
			band_id,
		})),
	);
};

/**
 * `GET /configuration/phy-versions?band_id=` (pkg/band/rpc.go GetPhyVersions): every band, or
 * the one asked for; an unknown band is band_not_found.
 */
const getPhyVersions: Handler = (call) => {
	const bandId = stringAt(call.message, 'band_id');
	if (bandId && !bandPhyVersions[bandId]) {
		throw ttsError('pkg/band:band_not_found', { id: bandId });
	}
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
