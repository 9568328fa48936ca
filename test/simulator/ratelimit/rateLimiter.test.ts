import { startSimulator, Simulator } from '../../../simulator';
import { api, errorName, openEventStream, otaaDeviceBody } from '../helpers';

describe('rate limiting', () => {
	let sim: Simulator;
	let key: string;
	let now = 1_700_000_000_000;
	beforeAll(async () => {
		sim = await startSimulator({
			now: () => now,
			rateLimits: [
				{
					class: 'grpc:method:/ttn.lorawan.v3.NsEndDeviceRegistry/Get',
					maxPerMinute: 60,
					maxBurst: 3,
				},
				{ class: 'grpc:method', maxPerMinute: 600 },
			],
			seed: {
				applications: [{ applicationId: 'app1' }],
				devices: [
					{ applicationId: 'app1', deviceId: 'dev1' },
					{ applicationId: 'app1', deviceId: 'dev2' },
				],
			},
		});
		key = sim.createApiKey({
			owner: { application: 'app1' },
			rights: ['RIGHT_APPLICATION_ALL'],
		}).key;
	});
	afterAll(() => sim.close());

	const headers = (response: { headers: Headers }) => [
		response.headers.get('x-rate-limit-limit'),
		response.headers.get('x-rate-limit-available'),
		response.headers.get('x-rate-limit-reset'),
		response.headers.get('x-rate-limit-retry'),
	];

	it('sends X-Rate-Limit-* headers and answers 429 rate_limit_exceeded past the burst', async () => {
		const get = () => api(sim, 'GET', '/ns/applications/app1/devices/dev1', { key });
		expect(headers(await get())).toEqual(['3', '2', '1', '0']);
		expect(headers(await get())).toEqual(['3', '1', '2', '0']);
		expect(headers(await get())).toEqual(['3', '0', '3', '0']);
		const limited = await get();
		expect(limited.status).toBe(429);
		expect(errorName(limited)).toBe('pkg/ratelimit:rate_limit_exceeded');
		// pkg/ratelimit/grpc.go UnaryServerInterceptor: `rate` is the result's Limit (the burst).
		expect(limited.body.details[0].attributes.rate).toBe(3);
		expect(headers(limited)).toEqual(['3', '0', '3', '1']);
		now += 1000;
		const afterOneSecond = await get();
		expect(afterOneSecond.status).toBe(200);
		expect(headers(afterOneSecond)).toEqual(['3', '0', '3', '0']);
	});

	it('keys the limit per entity: another device has its own budget', async () => {
		expect((await api(sim, 'GET', '/ns/applications/app1/devices/dev2', { key })).status).toBe(200);
	});

	it('falls back to the grpc:method class and sends no headers without a profile', async () => {
		const response = await api(sim, 'GET', '/applications/app1', { key });
		expect(headers(response)[0]).toBe('600');
		sim.setRateLimits([]);
		const unlimited = await api(sim, 'GET', '/applications/app1', { key });
		expect(unlimited.headers.get('x-rate-limit-limit')).toBeNull();
	});
});

// pkg/ratelimit/grpc.go grpcEntityFromRequest: the entity of the key is the request message's
// (ttnpb.IDStringer), not the path's; pkg/rpcserver/rpcserver.go New: the validator interceptor
// runs before the rate limiter.
describe('rate limiting per request message, after validation', () => {
	let sim: Simulator;
	let key: { key: string; id: string };
	beforeAll(async () => {
		sim = await startSimulator({
			now: () => 1_700_000_000_000,
			rateLimits: [
				{
					class: [
						'grpc:method:/ttn.lorawan.v3.EndDeviceRegistry/Create',
						'grpc:method:/ttn.lorawan.v3.ApplicationRegistry/Create',
						'grpc:method:/ttn.lorawan.v3.NsEndDeviceRegistry/Get',
					],
					maxPerMinute: 60,
					maxBurst: 1,
				},
			],
			seed: {
				applications: [{ applicationId: 'app1' }],
				devices: [{ applicationId: 'app1', deviceId: 'dev1' }],
			},
		});
		key = sim.createUserKey('demo-user');
	});
	afterAll(() => sim.close());

	const createDevice = (deviceId: string, devEui: string) =>
		api(sim, 'POST', '/applications/app1/devices', {
			key: key.key,
			body: otaaDeviceBody('app1', deviceId, devEui),
		});

	it('keys an end device Create per device and a Create under a user per new entity', async () => {
		expect((await createDevice('dev-a', '70B3D57ED0000A01')).status).toBe(200);
		expect((await createDevice('dev-b', '70B3D57ED0000A02')).status).toBe(200);
		const again = await createDevice('dev-a', '70B3D57ED0000A03');
		expect(again.status).toBe(429);
		expect(again.body.details[0].attributes.key).toBe(
			`grpc:method:/ttn.lorawan.v3.EndDeviceRegistry/Create:end device:app1.dev-a:token:${key.id}`,
		);
		const createApplication = (applicationId: string) =>
			api(sim, 'POST', '/users/demo-user/applications', {
				key: key.key,
				body: { application: { ids: { application_id: applicationId } } },
			});
		expect((await createApplication('app-a')).status).toBe(200);
		expect((await createApplication('app-b')).status).toBe(200);
	});

	it('refuses an invalid request before the rate limit counts it', async () => {
		const get = (mask: string) =>
			api(sim, 'GET', `/ns/applications/app1/devices/dev1?field_mask=${mask}`, { key: key.key });
		const invalid = await get('not_a_field');
		expect(errorName(invalid)).toBe('pkg/rpcmiddleware/validator:field_mask_paths');
		expect(invalid.headers.get('x-rate-limit-limit')).toBeNull();
		const valid = await get('frequency_plan_id');
		expect(valid.status).toBe(200);
		expect(valid.headers.get('x-rate-limit-available')).toBe('0');
	});
});

// pkg/ratelimit/grpc.go StreamServerInterceptor: accepting a stream is limited per method and
// token, with the grpc:stream:accept classes.
describe('rate limiting of stream accepts', () => {
	let sim: Simulator;
	let key: string;
	beforeAll(async () => {
		sim = await startSimulator({
			now: () => 1_700_000_000_000,
			rateLimits: [
				{
					class: 'grpc:stream:accept:/ttn.lorawan.v3.Events/Stream',
					maxPerMinute: 60,
					maxBurst: 1,
				},
			],
			seed: { applications: [{ applicationId: 'app1' }, { applicationId: 'app2' }] },
		});
		key = sim.createUserKey('demo-user').key;
	});
	afterAll(() => sim.close());

	it('limits opening event streams per token, whatever the identifiers', async () => {
		const subscribe = (applicationId: string) =>
			openEventStream(sim.url, key, {
				identifiers: [{ application_ids: { application_id: applicationId } }],
			});
		const first = await subscribe('app1');
		expect(first.response.status).toBe(200);
		expect(first.response.headers.get('x-rate-limit-limit')).toBe('1');
		first.close();
		const second = await subscribe('app2');
		expect(second.response.status).toBe(429);
		second.close();
		expect(
			(await api(sim, 'GET', '/applications/app1', { key })).headers.get('x-rate-limit-limit'),
		).toBeNull();
	});
});
