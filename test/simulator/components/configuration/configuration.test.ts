import { startSimulator, Simulator } from '../../../../simulator';
import { api, errorName } from '../../helpers';

describe('configuration endpoints', () => {
	let sim: Simulator;
	beforeAll(async () => {
		sim = await startSimulator();
	});
	afterAll(() => sim.close());

	it('lists frequency plans without credentials, filtered by band_id', async () => {
		const all = await api(sim, 'GET', '/configuration/frequency-plans');
		expect(all.status).toBe(200);
		const ids = all.body.frequency_plans.map((plan: { id: string }) => plan.id);
		expect(ids).toEqual(
			expect.arrayContaining([
				'EU_863_870_TTN',
				'US_902_928_FSB_2',
				'AU_915_928_FSB_2',
				'AS_920_923_LBT',
			]),
		);
		const us = await api(sim, 'GET', '/configuration/frequency-plans?band_id=US_902_928');
		expect(
			us.body.frequency_plans.every((plan: { band_id: string }) => plan.band_id === 'US_902_928'),
		).toBe(true);
		expect(us.body.frequency_plans.map((plan: { id: string }) => plan.id)).toContain(
			'US_902_928_FSB_2',
		);
	});

	it('lists PHY versions per band', async () => {
		const response = await api(sim, 'GET', '/configuration/phy-versions?band_id=EU_863_870');
		expect(response.body.version_info).toHaveLength(1);
		expect(response.body.version_info[0].band_id).toBe('EU_863_870');
		expect(response.body.version_info[0].phy_versions).toContain('PHY_V1_0_3_REV_A');
	});

	// pkg/frequencyplans/rpc.go ListFrequencyPlans; frequency-plans.yml marks gateway plans.
	it('lists only the plans marked for gateways with gateways_only', async () => {
		const gateways = await api(sim, 'GET', '/configuration/frequency-plans?gateways_only=true');
		const ids = gateways.body.frequency_plans.map((plan: { id: string }) => plan.id);
		expect(ids).toContain('EU_863_870');
		expect(ids).not.toContain('EU_863_870_TTN');
		expect(gateways.body.frequency_plans[0]).toEqual({
			id: 'EU_863_870',
			name: 'Europe 863-870 MHz (SF12 for RX2)',
			base_frequency: 868,
			band_id: 'EU_863_870',
		});
	});

	// pkg/band/all.go All, served by pkg/band/rpc.go GetPhyVersions.
	it('lists the PHY versions each band defines', async () => {
		const versions = async (band: string) =>
			(await api(sim, 'GET', `/configuration/phy-versions?band_id=${band}`)).body.version_info[0]
				.phy_versions as string[];
		expect(await versions('CN_470_510')).toEqual([
			'PHY_V1_0_1',
			'PHY_V1_0_2_REV_A',
			'PHY_V1_0_2_REV_B',
			'PHY_V1_0_3_REV_A',
			'PHY_V1_1_REV_A',
			'PHY_V1_1_REV_B',
		]);
		expect(await versions('RU_864_870')).toContain('PHY_V1_1_REV_A');
		expect(await versions('AU_915_928')).toContain('PHY_V1_0_1');
		expect(await versions('CN_779_787')).not.toContain('RP002_V1_0_4');
		expect(await versions('ISM_2400')).toContain('PHY_V1_0');
		expect(await versions('CN_470_510_20_A')).toEqual([
			'RP002_V1_0_0',
			'RP002_V1_0_1',
			'RP002_V1_0_2',
			'RP002_V1_0_3',
			'RP002_V1_0_4',
		]);
		const all = await api(sim, 'GET', '/configuration/phy-versions');
		expect(all.body.version_info).toHaveLength(19);
	});

	it('answers band_not_found for an unknown band', async () => {
		const response = await api(sim, 'GET', '/configuration/phy-versions?band_id=XX_123');
		expect(response.status).toBe(404);
		expect(errorName(response)).toBe('pkg/band:band_not_found');
		expect(response.body.details[0].attributes).toEqual({ id: 'XX_123' });
	});

	it('ignores a malformed token on endpoints that need no rights', async () => {
		expect(
			(await api(sim, 'GET', '/configuration/frequency-plans', { key: 'garbage' })).status,
		).toBe(200);
	});
});
