import type { INodeParameters } from 'n8n-workflow';

import type { Simulator } from '../../../../simulator';
import { startSimulator } from '../../../../simulator';
import {
	getBandFrequencyPlans,
	getDeviceBands,
	getDeviceFirmwareVersions,
	getDeviceHardwareVersions,
} from '../../../../nodes/TheThingsStack/methods/deviceRepositoryOptions';
import {
	searchDeviceBrands,
	searchDeviceModels,
} from '../../../../nodes/TheThingsStack/methods/deviceRepositorySearch';
import { loadOptionsContext } from './loadOptionsContext';

const rlc = (value: string) => ({ __rl: true, mode: 'list', value });

describe('Device Repository pickers', () => {
	let sim: Simulator;
	let key: string;

	beforeAll(async () => {
		sim = await startSimulator();
		key = sim.createUserKey('alice').key;
	});

	afterAll(async () => {
		expect(sim.contractViolations()).toEqual([]);
		await sim.close();
	});

	// The parameters of Device → Create from the repository, as the editor holds them.
	const context = (parameters: INodeParameters = {}) =>
		loadOptionsContext(sim, key, {
			resource: 'device',
			operation: 'create',
			inputMethod: 'repository',
			...parameters,
		});

	it('lists the brands by name and finds them by any part of their name or ID', async () => {
		const all = await searchDeviceBrands.call(context());
		expect(all.results).toEqual([
			{ name: 'Dragino Technology Co., Limited (dragino)', value: 'dragino' },
			{ name: 'Milesight IoT Co., Ltd. (milesight-iot)', value: 'milesight-iot' },
			{ name: 'The Things Industries (the-things-industries)', value: 'the-things-industries' },
		]);
		// Parts of words, which the repository's own search does not match.
		expect((await searchDeviceBrands.call(context(), 'drag')).results).toEqual([
			{ name: 'Dragino Technology Co., Limited (dragino)', value: 'dragino' },
		]);
		expect((await searchDeviceBrands.call(context(), 'THINGS')).results).toHaveLength(1);
	});

	it('lists the models of the chosen brand, and none before a brand is chosen', async () => {
		const models = await searchDeviceModels.call(context({ brandId: rlc('dragino') }), 'lht');
		expect(models.results).toEqual([{ name: 'LHT65 (lht65)', value: 'lht65' }]);
		expect((await searchDeviceModels.call(context({ brandId: rlc('') }))).results).toEqual([]);
	});

	it('offers the model’s hardware versions, or one "none" choice for a model without any', async () => {
		const em300 = await getDeviceHardwareVersions.call(
			context({ brandId: rlc('milesight-iot'), modelId: rlc('em300-th') }),
		);
		expect(em300).toEqual([
			{ name: 'v1.0', value: 'v1.0' },
			{ name: 'v2.0', value: 'v2.0', description: 'Part number EM300-TH-868M' },
		]);
		const lht65 = await getDeviceHardwareVersions.call(
			context({ brandId: rlc('dragino'), modelId: rlc('lht65') }),
		);
		expect(lht65).toEqual([{ name: 'None (The Model Has No Hardware Versions)', value: '' }]);
	});

	it('offers the firmware versions made for the hardware version, then the bands of the firmware', async () => {
		const model = { brandId: rlc('milesight-iot'), modelId: rlc('em300-th') };
		const forV2 = await getDeviceFirmwareVersions.call(
			context({ ...model, hardwareVersion: 'v2.0' }),
		);
		expect(forV2.map((option) => option.value)).toEqual(['v1.2']);
		const forV1 = await getDeviceFirmwareVersions.call(
			context({ ...model, hardwareVersion: 'v1.0' }),
		);
		expect(forV1.map((option) => option.value)).toEqual(['v1.1', 'v1.2']);
		const bands = await getDeviceBands.call(context({ ...model, firmwareVersion: 'v1.2' }));
		expect(bands).toEqual([
			{ name: 'EU_863_870', value: 'EU_863_870', description: 'LoRaWAN certified profile' },
			{ name: 'US_902_928', value: 'US_902_928', description: 'LoRaWAN certified profile' },
		]);
	});

	it('offers the band’s frequency plans after its default', async () => {
		const us = await getBandFrequencyPlans.call(context({ bandId: 'US_902_928' }));
		expect(us[0]).toEqual({
			name: 'Default for the Band (US_902_928_FSB_2)',
			value: '',
			description: 'United States 902-928 MHz, FSB 2 (used by TTN)',
		});
		expect(us.slice(1).map((option) => option.value)).toHaveLength(8);
		const as923 = await getBandFrequencyPlans.call(context({ bandId: 'AS_923' }));
		expect(as923[0]).toMatchObject({ name: 'Default for the Band', value: '' });
	});
});
