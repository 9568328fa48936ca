import type { INodeParameters } from 'n8n-workflow';

import { startTestStack, type TestStack } from '../../../../support/stack';
import { runActionNode } from '../../../../support/workflow';
import { APP, otaaCreate } from './createParameters';

const byId = (value: string) => ({ __rl: true, mode: 'id', value });

describe('Device → Get with the Device Repository info', () => {
	let stack: TestStack;

	beforeAll(async () => {
		stack = await startTestStack();
		const versionIds = (modelId: string) =>
			JSON.stringify({
				version_ids: {
					brand_id: 'dragino',
					model_id: modelId,
					firmware_version: '1.9',
					band_id: 'EU_863_870',
				},
			});
		const created = await runActionNode({
			parameters: otaaCreate({ additionalFields: { advanced: '={{ $json.advanced }}' } }),
			items: [
				{
					json: {
						id: 'lht-1',
						dev_eui: '70B3D57ED0000101',
						app_key: '0'.repeat(31) + '1',
						advanced: versionIds('lht65'),
					},
				},
				{
					json: {
						id: 'lht-2',
						dev_eui: '70B3D57ED0000102',
						app_key: '0'.repeat(31) + '2',
						advanced: versionIds('lht65'),
					},
				},
				{
					json: {
						id: 'gone-1',
						dev_eui: '70B3D57ED0000103',
						app_key: '0'.repeat(31) + '3',
						advanced: versionIds('lht64'),
					},
				},
				{
					json: {
						id: 'plain-1',
						dev_eui: '70B3D57ED0000104',
						app_key: '0'.repeat(31) + '4',
						advanced: '{}',
					},
				},
			],
			credentials: stack.credentials,
		});
		expect(created.error).toBeUndefined();
		stack.sim.clearRequestLog();
	});

	afterAll(async () => {
		expect(stack.sim.contractViolations()).toEqual([]);
		await stack.close();
	});

	const get = async (options: INodeParameters) =>
		await runActionNode({
			parameters: {
				resource: 'device',
				operation: 'get',
				applicationId: byId(APP),
				deviceId: byId('={{ $json.id }}'),
				fields: ['name'],
				options,
			},
			items: ['lht-1', 'lht-2', 'gone-1', 'plain-1'].map((id) => ({ json: { id } })),
			credentials: stack.credentials,
		});

	it('adds brand and model names, versions, band and profile; null without version IDs; found false for a model the repository lacks', async () => {
		const result = await get({ includeRepositoryInfo: true });
		expect(result.error).toBeUndefined();
		const info = result.items.map((item) => item.json.device_repository);
		expect(info[0]).toEqual({
			found: true,
			brand_id: 'dragino',
			brand_name: 'Dragino Technology Co., Limited',
			model_id: 'lht65',
			model_name: 'LHT65',
			model_description: 'LoRaWAN Temperature & Humidity sensor',
			firmware_version: '1.9',
			band_id: 'EU_863_870',
			profile_id: 'eu868-profile',
			lorawan_certified: false,
			codec_id: 'lht65-codec',
			sensors: ['battery', 'humidity', 'temperature'],
			product_url: 'http://www.dragino.com/products/lora-lorawan-end-node/item/151-lht65.html',
			datasheet_url: 'http://www.dragino.com/downloads/index.php?dir=LHT65/',
			photo_url:
				'https://raw.githubusercontent.com/TheThingsNetwork/lorawan-devices/master/vendor/dragino/lht65.jpg',
		});
		expect(info[1]).toEqual(info[0]);
		expect(info[2]).toEqual({
			found: false,
			brand_id: 'dragino',
			model_id: 'lht64',
			firmware_version: '1.9',
			band_id: 'EU_863_870',
			reason: 'model `dragino/lht64` not found',
		});
		expect(info[3]).toBeNull();
		// The brand and each model are read once for all rows.
		const reads = stack.sim
			.requestLog()
			.map((entry) => entry.path)
			.filter((path) => path.startsWith('/api/v3/dr/'));
		expect(reads.sort()).toEqual([
			'/api/v3/dr/brands/dragino',
			'/api/v3/dr/brands/dragino/models/lht64',
			'/api/v3/dr/brands/dragino/models/lht65',
		]);
	});

	it('reads nothing from the repository without the option', async () => {
		stack.sim.clearRequestLog();
		const result = await get({});
		expect(result.items.every((item) => !('device_repository' in item.json))).toBe(true);
		expect(stack.sim.requestLog().some((entry) => entry.path.includes('/dr/'))).toBe(false);
	});
});
