import type { IDataObject } from 'n8n-workflow';

import { planDeviceCreation } from '../../../../nodes/TheThingsStack/helpers/devicePlan';
import type { RepositoryTemplate } from '../../../../nodes/TheThingsStack/helpers/deviceRepository';
import {
	applyTemplate,
	defaultPlanForBand,
	findRepositoryFormatterProblem,
	profileOf,
} from '../../../../nodes/TheThingsStack/helpers/repositoryProfile';

const template: RepositoryTemplate = {
	end_device: {
		version_ids: {
			brand_id: 'acme',
			model_id: 'meter',
			firmware_version: '1.0',
			band_id: 'EU_863_870',
		},
		supports_join: true,
		supports_class_b: true,
		lorawan_version: 'MAC_V1_0_3',
		lorawan_phy_version: 'PHY_V1_0_3_REV_A',
		formatters: { up_formatter: 'FORMATTER_REPOSITORY', down_formatter: 'FORMATTER_REPOSITORY' },
		mac_settings: { class_b_timeout: '8s', supports_32_bit_f_cnt: true, rx1_delay: 'RX_DELAY_5' },
	},
	field_mask: {
		paths: [
			'version_ids',
			'supports_join',
			'supports_class_b',
			'supports_class_c',
			'lorawan_version',
			'lorawan_phy_version',
			'formatters',
			'mac_settings.class_b_timeout',
			'mac_settings.supports_32_bit_f_cnt',
		],
	},
};

const own = {
	brand_id: 'acme',
	model_id: 'meter',
	hardware_version: '2',
	firmware_version: '1.0',
	band_id: 'EU_863_870',
};

const plan = (fields: IDataObject = {}) =>
	planDeviceCreation(
		{
			applicationId: 'app',
			deviceId: 'dev',
			devEui: '70B3D57ED0000001',
			joinEui: '0000000000000000',
			appKey: '00112233445566778899AABBCCDDEEFF',
			frequencyPlanId: 'EU_863_870_TTN',
			lorawanVersion: 'MAC_V1_0_3',
			lorawanPhyVersion: 'PHY_V1_0_3_REV_A',
			...fields,
		},
		{ clusterHost: 'eu1.cloud.thethings.network' },
	);

describe('applyTemplate (the Console’s repository-form-section)', () => {
	it('copies only the paths of the field mask, keeps the device’s own version IDs, and splits them over the servers', () => {
		const device = plan();
		applyTemplate(device, template, own);
		expect(device.device).toMatchObject({
			version_ids: own,
			supports_class_b: true,
			formatters: { up_formatter: 'FORMATTER_REPOSITORY', down_formatter: 'FORMATTER_REPOSITORY' },
			mac_settings: { class_b_timeout: '8s', supports_32_bit_f_cnt: true },
		});
		// rx1_delay is in end_device but not in the field mask; supports_class_c is left out (zero).
		expect((device.device.mac_settings as IDataObject).rx1_delay).toBeUndefined();
		expect(device.device).not.toHaveProperty('supports_class_c');
		expect(device.paths.as).toEqual(
			expect.arrayContaining([
				'formatters.up_formatter',
				'formatters.down_formatter',
				'version_ids.hardware_version',
			]),
		);
		expect(device.paths.ns).toEqual(
			expect.arrayContaining([
				'mac_settings.class_b_timeout',
				'supports_class_b',
				'version_ids.brand_id',
			]),
		);
		expect(device.paths.is).toEqual(expect.arrayContaining(['version_ids.firmware_version']));
	});

	it('leaves what the user set: own formatters, classes and MAC settings', () => {
		const device = plan({
			supportsClassB: false,
			supports32BitFCnt: false,
			uplinkFormatter: 'FORMATTER_CAYENNELPP',
		});
		applyTemplate(device, template, own);
		expect(device.device.supports_class_b).toBe(false);
		expect((device.device.mac_settings as IDataObject).supports_32_bit_f_cnt).toBe(false);
		expect(device.device.formatters).toBeUndefined();
	});
});

describe('profileOf', () => {
	it('reads an ABP profile from a template without supports_join (TTS leaves false out)', () => {
		expect(
			profileOf({
				end_device: { lorawan_version: 'MAC_V1_0_4', lorawan_phy_version: 'RP002_V1_0_3' },
				field_mask: { paths: [] },
			}),
		).toEqual({
			supportsJoin: false,
			lorawanVersion: 'MAC_V1_0_4',
			lorawanPhyVersion: 'RP002_V1_0_3',
		});
	});
});

describe('findRepositoryFormatterProblem', () => {
	it('asks for brand, model, firmware version and band with the Device Repository formatter', () => {
		expect(
			findRepositoryFormatterProblem(plan({ uplinkFormatter: 'FORMATTER_REPOSITORY' })),
		).toMatch(
			/needs the device's version IDs \(brand_id, model_id, firmware_version, band_id missing\)/,
		);
		const withIds = plan({
			uplinkFormatter: 'FORMATTER_REPOSITORY',
			advanced: {
				version_ids: { brand_id: 'a', model_id: 'b', firmware_version: '1', band_id: 'EU_863_870' },
			},
		});
		expect(findRepositoryFormatterProblem(withIds)).toBeUndefined();
		expect(
			findRepositoryFormatterProblem(plan({ uplinkFormatter: 'FORMATTER_CAYENNELPP' })),
		).toBeUndefined();
	});
});

describe('defaultPlanForBand', () => {
	const plans = [
		{ id: 'EU_863_870', name: 'Europe 863-870 MHz (SF12 for RX2)', bandId: 'EU_863_870' },
		{
			id: 'EU_863_870_TTN',
			name: 'Europe 863-870 MHz (SF9 for RX2 - recommended)',
			bandId: 'EU_863_870',
		},
		{ id: 'US_902_928_FSB_1', name: 'United States 902-928 MHz, FSB 1', bandId: 'US_902_928' },
		{
			id: 'US_902_928_FSB_2',
			name: 'United States 902-928 MHz, FSB 2 (used by TTN)',
			bandId: 'US_902_928',
		},
		{ id: 'KR_920_923_TTN', name: 'South Korea 920-923 MHz', bandId: 'KR_920_923' },
		{ id: 'AS_920_923_TTN_AU', name: 'Asia 920-923 MHz (used by TTN Australia)', bandId: 'AS_923' },
		{
			id: 'AS_923_925_TTN_AU',
			name: 'Asia 923-925 MHz (used by TTN Australia - secondary channels)',
			bandId: 'AS_923',
		},
	];
	it.each([
		['EU_863_870', 'EU_863_870_TTN'],
		['US_902_928', 'US_902_928_FSB_2'],
		['KR_920_923', 'KR_920_923_TTN'],
		['AS_923', undefined],
		['IN_865_867', undefined],
	])('%s → %s', (band, expected) => {
		expect(defaultPlanForBand(plans, band)?.id).toBe(expected);
	});
});
