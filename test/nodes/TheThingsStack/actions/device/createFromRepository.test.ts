import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { JsonObject } from '../../../../../simulator/encoding/json';
import { registriesHolding, startTestStack, type TestStack } from '../../../../support/stack';
import { runActionNode } from '../../../../support/workflow';
import { APP } from './createParameters';

const byId = (value: string) => ({ __rl: true, mode: 'id', value });

/** Device → Create from the Device Repository; brand, model, versions and band from the row. */
const fromRepository = (overrides: INodeParameters = {}): INodeParameters => ({
	resource: 'device',
	operation: 'create',
	applicationId: byId(APP),
	inputMethod: 'repository',
	brandId: byId('={{ $json.brand_id }}'),
	modelId: byId('={{ $json.model_id }}'),
	hardwareVersion: '={{ $json.hardware_version }}',
	firmwareVersion: '={{ $json.firmware_version }}',
	bandId: '={{ $json.band_id }}',
	activationMode: 'otaa',
	deviceId: '={{ $json.id }}',
	devEui: '={{ $json.dev_eui }}',
	joinEui: '0000000000000000',
	appKey: '2B7E151628AED2A6ABF7158809CF4F3C',
	...overrides,
});

const gnse = (n: number, extra: IDataObject = {}) => ({
	json: {
		id: `node-${n}`,
		dev_eui: `70B3D57ED00${String(n).padStart(5, '0')}`,
		brand_id: 'the-things-industries',
		model_id: 'generic-node-sensor-edition',
		hardware_version: '1.1',
		firmware_version: '1.0',
		band_id: 'EU_863_870',
		...extra,
	},
});

/** The simulator keeps wrapper values (BoolValue, RxDelayValue, ...) as {value}; TTS writes them bare. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- stored devices are inspected freely
function bare(value: unknown): any {
	if (Array.isArray(value)) return value.map(bare);
	if (!value || typeof value !== 'object') return value;
	const entries = Object.entries(value);
	if (entries.length === 1 && entries[0][0] === 'value') return bare(entries[0][1]);
	return Object.fromEntries(entries.map(([key, child]) => [key, bare(child)]));
}

const gnseVersionIds = {
	brand_id: 'the-things-industries',
	model_id: 'generic-node-sensor-edition',
	hardware_version: '1.1',
	firmware_version: '1.0',
	band_id: 'EU_863_870',
};

describe('Device → Create from the Device Repository', () => {
	let stack: TestStack;

	beforeEach(async () => {
		stack = await startTestStack();
	});

	afterEach(async () => {
		expect(stack.sim.contractViolations()).toEqual([]);
		await stack.close();
	});

	const run = (
		parameters: INodeParameters,
		items: Array<{ json: IDataObject }>,
		onError?: 'continueErrorOutput',
	) => runActionNode({ parameters, items, credentials: stack.credentials, onError });
	const stored = (registry: 'identity' | 'ns' | 'as', deviceId: string): JsonObject => {
		const state = stack.sim.state();
		if (registry === 'identity')
			return state.identity.endDevices.get(APP)?.get(deviceId) as JsonObject;
		const devices =
			registry === 'ns' ? state.networkServer.devices : state.applicationServer.devices;
		return devices.get(`${APP}.${deviceId}`) as JsonObject;
	};
	const requests = () => stack.sim.requestLog().map((entry) => `${entry.method} ${entry.path}`);

	it('takes the profile and the formatters of the template, keeping its own version IDs with the hardware version', async () => {
		const result = await run(fromRepository(), [gnse(1)]);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({
			ids: { device_id: 'node-1', dev_eui: '70B3D57ED0000001' },
			version_ids: gnseVersionIds,
			frequency_plan_id: 'EU_863_870_TTN',
			lorawan_version: 'MAC_V1_0_3',
			lorawan_phy_version: 'PHY_V1_0_3_REV_A',
			supports_join: true,
			formatters: { up_formatter: 'FORMATTER_REPOSITORY', down_formatter: 'FORMATTER_REPOSITORY' },
		});
		expect(registriesHolding(stack.sim, APP, 'node-1')).toEqual(['is', 'js', 'ns', 'as']);
		// version_ids on the Identity, Network and Application Server; the codec needs them on the AS.
		for (const registry of ['identity', 'ns', 'as'] as const) {
			expect(stored(registry, 'node-1').version_ids).toEqual(gnseVersionIds);
		}
		expect(stored('as', 'node-1').formatters).toEqual({
			up_formatter: 'FORMATTER_REPOSITORY',
			down_formatter: 'FORMATTER_REPOSITORY',
		});
		expect(bare(stored('ns', 'node-1')).mac_settings).toEqual({ supports_32_bit_f_cnt: true });
		expect(requests().filter((line) => line.includes('/dr/'))).toEqual([
			'GET /api/v3/dr/brands/the-things-industries/models/generic-node-sensor-edition/1.0/EU_863_870/template',
			'GET /api/v3/dr/brands/the-things-industries/models',
		]);
	});

	it('decodes the device’s uplinks with the model’s codec once it has joined', async () => {
		await run(fromRepository(), [gnse(2)]);
		stack.sim.joinDevice(APP, 'node-2');
		const uplink = stack.sim.sendUplink({
			applicationId: APP,
			deviceId: 'node-2',
			fPort: 1,
			payload: Buffer.from([0x00, 0xe4, 0x5b, 0x0c, 0xf0, 0x01]),
		}).uplink_message as JsonObject;
		expect(uplink.decoded_payload).toEqual({
			temperature: 22.8,
			humidity: 45.5,
			battery_voltage: 3.312,
			button_pressed: true,
		});
	});

	it('reads each distinct template once for a bulk run, and fails the rows the repository does not know, alone and before their device', async () => {
		const rows = [
			gnse(10),
			gnse(11),
			gnse(12, { model_id: 'generic-node-pro' }),
			gnse(13, { firmware_version: '9.9' }),
			gnse(14, { band_id: 'AU_915_928' }),
			gnse(15, { band_id: 'EU_868' }),
			gnse(16, { brand_id: 'acme' }),
			gnse(17),
			gnse(18, {
				brand_id: 'dragino',
				model_id: 'lht65',
				hardware_version: '',
				firmware_version: '1.9',
				band_id: 'US_902_928',
			}),
		];
		const result = await run(
			fromRepository({ options: { concurrency: 4 } }),
			rows,
			'continueErrorOutput',
		);
		expect(result.error).toBeUndefined();
		expect(
			result.items.map((item) => item.json.ids && (item.json.ids as IDataObject).device_id),
		).toEqual(['node-10', 'node-11', 'node-17', 'node-18']);
		expect(result.items[3].json).toMatchObject({ frequency_plan_id: 'US_902_928_FSB_2' });
		const failures = result.errorItems.map((item) => [
			item.pairedItem,
			item.json.error,
			(item.json.details as IDataObject).ttsError,
			(item.json.details as IDataObject).step,
		]);
		expect(failures).toEqual([
			[
				{ item: 2 },
				'The Device Repository has no model "generic-node-pro" of brand "the-things-industries" [item 2]',
				'pkg/devicerepository/store/remote:model_not_found',
				'Device Repository',
			],
			[
				{ item: 3 },
				'The Device Repository has no firmware version "9.9" of model the-things-industries/generic-node-sensor-edition [item 3]',
				'pkg/devicerepository/store/remote:firmware_version_not_found',
				'Device Repository',
			],
			[
				{ item: 4 },
				'Model the-things-industries/generic-node-sensor-edition with firmware 1.0 has no profile for band AU_915_928 [item 4]',
				'pkg/devicerepository/store/remote:no_profile_for_band',
				'Device Repository',
			],
			[
				{ item: 5 },
				'The Device Repository does not know band "EU_868" [item 5]',
				'pkg/devicerepository/store/remote:band_not_found',
				'Device Repository',
			],
			[
				{ item: 6 },
				'The Device Repository has no brand "acme" [item 6]',
				'pkg/devicerepository/store/remote:brand_not_found',
				'Device Repository',
			],
		]);
		// What the repository offers, for the failed rows.
		expect((result.errorItems[1].json.details as IDataObject).description).toMatch(
			/Its firmware versions: 1\.0, 1\.1\./,
		);
		expect((result.errorItems[2].json.details as IDataObject).description).toMatch(
			/It has profiles for: EU_863_870, US_902_928\./,
		);
		const log = requests();
		const templates = log.filter((line) => line.endsWith('/template'));
		expect(templates).toHaveLength(new Set(templates).size);
		expect(templates).toHaveLength(7);
		// One model list per brand, for the hardware check and for the failures' hints.
		expect(log.filter((line) => /\/dr\/brands\/[^/]+\/models$/.test(line)).sort()).toEqual([
			'GET /api/v3/dr/brands/acme/models',
			'GET /api/v3/dr/brands/the-things-industries/models',
		]);
		for (const failed of [12, 13, 14, 15, 16]) {
			expect(log.filter((line) => line.includes(`node-${failed}`))).toEqual([]);
			expect(registriesHolding(stack.sim, APP, `node-${failed}`)).toEqual([]);
		}
	});

	it('without Continue On Fail, stops on a row the repository does not know before registering any', async () => {
		const result = await run(fromRepository(), [gnse(20), gnse(21, { firmware_version: '2.0' })]);
		expect(result.error?.message).toBe(
			'The Device Repository has no firmware version "2.0" of model the-things-industries/generic-node-sensor-edition [item 1]',
		);
		expect(requests().filter((line) => line.includes('/devices'))).toEqual([]);
	});

	it('registers an ABP model with its session parameters, and refuses it as OTAA', async () => {
		const laq4 = {
			json: {
				id: 'air-1',
				dev_addr: '260B0001',
				brand_id: 'dragino',
				model_id: 'laq4-abp',
				hardware_version: '1.0',
				firmware_version: '1.1',
				band_id: 'EU_863_870',
			},
		};
		const asOtaa = await run(fromRepository(), [laq4]);
		expect(asOtaa.error?.message).toBe(
			'Model dragino/laq4-abp (firmware 1.1, EU_863_870) is an ABP device in the Device Repository: set Activation Mode to ABP [item 0]',
		);
		const result = await run(
			fromRepository({
				activationMode: 'abp',
				devAddr: '={{ $json.dev_addr }}',
				options: { generateKeys: true },
			}),
			[laq4],
		);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ lorawan_version: 'MAC_V1_0_3' });
		expect(result.items[0].json.supports_join).toBeFalsy();
		const ns = bare(stored('ns', 'air-1'));
		expect(ns.mac_settings).toMatchObject({
			rx1_delay: 'RX_DELAY_1',
			rx2_data_rate_index: 'DATA_RATE_3',
			rx2_frequency: '869525000',
			max_duty_cycle: 'DUTY_CYCLE_128',
			factory_preset_frequencies: expect.arrayContaining(['868100000', '867900000']),
		});
		expect(ns.mac_state).toMatchObject({ desired_parameters: { max_eirp: 16 } });
		// No codec in this profile: no formatters, the application default applies.
		expect(stored('as', 'air-1').formatters).toBeUndefined();
	});

	it('checks the hardware version against the model, as the Console offers it', async () => {
		const result = await run(
			fromRepository(),
			[gnse(30, { hardware_version: '2.0' }), gnse(31, { hardware_version: '1.2' })],
			'continueErrorOutput',
		);
		expect(result.errorItems.map((item) => item.json.error)).toEqual([
			'Model the-things-industries/generic-node-sensor-edition has no hardware version "2.0" [item 0]',
			'Firmware 1.0 of the-things-industries/generic-node-sensor-edition is not made for hardware version 1.2 [item 1]',
		]);
		// Firmware 1.1 is.
		const ok = await run(fromRepository(), [
			gnse(32, { hardware_version: '1.2', firmware_version: '1.1' }),
		]);
		expect(ok.error).toBeUndefined();
		expect(ok.items[0].json).toMatchObject({ supports_class_b: true });
	});

	it('takes a frequency plan of the band, refuses one of another band, and needs one where the band has no default', async () => {
		const lht65 = (n: number) =>
			gnse(n, {
				brand_id: 'dragino',
				model_id: 'lht65',
				hardware_version: '',
				firmware_version: '1.8',
				band_id: 'AS_923',
			});
		const noPlan = await run(fromRepository(), [lht65(40)]);
		expect(noPlan.error?.message).toMatch(
			/^Band AS_923 has \d+ frequency plans: choose one in Frequency Plan \[item 0\]$/,
		);
		const otherBand = await run(fromRepository({ bandFrequencyPlanId: 'EU_863_870_TTN' }), [
			lht65(41),
		]);
		expect(otherBand.error?.message).toBe(
			'Frequency Plan "EU_863_870_TTN" is for band EU_863_870, not for the device’s band AS_923 [item 0]',
		);
		const chosen = await run(fromRepository({ bandFrequencyPlanId: 'AS_920_923_TTN_AU' }), [
			lht65(42),
		]);
		expect(chosen.error).toBeUndefined();
		expect(stored('ns', 'node-42').frequency_plan_id).toBe('AS_920_923_TTN_AU');
	});

	it('lets the fields the user sets win over the template', async () => {
		const result = await run(
			fromRepository({
				additionalFields: {
					supportsClassB: false,
					uplinkFormatter: 'FORMATTER_CAYENNELPP',
					downlinkFormatter: 'FORMATTER_CAYENNELPP',
				},
			}),
			[gnse(50, { hardware_version: '1.2', firmware_version: '1.1' })],
		);
		expect(result.error).toBeUndefined();
		expect(stored('ns', 'node-50').supports_class_b).toBeFalsy();
		expect(bare(stored('ns', 'node-50')).mac_settings).toMatchObject({
			ping_slot_periodicity: 'PING_EVERY_16S',
		});
		expect(stored('as', 'node-50').formatters).toEqual({
			up_formatter: 'FORMATTER_CAYENNELPP',
			down_formatter: 'FORMATTER_CAYENNELPP',
		});
	});

	it('refuses the Device Repository formatter for a device without version IDs, before anything is sent', async () => {
		const manual: INodeParameters = {
			...fromRepository(),
			inputMethod: 'manual',
			frequencyPlanId: 'EU_863_870_TTN',
			lorawanVersion: 'MAC_V1_0_3',
			lorawanPhyVersion: 'PHY_V1_0_3_REV_A',
			additionalFields: { uplinkFormatter: 'FORMATTER_REPOSITORY' },
		};
		const refused = await run(manual, [gnse(60)]);
		expect(refused.error?.message).toBe(
			'The Device Repository payload formatter needs the device\'s version IDs (brand_id, model_id, firmware_version, band_id missing): use Input Method "From the Device Repository", or set version_ids under Advanced Fields [item 0]',
		);
		expect(requests().filter((line) => line.includes('/devices'))).toEqual([]);
		const withVersionIds = await run(
			{
				...manual,
				additionalFields: {
					uplinkFormatter: 'FORMATTER_REPOSITORY',
					advanced: JSON.stringify({ version_ids: gnseVersionIds }),
				},
			},
			[gnse(61)],
		);
		expect(withVersionIds.error).toBeUndefined();
	});
});

describe('Device Repository formatter on Update', () => {
	let stack: TestStack;

	beforeEach(async () => {
		stack = await startTestStack();
	});

	afterEach(async () => {
		expect(stack.sim.contractViolations()).toEqual([]);
		await stack.close();
	});

	const update = (deviceId: string, updateFields: INodeParameters) =>
		runActionNode({
			parameters: {
				resource: 'device',
				operation: 'update',
				applicationId: byId(APP),
				deviceId: byId(deviceId),
				updateFields,
			},
			credentials: stack.credentials,
		});

	it('sets it on a device whose Application Server entry has version IDs, and refuses it on one without, writing nothing', async () => {
		const created = await runActionNode({
			parameters: fromRepository({ additionalFields: { uplinkFormatter: 'FORMATTER_NONE' } }),
			items: [gnse(70)],
			credentials: stack.credentials,
		});
		expect(created.error).toBeUndefined();
		stack.sim.createDevice({ applicationId: APP, deviceId: 'plain', devEui: '70B3D57ED0000F01' });
		stack.sim.clearRequestLog();

		const repository = {
			uplinkFormatter: 'FORMATTER_REPOSITORY',
			downlinkFormatter: 'FORMATTER_REPOSITORY',
		};
		expect((await update('node-70', repository)).error).toBeUndefined();
		expect(stack.sim.state().applicationServer.devices.get(`${APP}.node-70`)?.formatters).toEqual({
			up_formatter: 'FORMATTER_REPOSITORY',
			down_formatter: 'FORMATTER_REPOSITORY',
		});

		stack.sim.clearRequestLog();
		const refused = await update('plain', repository);
		expect(refused.error?.message).toMatch(
			/^The Device Repository payload formatter needs the device's version IDs \(brand_id, model_id, firmware_version, band_id missing\)/,
		);
		expect(stack.sim.requestLog().filter((entry) => entry.method !== 'GET')).toEqual([]);

		const withIds = await update('plain', {
			...repository,
			advanced: JSON.stringify({ version_ids: gnseVersionIds }),
		});
		expect(withIds.error).toBeUndefined();
	});
});

describe('Device → Create from the Device Repository with a separate Identity Server', () => {
	it('reads the repository on the Identity Server’s host, as the Console does, and registers on the cluster', async () => {
		const stack = await startTestStack({ identityServerPort: 0 });
		try {
			const result = await runActionNode({
				parameters: fromRepository(),
				items: [gnse(80)],
				credentials: stack.credentials,
			});
			expect(result.error).toBeUndefined();
			const template = stack.sim.requestLog().find((entry) => entry.path.endsWith('/template'));
			expect(template).toMatchObject({ host: 'identity', status: 200 });
			expect(registriesHolding(stack.sim, APP, 'node-80')).toEqual(['is', 'js', 'ns', 'as']);
		} finally {
			await stack.close();
		}
	});
});
