import { getPath, isZero, JsonObject } from '../../encoding/json';
import { macVersionRank } from '../../encoding/enumAliases';
import { ttsError } from '../../errors/ttsError';
import type { SetContext } from '../common/componentRegistry';
import { booleanAt, stringAt } from '../common/messageFields';
import { bandPhyVersions, frequencyPlanById } from '../configuration/frequencyPlans';

function invalidField(field: string, cause?: ReturnType<typeof ttsError>): never {
	throw ttsError('pkg/networkserver:field_value', { field }, cause);
}

function requireNonZero(device: JsonObject, path: string): void {
	if (isZero(getPath(device, path))) invalidField(path);
}

/**
 * pkg/networkserver/grpc_deviceregistry.go Set: validates the device as it will be stored.
 * Invalid or missing values answer `pkg/networkserver:field_value` with the field's path.
 */
export function validateNetworkServerDevice({ existing, device, paths }: SetContext): void {
	if (existing) {
		// supports_join and multicast cannot change once the device exists.
		for (const immutable of ['supports_join', 'multicast']) {
			if (
				paths.includes(immutable) &&
				booleanAt(existing, immutable) !== booleanAt(device, immutable)
			) {
				invalidField(immutable);
			}
		}
	}
	const planId = stringAt(device, 'frequency_plan_id');
	if (!planId) invalidField('frequency_plan_id');
	const plan = frequencyPlanById(planId);
	if (!plan)
		invalidField('frequency_plan_id', ttsError('pkg/frequencyplans:not_found', { id: planId }));
	const macVersion = stringAt(device, 'lorawan_version');
	if (!macVersion || macVersion === 'MAC_UNKNOWN') invalidField('lorawan_version');
	const phyVersion = stringAt(device, 'lorawan_phy_version');
	if (!phyVersion || phyVersion === 'PHY_UNKNOWN') invalidField('lorawan_phy_version');
	if (!(bandPhyVersions[plan.band_id] ?? []).includes(phyVersion)) {
		invalidField(
			'lorawan_phy_version',
			ttsError('pkg/band:band_not_found', { id: plan.band_id, version: phyVersion }),
		);
	}
	const deviceBand = stringAt(device, 'version_ids.band_id');
	if (deviceBand && deviceBand !== plan.band_id) {
		throw ttsError('pkg/networkserver:device_and_frequency_plan_band_mismatch', {
			dev_band_id: deviceBand,
			fp_band_id: plan.band_id,
		});
	}
	const multicast = booleanAt(device, 'multicast');
	if (booleanAt(device, 'supports_join')) {
		if (getPath(device, 'ids.join_eui') === undefined) invalidField('ids.join_eui');
		requireNonZero(device, 'ids.dev_eui');
		return;
	}
	requireNonZero(device, 'session.dev_addr');
	requireNonZero(device, 'session.keys.f_nwk_s_int_key.key');
	const isLoRaWAN11 = macVersionRank(macVersion) >= macVersionRank('MAC_V1_1');
	if (isLoRaWAN11) {
		requireNonZero(device, 'session.keys.s_nwk_s_int_key.key');
		requireNonZero(device, 'session.keys.nwk_s_enc_key.key');
	}
	// pkg/specification/macspec RequireDevEUIForABP: LoRaWAN 1.0.4 and later, unless multicast.
	if (!multicast && macVersionRank(macVersion) >= macVersionRank('MAC_V1_0_4')) {
		requireNonZero(device, 'ids.dev_eui');
	}
	if (
		booleanAt(device, 'supports_class_b') &&
		getPath(device, 'mac_settings.ping_slot_periodicity') === undefined
	) {
		invalidField('mac_settings.ping_slot_periodicity');
	}
}

/** For LoRaWAN < 1.1 the NS uses FNwkSIntKey as SNwkSIntKey and NwkSEncKey too. */
export function completeNetworkSession(device: JsonObject): void {
	const macVersion = stringAt(device, 'lorawan_version');
	if (macVersionRank(macVersion) >= macVersionRank('MAC_V1_1')) return;
	const forwarding = getPath(device, 'session.keys.f_nwk_s_int_key');
	const keys = getPath(device, 'session.keys');
	if (
		forwarding === undefined ||
		keys === undefined ||
		typeof keys !== 'object' ||
		Array.isArray(keys) ||
		keys === null
	) {
		return;
	}
	keys.s_nwk_s_int_key = structuredClone(forwarding);
	keys.nwk_s_enc_key = structuredClone(forwarding);
}
