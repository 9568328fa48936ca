import { mapLocalhostSubdomainsToLoopback, startSimulator, Simulator } from '../../../simulator';
import { api, errorName, openEventStream } from '../helpers';

describe('routing and request decoding', () => {
	let sim: Simulator;
	let key: string;
	beforeAll(async () => {
		sim = await startSimulator({ seed: { applications: [{ applicationId: 'app1' }] } });
		key = sim.createApiKey({
			owner: { application: 'app1' },
			rights: ['RIGHT_APPLICATION_ALL'],
		}).key;
	});
	afterAll(() => sim.close());

	it('answers grpc-gateway 404 for unknown routes and 405 for a wrong method', async () => {
		const unknown = await api(sim, 'GET', '/no/such/route', { key });
		expect(unknown.status).toBe(404);
		expect(unknown.body).toEqual({ code: 5, message: 'Not Found', details: [] });
		const wrongMethod = await api(sim, 'PATCH', '/applications/app1', { key });
		expect(wrongMethod.status).toBe(405);
		expect(wrongMethod.body).toEqual({ code: 12, message: 'Method Not Allowed', details: [] });
	});

	it('tells a known but unimplemented route apart with 501', async () => {
		// The Application Server's pub/subs are in the API but not in the simulator.
		const response = await api(sim, 'GET', '/as/pubsub-formats', { key });
		expect(response.status).toBe(501);
		expect(response.body.code).toBe(12);
	});

	it('prefers literal segments: /devices/batch is the batch route', async () => {
		const response = await api(sim, 'GET', '/applications/app1/devices/batch?device_ids=nope', {
			key,
		});
		expect(response.status).toBe(200);
	});

	it('rejects timestamps that are not UTC and malformed JSON with 400', async () => {
		const offset = await api(sim, 'POST', '/applications/app1/api-keys', {
			key,
			body: {
				name: 'x',
				rights: ['RIGHT_APPLICATION_INFO'],
				expires_at: '2030-01-01T00:00:00+02:00',
			},
		});
		expect(offset.status).toBe(400);
		expect(offset.body.code).toBe(3);
		const utc = await api(sim, 'POST', '/applications/app1/api-keys', {
			key,
			body: {
				name: 'x',
				rights: ['RIGHT_APPLICATION_INFO'],
				expires_at: '2030-01-01T00:00:00.123456Z',
			},
		});
		expect(utc.status).toBe(200);
		const malformed = await api(sim, 'POST', '/applications/app1/api-keys', {
			key,
			body: '{"name":',
		});
		expect(malformed.status).toBe(400);
	});

	it('accepts repeated field_mask query parameters', async () => {
		sim.createDevice({
			applicationId: 'app1',
			deviceId: 'masked',
			name: 'Masked',
			description: 'desc',
		});
		const response = await api(
			sim,
			'GET',
			'/applications/app1/devices/masked?field_mask=name&field_mask=description',
			{ key },
		);
		expect(response.body.name).toBe('Masked');
		expect(response.body.description).toBe('desc');
	});
});

describe('tenants', () => {
	let sim: Simulator;
	let restoreLookup: () => void;
	beforeAll(async () => {
		restoreLookup = mapLocalhostSubdomainsToLoopback();
		sim = await startSimulator();
		sim.createApplication({ applicationId: 'shared-id' }, 'acme');
		sim.createApplication({ applicationId: 'shared-id' }, 'globex');
	});
	afterAll(async () => {
		await sim.close();
		restoreLookup();
	});

	it('keeps data and keys per tenant, selected by the first Host label', async () => {
		const acmeKey = sim.createApiKey({
			owner: { application: 'shared-id' },
			rights: ['RIGHT_APPLICATION_ALL'],
			tenant: 'acme',
		}).key;
		sim.createDevice({ applicationId: 'shared-id', deviceId: 'acme-dev' }, 'acme');
		const acme = await api(sim, 'GET', '/applications/shared-id/devices', {
			key: acmeKey,
			base: sim.tenantUrl('acme'),
		});
		expect(acme.status).toBe(200);
		expect(acme.body.end_devices[0].ids.device_id).toBe('acme-dev');
		const wrongTenant = await api(sim, 'GET', '/applications/shared-id/devices', {
			key: acmeKey,
			base: sim.tenantUrl('globex'),
		});
		expect(wrongTenant.status).toBe(401);
		expect(errorName(wrongTenant)).toBe('pkg/identityserver:api_key_not_found');
		const defaultTenant = await api(sim, 'GET', '/applications/shared-id/devices', {
			key: acmeKey,
		});
		expect(defaultTenant.status).toBe(401);
		expect(sim.requestLog().map((entry) => entry.tenant)).toEqual(['acme', 'globex', 'default']);
	});
});

describe('split Identity Server and cluster hosts', () => {
	let sim: Simulator;
	let key: string;
	beforeAll(async () => {
		sim = await startSimulator({
			identityServerPort: 0,
			seed: {
				applications: [{ applicationId: 'app1' }],
				devices: [{ applicationId: 'app1', deviceId: 'dev1', joined: true }],
			},
		});
		key = sim.createApiKey({
			owner: { application: 'app1' },
			rights: ['RIGHT_APPLICATION_ALL'],
		}).key;
	});
	afterAll(() => sim.close());

	it('serves IS paths only on the IS host and cluster paths only on the cluster host', async () => {
		expect(sim.identityServerUrl).not.toBe(sim.url);
		expect(
			(await api(sim, 'GET', '/applications/app1', { key, base: sim.identityServerUrl })).status,
		).toBe(200);
		const isOnCluster = await api(sim, 'GET', '/applications/app1', { key });
		expect(isOnCluster.status).toBe(404);
		expect(isOnCluster.body).toEqual({ code: 5, message: 'Not Found', details: [] });
		expect((await api(sim, 'GET', '/ns/applications/app1/devices/dev1', { key })).status).toBe(200);
		expect(
			(
				await api(sim, 'GET', '/ns/applications/app1/devices/dev1', {
					key,
					base: sim.identityServerUrl,
				})
			).status,
		).toBe(404);
		expect(
			(await api(sim, 'GET', '/configuration/frequency-plans', { base: sim.identityServerUrl }))
				.status,
		).toBe(200);
	});

	it('asks for credentials on the cluster host before any rights, as a server apart from the IS does', async () => {
		const body = { identifiers: [{ application_ids: { application_id: 'app1' } }] };
		const onCluster = await api(sim, 'POST', '/events', { body });
		expect(onCluster.status).toBe(401);
		expect(errorName(onCluster)).toBe('pkg/rpcmetadata:unauthenticated');
		const onIdentityServer = await api(sim, 'POST', '/events', {
			body,
			base: sim.identityServerUrl,
		});
		expect(onIdentityServer.status).toBe(403);
		expect(errorName(onIdentityServer)).toBe('pkg/auth/rights:no_application_rights');
	});

	it('serves IS events from the IS host and traffic events from the cluster host', async () => {
		const request = { identifiers: [{ application_ids: { application_id: 'app1' } }] };
		const isStream = await openEventStream(sim.identityServerUrl, key, request);
		const clusterStream = await openEventStream(sim.url, key, request);
		await isStream.messages(1);
		await clusterStream.messages(1);
		sim.sendUplink({ applicationId: 'app1', deviceId: 'dev1' });
		await api(sim, 'DELETE', '/applications/app1/devices/dev1', {
			key,
			base: sim.identityServerUrl,
		});
		const [isEvent] = await isStream.messages(1);
		const [clusterEvent] = await clusterStream.messages(1);
		expect((isEvent.result as { name: string }).name).toBe('end_device.delete');
		expect((clusterEvent.result as { name: string }).name).toBe('as.up.data.forward');
		isStream.close();
		clusterStream.close();
	});
});
