export interface FrequencyPlan {
	id: string;
	base_id?: string;
	name: string;
	base_frequency: number;
	band_id: string;
}

// A realistic subset of TheThingsNetwork/lorawan-frequency-plans frequency-plans.yml.
export const frequencyPlans: FrequencyPlan[] = [
	{ id: 'EU_863_870', name: 'Europe 863-870 MHz', base_frequency: 868, band_id: 'EU_863_870' },
	{
		id: 'EU_863_870_TTN',
		base_id: 'EU_863_870',
		name: 'Europe 863-870 MHz (SF9 for RX2 - recommended)',
		base_frequency: 868,
		band_id: 'EU_863_870',
	},
	{
		id: 'EU_863_870_ROAMING_DRAFT',
		base_id: 'EU_863_870',
		name: 'Europe 863-870 MHz, 6 channels for roaming (Draft)',
		base_frequency: 868,
		band_id: 'EU_863_870',
	},
	{ id: 'EU_433', name: 'Europe 433 MHz (ITU region 1)', base_frequency: 433, band_id: 'EU_433' },
	{
		id: 'US_902_928_FSB_1',
		name: 'United States 902-928 MHz, FSB 1',
		base_frequency: 915,
		band_id: 'US_902_928',
	},
	{
		id: 'US_902_928_FSB_2',
		name: 'United States 902-928 MHz, FSB 2 (used by TTN)',
		base_frequency: 915,
		band_id: 'US_902_928',
	},
	{
		id: 'AU_915_928_FSB_1',
		name: 'Australia 915-928 MHz, FSB 1',
		base_frequency: 915,
		band_id: 'AU_915_928',
	},
	{
		id: 'AU_915_928_FSB_2',
		name: 'Australia 915-928 MHz, FSB 2 (used by TTN)',
		base_frequency: 915,
		band_id: 'AU_915_928',
	},
	{ id: 'AS_920_923', name: 'Asia 920-923 MHz', base_frequency: 915, band_id: 'AS_923' },
	{
		id: 'AS_920_923_LBT',
		base_id: 'AS_920_923',
		name: 'Asia 920-923 MHz with LBT',
		base_frequency: 915,
		band_id: 'AS_923',
	},
	{ id: 'AS_923_925', name: 'Asia 923-925 MHz', base_frequency: 915, band_id: 'AS_923' },
	{
		id: 'AS_923_925_TTN_AU',
		base_id: 'AS_923_925',
		name: 'Asia 923-925 MHz (used by TTN Australia)',
		base_frequency: 915,
		band_id: 'AS_923',
	},
	{
		id: 'AS_923_925_LBT',
		base_id: 'AS_923_925',
		name: 'Asia 923-925 MHz with LBT',
		base_frequency: 915,
		band_id: 'AS_923',
	},
	{
		id: 'AS_923_2',
		name: 'Asia 920-923 MHz (AS923 Group 2)',
		base_frequency: 915,
		band_id: 'AS_923_2',
	},
	{
		id: 'AS_923_3',
		name: 'Asia 915-921 MHz (AS923 Group 3)',
		base_frequency: 915,
		band_id: 'AS_923_3',
	},
	{
		id: 'AS_923_4',
		name: 'Asia 917-920 MHz (AS923 Group 4)',
		base_frequency: 915,
		band_id: 'AS_923_4',
	},
	{
		id: 'KR_920_923_TTN',
		name: 'South Korea 920-923 MHz',
		base_frequency: 915,
		band_id: 'KR_920_923',
	},
	{ id: 'IN_865_867', name: 'India 865-867 MHz', base_frequency: 868, band_id: 'IN_865_867' },
	{ id: 'RU_864_870_TTN', name: 'Russia 864-870 MHz', base_frequency: 868, band_id: 'RU_864_870' },
	{
		id: 'CN_470_510_FSB_11',
		name: 'China 470-510 MHz, FSB 11',
		base_frequency: 470,
		band_id: 'CN_470_510',
	},
	{ id: 'CN_779_787', name: 'China 779-787 MHz', base_frequency: 780, band_id: 'CN_779_787' },
	{
		id: 'MA_869_870_DRAFT',
		name: 'Morocco 869-870 MHz (Draft)',
		base_frequency: 868,
		band_id: 'MA_869_870_DRAFT',
	},
	{
		id: 'ISM_2400_3CH_DRAFT2',
		name: 'LoRa 2.4 GHz with 3 channels (Draft 2)',
		base_frequency: 2400,
		band_id: 'ISM_2400',
	},
];

const allRegionalParameters = [
	'PHY_V1_0_2_REV_B',
	'PHY_V1_1_REV_A',
	'PHY_V1_1_REV_B',
	'PHY_V1_0_3_REV_A',
	'RP002_V1_0_0',
	'RP002_V1_0_1',
	'RP002_V1_0_2',
	'RP002_V1_0_3',
	'RP002_V1_0_4',
];

// pkg/band/*.go: the regional-parameters versions each band defines.
export const bandPhyVersions: Record<string, string[]> = {
	EU_863_870: ['PHY_V1_0', 'PHY_V1_0_1', 'PHY_V1_0_2_REV_A', ...allRegionalParameters],
	US_902_928: ['PHY_V1_0', 'PHY_V1_0_1', 'PHY_V1_0_2_REV_A', ...allRegionalParameters],
	AU_915_928: ['PHY_V1_0_2_REV_A', ...allRegionalParameters],
	CN_470_510: ['PHY_V1_0_1', 'PHY_V1_0_2_REV_A', ...allRegionalParameters],
	EU_433: ['PHY_V1_0', 'PHY_V1_0_1', 'PHY_V1_0_2_REV_A', ...allRegionalParameters],
	CN_779_787: ['PHY_V1_0', 'PHY_V1_0_1', 'PHY_V1_0_2_REV_A', ...allRegionalParameters],
	AS_923: ['PHY_V1_0_2_REV_A', ...allRegionalParameters],
	AS_923_2: ['RP002_V1_0_1', 'RP002_V1_0_2', 'RP002_V1_0_3', 'RP002_V1_0_4'],
	AS_923_3: ['RP002_V1_0_1', 'RP002_V1_0_2', 'RP002_V1_0_3', 'RP002_V1_0_4'],
	AS_923_4: ['RP002_V1_0_3', 'RP002_V1_0_4'],
	KR_920_923: ['PHY_V1_0_2_REV_A', ...allRegionalParameters],
	IN_865_867: ['PHY_V1_0_2_REV_B', ...allRegionalParameters.slice(1)],
	RU_864_870: [
		'PHY_V1_0_3_REV_A',
		'RP002_V1_0_0',
		'RP002_V1_0_1',
		'RP002_V1_0_2',
		'RP002_V1_0_3',
		'RP002_V1_0_4',
	],
	MA_869_870_DRAFT: [
		'RP002_V1_0_0',
		'RP002_V1_0_1',
		'RP002_V1_0_2',
		'RP002_V1_0_3',
		'RP002_V1_0_4',
	],
	ISM_2400: ['RP002_V1_0_0', 'RP002_V1_0_1', 'RP002_V1_0_2', 'RP002_V1_0_3', 'RP002_V1_0_4'],
};

const plansById = new Map(frequencyPlans.map((plan) => [plan.id, plan]));

export function frequencyPlanById(id: string): FrequencyPlan | undefined {
	return plansById.get(id);
}
