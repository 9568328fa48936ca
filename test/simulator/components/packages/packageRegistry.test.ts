import { startSimulator, Simulator } from '../../../../simulator';
import { api, errorName } from '../../helpers';

describe('Application Server packages (pkg/applicationserver/io/packages/grpc.go)', () => {
	let sim: Simulator;
	let key: string;
	beforeAll(async () => {
		sim = await startSimulator({
			seed: {
				applications: [{ applicationId: 'app1' }, { applicationId: 'app2' }],
				devices: [{ applicationId: 'app1', deviceId: 'dev1' }],
			},
		});
		key = sim.createApiKey({
			owner: { application: 'app1' },
			rights: ['RIGHT_APPLICATION_SETTINGS_PACKAGES'],
		}).key;
	});
	afterAll(async () => {
		expect(sim.contractViolations()).toEqual([]);
		await sim.close();
	});

	const storage = { package_name: 'storage-integration' };

	it('lists the packages the Application Server runs, the Storage Integration on FPort 200 among them', async () => {
		const response = await api(sim, 'GET', '/as/applications/app1/devices/dev1/packages', { key });
		expect(response.status).toBe(200);
		expect(response.body.packages).toEqual([
			{ name: 'alcsync-v1', default_f_port: 202 },
			{ name: 'lora-cloud-device-management-v1', default_f_port: 199 },
			{ name: 'lora-cloud-geolocation-v3', default_f_port: 197 },
			{ name: 'storage-integration', default_f_port: 200 },
		]);
	});

	it('sets, reads, lists and deletes a default association of the application', async () => {
		const set = await api(sim, 'PUT', '/as/applications/app1/packages/associations/100', {
			key,
			body: { default: storage, field_mask: { paths: ['package_name'] } },
		});
		expect(set.status).toBe(200);
		expect(set.body).toEqual({
			ids: { application_ids: { application_id: 'app1' }, f_port: 100 },
			created_at: expect.stringMatching(/Z$/),
			updated_at: set.body.created_at,
			package_name: 'storage-integration',
		});
		const got = await api(sim, 'GET', '/as/applications/app1/packages/associations/100', { key });
		expect(got.body).toEqual(set.body);
		const list = await api(
			sim,
			'GET',
			'/as/applications/app1/packages/associations?field_mask=package_name',
			{ key },
		);
		expect(list.body).toEqual({ defaults: [set.body] });
		// Only a paginated list counts (pkg/applicationserver/io/packages/redis/registry.go).
		expect(list.headers.get('x-total-count')).toBe('0');
		const paged = await api(sim, 'GET', '/as/applications/app1/packages/associations?limit=10', {
			key,
		});
		expect(paged.headers.get('x-total-count')).toBe('1');
		expect(
			(await api(sim, 'DELETE', '/as/applications/app1/packages/associations/100', { key })).body,
		).toEqual({});
		const gone = await api(sim, 'GET', '/as/applications/app1/packages/associations/100', { key });
		expect(gone.status).toBe(404);
		expect(errorName(gone)).toBe('pkg/redis:not_found');
		// Deleting what is not there is no error.
		expect(
			(await api(sim, 'DELETE', '/as/applications/app1/packages/associations/100', { key })).status,
		).toBe(200);
		expect(
			(await api(sim, 'GET', '/as/applications/app1/packages/associations', { key })).body,
		).toEqual({});
	});

	it('sets a device association, keeps it on an empty field mask, returns data only when asked', async () => {
		const path = '/as/applications/app1/devices/dev1/packages/associations/100';
		const set = await api(sim, 'PUT', path, {
			key,
			body: {
				association: { ...storage, data: { note: 'kept' } },
				field_mask: { paths: ['package_name', 'data'] },
			},
		});
		expect(set.body).toMatchObject({
			ids: {
				end_device_ids: { device_id: 'dev1', application_ids: { application_id: 'app1' } },
				f_port: 100,
			},
			package_name: 'storage-integration',
			data: { note: 'kept' },
		});
		const unchanged = await api(sim, 'PUT', path, {
			key,
			body: { association: { package_name: 'other-package' } },
		});
		expect(unchanged.body.package_name).toBe('storage-integration');
		expect((await api(sim, 'GET', path, { key })).body.data).toBeUndefined();
		expect((await api(sim, 'GET', `${path}?field_mask=data`, { key })).body.data).toEqual({
			note: 'kept',
		});
		const list = await api(sim, 'GET', '/as/applications/app1/devices/dev1/packages/associations', {
			key,
		});
		expect(list.body.associations).toHaveLength(1);
		expect((await api(sim, 'DELETE', path, { key })).status).toBe(200);
	});

	it.each([
		[
			'a package name that is not an ID',
			'/as/applications/app1/packages/associations/100',
			{ default: { package_name: 'Storage' }, field_mask: { paths: ['package_name'] } },
			'pkg/errors:validation',
		],
		[
			'an FPort outside 1..255',
			'/as/applications/app1/packages/associations/256',
			{ default: storage, field_mask: { paths: ['package_name'] } },
			'pkg/errors:validation',
		],
		[
			'a field mask with created_at',
			'/as/applications/app1/packages/associations/100',
			{ default: storage, field_mask: { paths: ['package_name', 'created_at'] } },
			'pkg/applicationserver/io/packages/redis:invalid_fieldmask',
		],
	])('refuses %s', async (_, path, body, error) => {
		const response = await api(sim, 'PUT', path, { key, body });
		expect(response.status).toBe(400);
		expect(errorName(response)).toBe(error);
	});

	it('needs RIGHT_APPLICATION_SETTINGS_PACKAGES', async () => {
		const trafficKey = sim.createApiKey({
			owner: { application: 'app1' },
			rights: ['RIGHT_APPLICATION_TRAFFIC_READ'],
		}).key;
		const response = await api(sim, 'GET', '/as/applications/app1/packages/associations', {
			key: trafficKey,
		});
		expect(response.status).toBe(403);
		expect(errorName(response)).toBe('pkg/auth/rights:insufficient_application_rights');
		const other = await api(sim, 'GET', '/as/applications/app2/packages/associations', { key });
		expect(errorName(other)).toBe('pkg/auth/rights:no_application_rights');
	});

	it.each([
		['GET', '/as/applications/app1/packages/associations'],
		['GET', '/as/applications/app1/packages/storage/uplink_message'],
	])(
		'answers %s %s without credentials with pkg/rpcmetadata:unauthenticated, as the AS asks the IS with them',
		async (method, path) => {
			const response = await api(sim, method, path, {});
			expect(response.status).toBe(401);
			expect(errorName(response)).toBe('pkg/rpcmetadata:unauthenticated');
		},
	);
});
