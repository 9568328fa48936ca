import type { DeviceInput } from '../../../../nodes/TheThingsStack/helpers/devicePlan';
import {
	InvalidDeviceInput,
	planDeviceCreation,
	planDeviceUpdate,
} from '../../../../nodes/TheThingsStack/helpers/devicePlan';

const otaa: DeviceInput = {
	applicationId: 'my-app',
	activationMode: 'otaa',
	devEui: '70B3D57ED0000001',
	joinEui: '0000000000000000',
	appKey: '00112233445566778899AABBCCDDEEFF',
	frequencyPlanId: 'EU_863_870_TTN',
	lorawanVersion: 'MAC_V1_0_3',
	lorawanPhyVersion: 'PHY_V1_0_3_REV_A',
};

const options = { clusterHost: 'eu1.cloud.thethings.network' };

function problemsOf(run: () => unknown): string[] {
	try {
		run();
	} catch (error) {
		if (error instanceof InvalidDeviceInput)
			return error.problems.map((problem) => problem.message);
		throw error;
	}
	throw new Error('expected InvalidDeviceInput');
}

describe('planDeviceCreation', () => {
	it('splits an OTAA device over the four servers, ids in every body, never in a mask', () => {
		const plan = planDeviceCreation({ ...otaa, name: 'Sensor 1' }, options);
		expect(plan.deviceId).toBe('eui-70b3d57ed0000001');
		expect(plan.device.ids).toEqual({
			device_id: 'eui-70b3d57ed0000001',
			application_ids: { application_id: 'my-app' },
			dev_eui: '70B3D57ED0000001',
			join_eui: '0000000000000000',
		});
		expect(plan.paths).toEqual({
			is: ['network_server_address', 'application_server_address', 'join_server_address', 'name'],
			js: ['root_keys.app_key.key', 'network_server_address', 'application_server_address'],
			ns: ['frequency_plan_id', 'lorawan_version', 'lorawan_phy_version', 'supports_join'],
			as: [],
		});
		expect(plan.device.network_server_address).toBe('eu1.cloud.thethings.network');
		expect(plan.device.supports_join).toBe(true);
	});

	it('adds the NwkKey for LoRaWAN 1.1', () => {
		const plan = planDeviceCreation(
			{
				...otaa,
				lorawanVersion: '1.1',
				lorawanPhyVersion: 'PHY_V1_1_REV_B',
				nwkKey: 'ffeeddccbbaa99887766554433221100',
			},
			options,
		);
		expect(plan.paths.js).toContain('root_keys.nwk_key.key');
		expect((plan.device.root_keys as { nwk_key: { key: string } }).nwk_key.key).toBe(
			'FFEEDDCCBBAA99887766554433221100',
		);
	});

	it('builds an ABP device with its session on the NS and AS, and no Join Server', () => {
		const plan = planDeviceCreation(
			{
				applicationId: 'my-app',
				activationMode: 'abp',
				deviceId: 'abp-1',
				devAddr: '260B1234',
				appSKey: '00112233445566778899AABBCCDDEEFF',
				nwkSKey: 'FFEEDDCCBBAA99887766554433221100',
				frequencyPlanId: 'EU_863_870_TTN',
				lorawanVersion: 'MAC_V1_0_3',
				lorawanPhyVersion: 'PHY_V1_0_3_REV_A',
			},
			options,
		);
		expect(plan.device.supports_join).toBe(false);
		expect(plan.device.join_server_address).toBeUndefined();
		expect(plan.paths.ns).toEqual(
			expect.arrayContaining([
				'session.dev_addr',
				'session.keys.f_nwk_s_int_key.key',
				'supports_join',
			]),
		);
		expect(plan.paths.as).toEqual(['session.dev_addr', 'session.keys.app_s_key.key']);
		expect(plan.paths.js).toEqual(['network_server_address', 'application_server_address']);
	});

	it('generates missing keys when asked, and says which', () => {
		const plan = planDeviceCreation({ ...otaa, appKey: '' }, { ...options, generateKeys: true });
		expect(plan.generatedKeys).toEqual([{ name: 'appKey', path: 'root_keys.app_key.key' }]);
		expect((plan.device.root_keys as { app_key: { key: string } }).app_key.key).toMatch(
			/^[0-9A-F]{32}$/,
		);
	});

	it('reports every problem at once, naming the field', () => {
		expect(
			problemsOf(() =>
				planDeviceCreation(
					{
						...otaa,
						deviceId: 'Bad_ID',
						devEui: '1234',
						appKey: '',
						lorawanVersion: '1.0.3',
						lorawanPhyVersion: 'PHY_V1_1_REV_B',
						frequencyPlanId: '',
						attributes: { Bad: 'x' },
						location: { latitude: 95, longitude: 0 },
					},
					options,
				),
			),
		).toEqual([
			'Regional Parameters Version PHY_V1_1_REV_B does not go with LoRaWAN Version MAC_V1_0_3; use PHY_V1_0_3_REV_A',
			'Frequency Plan is empty',
			'DevEUI "1234" has 4 hex digits; it needs 16 (8 bytes)',
			'Device ID "Bad_ID" is not valid: use 3–36 lowercase letters, digits and single hyphens, not at the start or end',
			'AppKey is empty',
			'Attribute name "Bad" is not valid: use 3–36 lowercase letters, digits and single hyphens',
			'Latitude 95 is not between -90 and 90',
		]);
	});

	it('requires a DevEUI for ABP from LoRaWAN 1.0.4, and a ping slot for ABP class B', () => {
		const abp: DeviceInput = {
			applicationId: 'my-app',
			activationMode: 'abp',
			deviceId: 'abp-2',
			devAddr: '260B1234',
			appSKey: '00112233445566778899AABBCCDDEEFF',
			nwkSKey: '00112233445566778899AABBCCDDEEFF',
			frequencyPlanId: 'EU_863_870_TTN',
			lorawanVersion: 'MAC_V1_0_4',
			lorawanPhyVersion: 'RP002_V1_0_3',
			supportsClassB: true,
		};
		expect(problemsOf(() => planDeviceCreation(abp, options))).toEqual([
			'DevEUI is empty',
			'Ping Slot Periodicity is required for ABP devices that support class B',
		]);
	});

	it('accepts a missing DevEUI and device ID when the DevEUI will be issued by the server', () => {
		const plan = planDeviceCreation(
			{ ...otaa, devEui: '' },
			{ ...options, devEuiIssuedLater: true },
		);
		expect(plan.deviceId).toBeUndefined();
	});

	it('routes advanced fields to their servers and refuses read-only or unknown ones', () => {
		const plan = planDeviceCreation(
			{
				...otaa,
				advanced: { mac_settings: { rx1_delay: 'RX_DELAY_5' }, version_ids: { brand_id: 'acme' } },
			},
			options,
		);
		expect(plan.paths.ns).toEqual(
			expect.arrayContaining(['mac_settings.rx1_delay', 'version_ids.brand_id']),
		);
		expect(plan.paths.is).toContain('version_ids.brand_id');
		expect(
			problemsOf(() =>
				planDeviceCreation(
					{ ...otaa, advanced: { power_state: 'x', colour: 'red', ids: { dev_eui: '00' } } },
					options,
				),
			),
		).toEqual([
			'Advanced Fields: "power_state" is read-only',
			'Advanced Fields: "colour" is not a field of an end device',
			'Advanced Fields cannot change the device IDs or EUIs',
		]);
	});
});

describe('planDeviceUpdate', () => {
	it('writes only the given fields, each to its server', () => {
		const plan = planDeviceUpdate({
			applicationId: 'my-app',
			deviceId: 'd-1',
			name: 'New',
			frequencyPlanId: 'US_902_928_FSB_2',
		});
		expect(plan.paths).toEqual({ is: ['name'], js: [], ns: ['frequency_plan_id'], as: [] });
	});

	it('carries formatter choices apart from the device, to be resolved against what it has', () => {
		const plan = planDeviceUpdate({
			applicationId: 'my-app',
			deviceId: 'd-1',
			uplinkFormatter: 'FORMATTER_CAYENNELPP',
			uplinkFormatterScript: 'ignored',
		});
		expect(plan.formatters).toEqual({ up: { formatter: 'FORMATTER_CAYENNELPP' } });
		expect(plan.device.formatters).toBeUndefined();
		expect(plan.paths.as).toEqual([]);
	});

	it('refuses an update without fields', () => {
		expect(
			problemsOf(() => planDeviceUpdate({ applicationId: 'my-app', deviceId: 'd-1' })),
		).toEqual(['No field to update: add at least one under Update Fields']);
	});
});
