import { startSimulator, Simulator } from '../../../simulator';
import { api, errorName } from '../helpers';

// The right each call asks for (rights.RequireApplication / RequireGateway in the handlers).
describe('the rights each call needs', () => {
	let sim: Simulator;
	const keyWith = (...rights: string[]) =>
		sim.createApiKey({ owner: { application: 'app1' }, rights }).key;
	const gatewayKeyWith = (...rights: string[]) =>
		sim.createApiKey({ owner: { gateway: 'gw1' }, rights }).key;
	const missing = (response: {
		body: { details?: Array<{ attributes?: { missing?: string[] } }> };
	}) => response.body.details?.[0]?.attributes?.missing;

	beforeAll(async () => {
		sim = await startSimulator({
			seed: {
				applications: [{ applicationId: 'app1' }],
				devices: [{ applicationId: 'app1', deviceId: 'dev1', joined: true }],
				gateways: [{ gatewayId: 'gw1' }],
			},
		});
	});
	afterAll(() => sim.close());

	// is/end_device_registry.go createEndDevice, updateEndDevice, deleteEndDevice.
	it('writes devices with APPLICATION_DEVICES_WRITE', async () => {
		const key = keyWith('RIGHT_APPLICATION_DEVICES_READ');
		const create = await api(sim, 'POST', '/applications/app1/devices', {
			key,
			body: {
				end_device: { ids: { device_id: 'dev2', application_ids: { application_id: 'app1' } } },
			},
		});
		expect(missing(create)).toEqual(['RIGHT_APPLICATION_DEVICES_WRITE']);
		const remove = await api(sim, 'DELETE', '/applications/app1/devices/dev1', { key });
		expect(missing(remove)).toEqual(['RIGHT_APPLICATION_DEVICES_WRITE']);
		const issue = await api(sim, 'POST', '/applications/app1/dev-eui', { key });
		expect(missing(issue)).toEqual(['RIGHT_APPLICATION_DEVICES_WRITE']);
	});

	// pkg/applicationserver/io/grpc/grpc.go DownlinkQueuePush, DownlinkQueueList, SimulateUplink.
	it('queues downlinks with TRAFFIC_DOWN_WRITE, lists them with TRAFFIC_READ, simulates uplinks with TRAFFIC_UP_WRITE', async () => {
		const push = await api(sim, 'POST', '/as/applications/app1/devices/dev1/down/push', {
			key: keyWith('RIGHT_APPLICATION_TRAFFIC_READ'),
			body: { downlinks: [{ f_port: 1, frm_payload: 'AQ==' }] },
		});
		expect(missing(push)).toEqual(['RIGHT_APPLICATION_TRAFFIC_DOWN_WRITE']);
		const list = await api(sim, 'GET', '/as/applications/app1/devices/dev1/down', {
			key: keyWith('RIGHT_APPLICATION_TRAFFIC_DOWN_WRITE'),
		});
		expect(missing(list)).toEqual(['RIGHT_APPLICATION_TRAFFIC_READ']);
		const simulate = await api(sim, 'POST', '/as/applications/app1/devices/dev1/up/simulate', {
			key: keyWith('RIGHT_APPLICATION_TRAFFIC_READ'),
			body: {
				uplink_message: {
					f_port: 1,
					frm_payload: 'AQ==',
					settings: { data_rate: { lora: { bandwidth: 125000, spreading_factor: 7 } } },
				},
			},
		});
		expect(missing(simulate)).toEqual(['RIGHT_APPLICATION_TRAFFIC_UP_WRITE']);
	});

	// is/application_registry.go updateApplication, deleteApplication.
	it('updates an application with SETTINGS_BASIC and deletes it with DELETE', async () => {
		const key = keyWith('RIGHT_APPLICATION_INFO');
		const update = await api(sim, 'PUT', '/applications/app1', {
			key,
			body: {
				application: { ids: { application_id: 'app1' }, name: 'x' },
				field_mask: { paths: ['name'] },
			},
		});
		expect(missing(update)).toEqual(['RIGHT_APPLICATION_SETTINGS_BASIC']);
		const remove = await api(sim, 'DELETE', '/applications/app1', { key });
		expect(missing(remove)).toEqual(['RIGHT_APPLICATION_DELETE']);
	});

	// is/gateway_registry.go updateGateway: GATEWAY_LINK may set antennas and attributes only.
	it('lets a gateway link key set attributes, not the name', async () => {
		const key = gatewayKeyWith('RIGHT_GATEWAY_LINK');
		const update = (paths: string[]) =>
			api(sim, 'PUT', '/gateways/gw1', {
				key,
				body: {
					gateway: { ids: { gateway_id: 'gw1' }, name: 'Roof', attributes: { site: 'hq' } },
					field_mask: { paths },
				},
			});
		expect((await update(['attributes'])).status).toBe(200);
		const name = await update(['name']);
		expect(errorName(name)).toBe('pkg/auth/rights:insufficient_gateway_rights');
		expect(missing(name)).toEqual(['RIGHT_GATEWAY_SETTINGS_BASIC']);
	});

	// is/gateway_registry.go getGateway, updateGateway: secrets need READ_SECRETS / WRITE_SECRETS.
	it('guards gateway secrets with READ_SECRETS and WRITE_SECRETS', async () => {
		const key = gatewayKeyWith('RIGHT_GATEWAY_INFO', 'RIGHT_GATEWAY_SETTINGS_BASIC');
		const read = await api(sim, 'GET', '/gateways/gw1?field_mask=lbs_lns_secret', { key });
		expect(missing(read)).toEqual(['RIGHT_GATEWAY_READ_SECRETS']);
		const write = await api(sim, 'PUT', '/gateways/gw1', {
			key,
			body: {
				gateway: { ids: { gateway_id: 'gw1' }, lbs_lns_secret: { value: 'c2VjcmV0' } },
				field_mask: { paths: ['lbs_lns_secret'] },
			},
		});
		expect(missing(write)).toEqual(['RIGHT_GATEWAY_WRITE_SECRETS']);
	});
});
