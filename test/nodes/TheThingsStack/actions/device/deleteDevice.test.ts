import { registriesHolding, startTestStack, type TestStack } from '../../../../support/stack';
import { runActionNode } from '../../../../support/workflow';

const APP = 'test-app';
const locator = (value: string) => ({ __rl: true, mode: 'id', value });

describe('Device → Delete', () => {
	let stack: TestStack;

	beforeEach(async () => {
		stack = await startTestStack();
	});

	afterEach(async () => {
		expect(stack.sim.contractViolations()).toEqual([]);
		await stack.close();
	});

	const remove = (deviceIds: string[], onError?: 'continueRegularOutput') =>
		runActionNode({
			parameters: {
				resource: 'device',
				operation: 'deleteDevice',
				applicationId: locator(APP),
				deviceId: '={{ $json.id }}',
			},
			items: deviceIds.map((id) => ({ json: { id } })),
			credentials: stack.credentials,
			onError,
		});

	it('deletes from the Application, Network and Join Server, then the Identity Server', async () => {
		stack.sim.createDevice({ applicationId: APP, deviceId: 'dev-1' });
		const result = await remove(['dev-1']);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toEqual({
			application_id: APP,
			device_id: 'dev-1',
			deleted: true,
			servers: {
				'Application Server': 'deleted',
				'Network Server': 'deleted',
				'Join Server': 'deleted',
				'Identity Server': 'deleted',
			},
		});
		expect(registriesHolding(stack.sim, APP, 'dev-1')).toEqual([]);
		expect(stack.sim.requestLog().map((entry) => `${entry.method} ${entry.path}`)).toEqual([
			`GET /api/v3/applications/${APP}/devices/dev-1`,
			`DELETE /api/v3/as/applications/${APP}/devices/dev-1`,
			`DELETE /api/v3/ns/applications/${APP}/devices/dev-1`,
			`DELETE /api/v3/js/applications/${APP}/devices/dev-1`,
			`DELETE /api/v3/applications/${APP}/devices/dev-1`,
		]);
	});

	it('cleans up a half-registered device (ABP, or left on some servers only)', async () => {
		stack.sim.createDevice({
			applicationId: APP,
			deviceId: 'abp-1',
			activation: 'abp',
			devAddr: '260B0009',
		});
		stack.sim.createDevice({ applicationId: APP, deviceId: 'half-1' });
		stack.sim.state().identity.endDevices.get(APP)?.delete('half-1');
		const result = await remove(['abp-1', 'half-1']);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.servers).toMatchObject({
			'Join Server': 'not found',
			'Identity Server': 'deleted',
		});
		expect(result.items[1].json.servers).toMatchObject({
			'Network Server': 'deleted',
			'Identity Server': 'not found',
		});
		expect(registriesHolding(stack.sim, APP, 'abp-1')).toEqual([]);
		expect(registriesHolding(stack.sim, APP, 'half-1')).toEqual([]);
	});

	it('keeps the Identity Server entry when another server refuses, and says where the device is left', async () => {
		stack.sim.createDevice({ applicationId: APP, deviceId: 'dev-2' });
		stack.sim.faults.failComponent({
			component: 'ns',
			devices: ['dev-2'],
			error: 'pkg/auth/rights:insufficient_application_rights',
			attributes: { uid: APP, missing: ['RIGHT_APPLICATION_DEVICES_WRITE'] },
		});
		const result = await remove(['dev-2'], 'continueRegularOutput');
		expect(result.items[0].json.error).toBe(
			'Device "dev-2" could not be deleted everywhere: it is still on the Identity Server, Network Server [item 0]',
		);
		expect(registriesHolding(stack.sim, APP, 'dev-2')).toEqual(['is', 'ns']);
	});

	// As Create and Update, Delete touches only the servers of this cluster the device names
	// (ttn-lw-cli end_devices.go `end-devices delete` compares the addresses first); the Identity
	// Server entry stays while a server elsewhere holds the device, so it can still be found and
	// deleted there.
	it('deletes only this cluster’s records of a device whose servers are elsewhere, and says so', async () => {
		stack.sim.createDevice({ applicationId: APP, deviceId: 'moved' });
		const registration = stack.sim.state().identity.endDevices.get(APP)?.get('moved');
		Object.assign(registration ?? {}, {
			network_server_address: 'nam1.cloud.thethings.network',
			application_server_address: 'nam1.cloud.thethings.network',
		});
		const result = await remove(['moved']);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({
			application_id: APP,
			device_id: 'moved',
			deleted: false,
			servers: {
				'Application Server': 'skipped',
				'Network Server': 'skipped',
				'Join Server': 'deleted',
				'Identity Server': 'kept',
			},
			skipped_servers: [
				{
					server: 'Application Server',
					address: 'nam1.cloud.thethings.network',
					reason: expect.stringMatching(/not this cluster/),
				},
				{ server: 'Network Server', address: 'nam1.cloud.thethings.network' },
			],
		});
		expect(registriesHolding(stack.sim, APP, 'moved')).toEqual(['is', 'ns', 'as']);
		expect(
			stack.sim
				.requestLog()
				.filter((entry) => entry.method === 'DELETE')
				.map((entry) => entry.path),
		).toEqual([`/api/v3/js/applications/${APP}/devices/moved`]);
	});

	it('says so when no server holds the device', async () => {
		const result = await remove(['ghost-1']);
		expect(result.error?.message).toBe(
			'Device "ghost-1" does not exist in application "test-app" [item 0]',
		);
	});
});
