import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { startTestStack, type TestStack } from '../../../../support/stack';
import { runActionNode } from '../../../../support/workflow';

const APP = 'test-app';
const locator = (value: string) => ({ __rl: true, mode: 'id', value });

describe('Device → Update', () => {
	let stack: TestStack;

	beforeEach(async () => {
		stack = await startTestStack();
		stack.sim.createDevice({
			applicationId: APP,
			deviceId: 'otaa-1',
			devEui: '70B3D57ED0000001',
			joinEui: '0000000000000000',
			name: 'Old',
		});
		stack.sim.createDevice({
			applicationId: APP,
			deviceId: 'abp-1',
			activation: 'abp',
			devAddr: '260B0001',
		});
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
				applicationId: locator(APP),
				deviceId: locator(deviceId),
				updateFields,
			},
			credentials: stack.credentials,
		});

	const writes = () =>
		stack.sim
			.requestLog()
			.filter((entry) => entry.method === 'PUT')
			.map((entry) => ({
				path: entry.path,
				mask: ((entry.body as IDataObject).field_mask as IDataObject).paths,
			}));

	it('calls only the servers whose fields changed, each with its field mask', async () => {
		const result = await update('otaa-1', {
			name: 'New name',
			frequencyPlanId: 'EU_863_870',
			supportsClassC: true,
		});
		expect(result.error).toBeUndefined();
		expect(writes()).toEqual([
			{ path: `/api/v3/applications/${APP}/devices/otaa-1`, mask: ['name'] },
			{
				path: `/api/v3/ns/applications/${APP}/devices/otaa-1`,
				mask: ['frequency_plan_id', 'supports_class_c'],
			},
		]);
		expect(result.items[0].json).toMatchObject({
			name: 'New name',
			frequency_plan_id: 'EU_863_870',
			supports_class_c: true,
		});
		const ns = stack.sim.state().networkServer.devices.get(`${APP}.otaa-1`) as IDataObject;
		expect(ns.supports_class_c).toBe(true);
	});

	it('changes the AppKey on the Join Server, sending the EUIs it needs', async () => {
		const result = await update('otaa-1', { appKey: 'FFEEDDCCBBAA99887766554433221100' });
		expect(result.error).toBeUndefined();
		const [write] = stack.sim.requestLog().filter((entry) => entry.method === 'PUT');
		expect(write.path).toBe(`/api/v3/js/applications/${APP}/devices/otaa-1`);
		expect(((write.body as IDataObject).end_device as IDataObject).ids).toMatchObject({
			dev_eui: '70B3D57ED0000001',
			join_eui: '0000000000000000',
		});
		const js = stack.sim.state().joinServer.devices.get(`${APP}.otaa-1`) as IDataObject;
		expect((js.root_keys as IDataObject).app_key).toEqual({
			key: 'FFEEDDCCBBAA99887766554433221100',
		});
	});

	it('updates advanced fields on their servers', async () => {
		const result = await update('abp-1', {
			advanced:
				'{"mac_settings": {"rx1_delay": "RX_DELAY_5"}, "version_ids": {"brand_id": "acme"}}',
		});
		expect(result.error).toBeUndefined();
		expect(writes().map((write) => write.path)).toEqual([
			`/api/v3/applications/${APP}/devices/abp-1`,
			`/api/v3/ns/applications/${APP}/devices/abp-1`,
			`/api/v3/as/applications/${APP}/devices/abp-1`,
		]);
	});

	it('leaves the new AppKey out of the output unless Include Keys is on', async () => {
		const appKey = 'FFEEDDCCBBAA99887766554433221100';
		const quiet = await update('otaa-1', { appKey });
		expect(quiet.error).toBeUndefined();
		expect(JSON.stringify(quiet.items[0].json)).not.toContain(appKey);
		const asked = await runActionNode({
			parameters: {
				resource: 'device',
				operation: 'update',
				applicationId: locator(APP),
				deviceId: locator('otaa-1'),
				updateFields: { appKey },
				options: { includeKeys: true },
			},
			credentials: stack.credentials,
		});
		expect(asked.items[0].json).toMatchObject({ root_keys: { app_key: { key: appKey } } });
	});

	describe('a device whose servers are elsewhere', () => {
		// Registered on the Identity Server only, as a device of another cluster is.
		const registerElsewhere = (deviceId: string, addresses: IDataObject) => {
			const registered = stack.sim.state().identity.devicesOf(APP);
			registered.set(deviceId, {
				ids: {
					device_id: deviceId,
					application_ids: { application_id: APP },
					dev_eui: '70B3D57ED00000E1',
					join_eui: '0000000000000000',
				},
				...addresses,
				created_at: '2024-01-01T00:00:00Z',
				updated_at: '2024-01-01T00:00:00Z',
			});
		};

		it('refuses Network Server fields of a device on another cluster before writing anything', async () => {
			registerElsewhere('nam-1', {
				network_server_address: 'nam1.cloud.thethings.network',
				application_server_address: 'nam1.cloud.thethings.network',
				join_server_address: 'nam1.cloud.thethings.network',
			});
			const result = await update('nam-1', { name: 'Renamed', supportsClassC: true });
			expect(result.error?.message).toBe(
				'Device "nam-1" is registered on the Network Server at nam1.cloud.thethings.network, not on this cluster: Supports Class C cannot be changed here [item 0]',
			);
			expect((result.error as { description?: string }).description).toMatch(
				/credential for that cluster/,
			);
			expect(writes()).toEqual([]);
			expect(stack.sim.state().networkServer.devices.has(`${APP}.nam-1`)).toBe(false);
		});

		it('still changes what the Identity Server stores', async () => {
			registerElsewhere('nam-2', {
				network_server_address: 'nam1.cloud.thethings.network',
				application_server_address: 'nam1.cloud.thethings.network',
			});
			const result = await update('nam-2', { name: 'Renamed' });
			expect(result.error).toBeUndefined();
			expect(writes().map((write) => write.path)).toEqual([
				`/api/v3/applications/${APP}/devices/nam-2`,
			]);
		});

		it('refuses root keys of a device whose Join Server is external', async () => {
			registerElsewhere('ext-js', {
				network_server_address: new URL(stack.sim.url).hostname,
				application_server_address: new URL(stack.sim.url).hostname,
				join_server_address: 'join.example.com',
			});
			const result = await update('ext-js', { appKey: 'FFEEDDCCBBAA99887766554433221100' });
			expect(result.error?.message).toBe(
				'Device "ext-js" is registered on the Join Server at join.example.com, not on this cluster: AppKey cannot be changed here [item 0]',
			);
			expect(writes()).toEqual([]);
		});
	});

	it('refuses root keys for an ABP device, and an empty update, with clear errors', async () => {
		expect(
			(await update('abp-1', { appKey: 'FFEEDDCCBBAA99887766554433221100' })).error?.message,
		).toBe('Device "abp-1" is an ABP device: it has no root keys [item 0]');
		expect((await update('abp-1', {})).error?.message).toBe(
			'No field to update: add at least one under Update Fields [item 0]',
		);
		expect((await update('abp-1', { advanced: 'not json' })).error?.message).toBe(
			'Advanced Fields (JSON) is not a JSON object [item 0]',
		);
	});
});
