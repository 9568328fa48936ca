import { canonicalEnumValue, macVersionValues } from '../../encoding/enumAliases';
import type { JsonObject } from '../../encoding/json';
import { ttsError } from '../../errors/ttsError';
import type { ProfileFile, ProfileReference } from './catalogue';

/**
 * The end device template of a profile (pkg/devicerepository/store/profiles.go ToTemplatePB):
 * the version IDs of the request, activation, classes, MAC and PHY versions, the MAC settings the
 * profile sets, the desired max EIRP of ABP devices, and the Device Repository formatters when
 * the profile names a codec. `field_mask` lists what the template sets; values at their zero
 * (supports_class_b false, ...) are left out of `end_device`, as in TTS's JSON.
 */

// profiles.go regionalParametersToPB, written with the first name of each PHYVersion.
const phyVersions: Record<string, string> = {
	'TS001-1.0': 'PHY_V1_0',
	'TS001-1.0.1': 'PHY_V1_0_1',
	'RP001-1.0.2': 'PHY_V1_0_2_REV_A',
	'RP001-1.0.2-RevB': 'PHY_V1_0_2_REV_B',
	'RP001-1.0.3-RevA': 'PHY_V1_0_3_REV_A',
	'RP001-1.1-RevA': 'PHY_V1_1_REV_A',
	'RP001-1.1-RevB': 'PHY_V1_1_REV_B',
	'RP002-1.0.0': 'RP002_V1_0_0',
	'RP002-1.0.1': 'RP002_V1_0_1',
	'RP002-1.0.2': 'RP002_V1_0_2',
	'RP002-1.0.3': 'RP002_V1_0_3',
	'RP002-1.0.4': 'RP002_V1_0_4',
};

const MHZ = 1_000_000;

// uint64(f * mhz) truncates, as Go converts a float64; uint64 values are strings in TTS's JSON.
const hertz = (megahertz: number) => String(Math.trunc(megahertz * MHZ));

// profiles.go dutyCycleFromFloat: halve until 1, at most 15 times, rounding down to a power of 2.
function dutyCycle(fraction: number): string {
	let counts = 0;
	for (let value = fraction; value < 1 && counts < 15; counts++) value *= 2;
	return `DUTY_CYCLE_${2 ** counts}`;
}

export interface Template {
	end_device: JsonObject;
	field_mask: { paths: string[] };
}

export function templateOf(
	profile: ProfileFile,
	versionIds: JsonObject,
	reference: ProfileReference,
): Template {
	const phy = phyVersions[profile.regionalParametersVersion];
	if (!phy) {
		throw ttsError('pkg/devicerepository/store:regional_parameters_version', {
			phy_version: profile.regionalParametersVersion,
		});
	}
	const paths = [
		'version_ids',
		'supports_join',
		'supports_class_b',
		'supports_class_c',
		'lorawan_version',
		'lorawan_phy_version',
	];
	const device: JsonObject = {
		version_ids: versionIds,
		...(profile.supportsJoin ? { supports_join: true } : {}),
		...(profile.supportsClassB ? { supports_class_b: true } : {}),
		...(profile.supportsClassC ? { supports_class_c: true } : {}),
		// The YAML's MACVersion text, as ttnpb.MACVersion UnmarshalText reads it ("1.0.3").
		lorawan_version:
			canonicalEnumValue('v3MACVersion', macVersionValues, profile.macVersion) ?? 'MAC_UNKNOWN',
		lorawan_phy_version: phy,
	};
	if (reference.codec) {
		device.formatters = {
			up_formatter: 'FORMATTER_REPOSITORY',
			down_formatter: 'FORMATTER_REPOSITORY',
		};
		paths.push('formatters');
	}
	// ToTemplatePB always sets MacSettings, so the template carries it even when empty.
	const settings: JsonObject = {};
	const set = (field: string, value: string | boolean | string[]) => {
		settings[field] = value;
		paths.push(`mac_settings.${field}`);
	};
	if ((profile.classBTimeout ?? 0) > 0) set('class_b_timeout', `${profile.classBTimeout}s`);
	if ((profile.classCTimeout ?? 0) > 0) set('class_c_timeout', `${profile.classCTimeout}s`);
	if (profile.pingSlotDataRateIndex !== undefined)
		set('ping_slot_data_rate_index', `DATA_RATE_${profile.pingSlotDataRateIndex}`);
	if ((profile.pingSlotFrequency ?? 0) > 0)
		set('ping_slot_frequency', hertz(profile.pingSlotFrequency as number));
	if ((profile.pingSlotPeriod ?? 0) > 0)
		set('ping_slot_periodicity', `PING_EVERY_${profile.pingSlotPeriod}S`);
	if (profile.rx1Delay !== undefined) set('rx1_delay', `RX_DELAY_${profile.rx1Delay}`);
	if (profile.rx1DataRateOffset !== undefined)
		set('rx1_data_rate_offset', `DATA_RATE_OFFSET_${profile.rx1DataRateOffset}`);
	if (profile.rx2DataRateIndex !== undefined)
		set('rx2_data_rate_index', `DATA_RATE_${profile.rx2DataRateIndex}`);
	if ((profile.rx2Frequency ?? 0) > 0) set('rx2_frequency', hertz(profile.rx2Frequency as number));
	if (profile.supports32bitFCnt) set('supports_32_bit_f_cnt', true);
	if (profile.factoryPresetFrequencies?.length)
		set('factory_preset_frequencies', profile.factoryPresetFrequencies.map(hertz));
	if ((profile.maxDutyCycle ?? 0) > 0)
		set('max_duty_cycle', dutyCycle(profile.maxDutyCycle as number));
	device.mac_settings = settings;
	if (!profile.supportsJoin && (profile.maxEIRP ?? 0) > 0) {
		device.mac_state = { desired_parameters: { max_eirp: profile.maxEIRP as number } };
		paths.push('mac_state.desired_parameters.max_eirp');
	}
	return { end_device: device, field_mask: { paths } };
}
