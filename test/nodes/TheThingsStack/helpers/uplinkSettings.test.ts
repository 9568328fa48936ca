import {
	bandOfPlanId,
	defaultUplinkRadio,
} from '../../../../nodes/TheThingsStack/helpers/uplinkSettings';

describe('defaultUplinkRadio', () => {
	it('uses the first channel of the band at SF7/125 kHz', () => {
		expect(defaultUplinkRadio('EU_863_870_TTN', 'EU_863_870')).toEqual({
			frequency: 868_100_000,
			spreadingFactor: 7,
			bandwidth: 125_000,
		});
		expect(defaultUplinkRadio('AS_923_925_TTN_AU', 'AS_923').frequency).toBe(923_200_000);
		expect(defaultUplinkRadio('KR_920_923_TTN', 'KR_920_923').frequency).toBe(922_100_000);
	});

	it('picks the sub-band of US, AU and CN plans named by FSB', () => {
		expect(defaultUplinkRadio('US_902_928_FSB_1', 'US_902_928').frequency).toBe(902_300_000);
		expect(defaultUplinkRadio('US_902_928_FSB_2', 'US_902_928').frequency).toBe(903_900_000);
		expect(defaultUplinkRadio('AU_915_928_FSB_2', 'AU_915_928').frequency).toBe(916_800_000);
		expect(defaultUplinkRadio('CN_470_510_FSB_11', 'CN_470_510').frequency).toBe(486_300_000);
	});

	it('works out the band from the plan ID when the server does not say', () => {
		expect(bandOfPlanId('AS_923_2')).toBe('AS_923_2');
		expect(bandOfPlanId('AS_920_923_LBT')).toBeUndefined();
		expect(bandOfPlanId('US_902_928_FSB_2')).toBe('US_902_928');
		expect(defaultUplinkRadio('US_902_928_FSB_2').frequency).toBe(903_900_000);
	});

	it('uses the 2.4 GHz bandwidth for ISM 2400, and Europe when nothing is known', () => {
		expect(defaultUplinkRadio('ISM_2400_3CH_DRAFT2', 'ISM_2400')).toEqual({
			frequency: 2_403_000_000,
			spreadingFactor: 7,
			bandwidth: 812_000,
		});
		expect(defaultUplinkRadio()).toEqual({
			frequency: 868_100_000,
			spreadingFactor: 7,
			bandwidth: 125_000,
		});
	});
});
