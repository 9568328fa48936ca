import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { startTestStack, type TestStack } from '../../../../support/stack';
import { runActionNode } from '../../../../support/workflow';

const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const gnse = {
	brandId: byId('the-things-industries'),
	modelId: byId('generic-node-sensor-edition'),
	hardwareVersion: '1.1',
	firmwareVersion: '1.0',
	bandId: 'EU_863_870',
};

describe('Device Repository resource', () => {
	let stack: TestStack;

	beforeAll(async () => {
		// Any key may read the repository: here one with no right on any application.
		stack = await startTestStack({ rights: ['RIGHT_USER_INFO'] });
	});

	afterAll(async () => {
		expect(stack.sim.contractViolations()).toEqual([]);
		await stack.close();
	});

	const run = async (
		operation: string,
		parameters: INodeParameters,
		onError?: 'continueErrorOutput',
	) =>
		await runActionNode({
			parameters: { resource: 'deviceRepository', operation, ...parameters },
			items: [{ json: {} }],
			credentials: stack.credentials,
			onError,
		});
	const json = (result: { items: Array<{ json: IDataObject }> }) =>
		result.items.map((item) => item.json);

	it('searches brands with their names and vendor IDs, and the logo as a URL', async () => {
		const all = await run('searchBrands', { returnAll: true });
		expect(all.error).toBeUndefined();
		expect(json(all)).toEqual([
			{ brand_id: 'milesight-iot', name: 'Milesight IoT Co., Ltd.', lora_alliance_vendor_id: 601 },
			{
				brand_id: 'dragino',
				name: 'Dragino Technology Co., Limited',
				lora_alliance_vendor_id: 676,
			},
			{
				brand_id: 'the-things-industries',
				name: 'The Things Industries',
				website: 'https://www.thethingsindustries.com',
				email: 'info@thethingsindustries.com',
				logo: 'https://raw.githubusercontent.com/TheThingsNetwork/lorawan-devices/master/vendor/the-things-industries/ttn.png',
			},
		]);
		const found = await run('searchBrands', { search: 'drag*', returnAll: true });
		expect(json(found).map((brand) => brand.brand_id)).toEqual(['dragino']);
		const ordered = await run('searchBrands', {
			returnAll: false,
			limit: 2,
			options: { orderBy: '-name' },
		});
		expect(json(ordered).map((brand) => brand.brand_id)).toEqual([
			'the-things-industries',
			'milesight-iot',
		]);
	});

	it('searches models of one brand or of all, by the words of their sensors, with firmware versions and bands', async () => {
		const humidity = await run('searchModels', { search: 'humidity', returnAll: true });
		expect(json(humidity).map((model) => `${model.brand_id}/${model.model_id}`)).toEqual([
			'milesight-iot/em300-th',
			'dragino/lht65',
			'dragino/laq4-abp',
			'the-things-industries/generic-node-sensor-edition',
		]);
		const dragino = await run('searchModels', { brandId: byId('dragino'), returnAll: true });
		const [lht65] = json(dragino);
		expect(lht65).toMatchObject({
			brand_id: 'dragino',
			model_id: 'lht65',
			name: 'LHT65',
			sensors: ['battery', 'humidity', 'temperature'],
			firmware_versions: [
				{
					version: '1.8',
					profiles: { EU_863_870: { profile_id: 'eu868-profile', codec_id: 'lht65-codec' } },
				},
				{ version: '1.9' },
			],
			photos: {
				main: 'https://raw.githubusercontent.com/TheThingsNetwork/lorawan-devices/master/vendor/dragino/lht65.jpg',
			},
		});
		const limited = await run('searchModels', { returnAll: false, limit: 2 });
		expect(json(limited)).toHaveLength(2);
	});

	it('gets the template of a model’s firmware and band, with the hardware version in its version IDs', async () => {
		const result = await run('getTemplate', gnse);
		expect(result.error).toBeUndefined();
		expect(json(result)[0]).toMatchObject({
			end_device: {
				version_ids: { hardware_version: '1.1', firmware_version: '1.0', band_id: 'EU_863_870' },
				lorawan_version: 'MAC_V1_0_3',
				formatters: {
					up_formatter: 'FORMATTER_REPOSITORY',
					down_formatter: 'FORMATTER_REPOSITORY',
				},
			},
			field_mask: { paths: expect.arrayContaining(['formatters', 'lorawan_phy_version']) },
		});
	});

	it('gets the uplink decoder with its examples, the payloads also as hex', async () => {
		const result = await run('getPayloadFormatter', { ...gnse, codec: 'uplink/decoder' });
		const [formatter] = json(result);
		expect(formatter).toMatchObject({
			formatter: 'FORMATTER_JAVASCRIPT',
			codec_id: 'generic-node-sensor-edition-codec',
		});
		expect(formatter.formatter_parameter).toContain('function decodeUplink(input)');
		expect((formatter.examples as IDataObject[])[0]).toEqual({
			description: 'Temperature, humidity, battery and a button press',
			input: { f_port: 1, frm_payload: 'AORbDPAB', frm_payload_hex: '00E45B0CF001' },
			output: {
				data: { temperature: 22.8, humidity: 45.5, battery_voltage: 3.312, button_pressed: true },
			},
		});
		const encoder = await run('getPayloadFormatter', {
			...gnse,
			codec: 'downlink/encoder',
			includeExamples: false,
		});
		expect(Object.keys(json(encoder)[0]).sort()).toEqual([
			'codec_id',
			'formatter',
			'formatter_parameter',
		]);
	});

	it('says in words why the repository has no such formatter or model, per item', async () => {
		const noEncoder = await run(
			'getPayloadFormatter',
			{
				brandId: byId('dragino'),
				modelId: byId('lht65'),
				firmwareVersion: '1.8',
				bandId: 'EU_863_870',
				codec: 'downlink/encoder',
			},
			'continueErrorOutput',
		);
		expect(noEncoder.errorItems[0].json).toMatchObject({
			details: { ttsError: 'pkg/devicerepository/store/remote:no_encoder', httpCode: '404' },
		});
		const noModel = await run('getTemplate', { ...gnse, modelId: byId('generic-node-pro') });
		expect(noModel.error?.message).toBe(
			'The Device Repository has no model "generic-node-pro" of brand "the-things-industries" [item 0]',
		);
		const badFirmware = await run('getTemplate', { ...gnse, firmwareVersion: '1.0/../x' });
		expect(badFirmware.error?.message).toBe(
			'Firmware Version "1.0/../x" is not valid: use at most 32 characters without a slash [item 0]',
		);
	});
});
