import type { IDataObject } from 'n8n-workflow';

import { startTestStack, type TestStack } from '../../../../support/stack';
import { runActionNode } from '../../../../support/workflow';

const APP = 'test-app';
const locator = (value: string) => ({ __rl: true, mode: 'id', value });

describe('Device → Get', () => {
	let stack: TestStack;

	beforeEach(async () => {
		stack = await startTestStack();
		stack.sim.createDevice({
			applicationId: APP,
			deviceId: 'dev-1',
			devEui: '70B3D57ED0000001',
			joinEui: '0000000000000000',
			appKey: '00112233445566778899AABBCCDDEEFF',
			name: 'Device one',
			frequencyPlanId: 'EU_863_870_TTN',
			formatters: { up_formatter: 'FORMATTER_CAYENNELPP' },
		});
	});

	afterEach(async () => {
		expect(stack.sim.contractViolations()).toEqual([]);
		await stack.close();
	});

	it('merges the fields each server holds into one device', async () => {
		const result = await runActionNode({
			parameters: {
				resource: 'device',
				operation: 'get',
				applicationId: locator(APP),
				deviceId: locator('dev-1'),
				fields: ['name', 'frequency_plan_id', 'formatters', 'root_keys'],
			},
			credentials: stack.credentials,
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({
			ids: { device_id: 'dev-1', dev_eui: '70B3D57ED0000001' },
			name: 'Device one',
			frequency_plan_id: 'EU_863_870_TTN',
			formatters: { up_formatter: 'FORMATTER_CAYENNELPP' },
			root_keys: { app_key: { key: '00112233445566778899AABBCCDDEEFF' } },
		});
		const paths = stack.sim.requestLog().map((entry) => entry.path);
		expect(paths).toEqual(
			expect.arrayContaining([
				`/api/v3/applications/${APP}/devices/dev-1`,
				`/api/v3/ns/applications/${APP}/devices/dev-1`,
				`/api/v3/as/applications/${APP}/devices/dev-1`,
				`/api/v3/js/applications/${APP}/devices/dev-1`,
			]),
		);
	});

	it('asks only the Identity Server when only its fields are wanted', async () => {
		await runActionNode({
			parameters: {
				resource: 'device',
				operation: 'get',
				applicationId: locator(APP),
				deviceId: locator('dev-1'),
				fields: ['name'],
			},
			credentials: stack.credentials,
		});
		expect(stack.sim.requestLog().map((entry) => entry.path)).toEqual([
			`/api/v3/applications/${APP}/devices/dev-1`,
		]);
	});

	it('reports a missing device as not found', async () => {
		const result = await runActionNode({
			parameters: {
				resource: 'device',
				operation: 'get',
				applicationId: locator(APP),
				deviceId: locator('nope-1'),
			},
			credentials: stack.credentials,
		});
		expect(result.error?.message).toMatch(/not found/i);
		expect(result.error?.message).toMatch(/\[item 0\]$/);
	});

	it('refuses an invalid device ID from the input data before sending anything', async () => {
		const result = await runActionNode({
			parameters: {
				resource: 'device',
				operation: 'get',
				applicationId: locator(APP),
				deviceId: locator('={{ $json.id }}'),
			},
			items: [{ json: { id: 'Dev 1' } }],
			credentials: stack.credentials,
		});
		expect(result.error?.message).toBe(
			'Device ID "Dev 1" is not valid: use 3–36 lowercase letters, digits and single hyphens, not at the start or end [item 0]',
		);
		expect(stack.sim.requestLog()).toEqual([]);
	});
});

describe('Device → Get Many', () => {
	let stack: TestStack;

	beforeAll(async () => {
		stack = await startTestStack();
		for (let n = 0; n < 23; n++) {
			stack.sim.createDevice({
				applicationId: APP,
				deviceId: `dev-${String(n).padStart(2, '0')}`,
				name: `Device ${n}`,
			});
		}
	});

	afterAll(async () => {
		expect(stack.sim.contractViolations()).toEqual([]);
		await stack.close();
	});

	it('returns all devices across pages', async () => {
		const result = await runActionNode({
			parameters: {
				resource: 'device',
				operation: 'getAll',
				applicationId: locator(APP),
				returnAll: true,
			},
			credentials: stack.credentials,
		});
		expect(result.items).toHaveLength(23);
		expect(result.items.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(
			true,
		);
		expect(result.items[0].json).toMatchObject({ ids: { device_id: 'dev-00' }, name: 'Device 0' });
	});

	it('stops at the limit, in the chosen order', async () => {
		stack.sim.clearRequestLog();
		const result = await runActionNode({
			parameters: {
				resource: 'device',
				operation: 'getAll',
				applicationId: locator(APP),
				returnAll: false,
				limit: 5,
				options: { order: '-device_id', fields: ['name'] },
			},
			credentials: stack.credentials,
		});
		expect(result.items.map((item) => (item.json.ids as IDataObject).device_id)).toEqual([
			'dev-22',
			'dev-21',
			'dev-20',
			'dev-19',
			'dev-18',
		]);
		expect(stack.sim.requestLog()).toHaveLength(1);
	});

	it('filters by update time', async () => {
		const result = await runActionNode({
			parameters: {
				resource: 'device',
				operation: 'getAll',
				applicationId: locator(APP),
				returnAll: true,
				options: { updatedSince: new Date(Date.now() + 60_000).toISOString() },
			},
			credentials: stack.credentials,
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(0);
		const all = await runActionNode({
			parameters: {
				resource: 'device',
				operation: 'getAll',
				applicationId: locator(APP),
				returnAll: true,
				options: { updatedSince: '2020-01-01T00:00:00Z' },
			},
			credentials: stack.credentials,
		});
		expect(all.items).toHaveLength(23);
	});
});
