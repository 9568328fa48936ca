import { startSimulator, Simulator } from '../../../../simulator';
import { api } from '../../helpers';

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

	it('ignores a malformed token on endpoints that need no rights', async () => {
		expect(
			(await api(sim, 'GET', '/configuration/frequency-plans', { key: 'garbage' })).status,
		).toBe(200);
	});
});
