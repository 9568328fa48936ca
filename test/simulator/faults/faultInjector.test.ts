import { startSimulator, Simulator } from '../../../simulator';
import { api, errorName, openEventStream } from '../helpers';

describe('fault injection', () => {
	let sim: Simulator;
	let key: string;
	beforeAll(async () => {
		sim = await startSimulator({
			seed: {
				applications: [{ applicationId: 'app1' }],
				devices: [
					{ applicationId: 'app1', deviceId: 'dev1', joined: true },
					{ applicationId: 'app1', deviceId: 'dev2', joined: true },
				],
			},
		});
		key = sim.createApiKey({
			owner: { application: 'app1' },
			rights: ['RIGHT_APPLICATION_ALL'],
		}).key;
	});
	afterEach(() => sim.faults.reset());
	afterAll(() => sim.close());

	it('fails a chosen component for chosen devices with a chosen TTS error', async () => {
		sim.faults.failComponent({
			component: 'ns',
			devices: ['dev1'],
			error: 'pkg/ratelimit:rate_limit_exceeded',
			attributes: { key: 'x', rate: 1 },
		});
		const failed = await api(sim, 'GET', '/ns/applications/app1/devices/dev1', { key });
		expect(failed.status).toBe(429);
		expect(errorName(failed)).toBe('pkg/ratelimit:rate_limit_exceeded');
		expect((await api(sim, 'GET', '/ns/applications/app1/devices/dev2', { key })).status).toBe(200);
		expect((await api(sim, 'GET', '/as/applications/app1/devices/dev1', { key })).status).toBe(200);
	});

	it('fails a seeded fraction of requests reproducibly', async () => {
		const run = async () => {
			sim.faults.reset();
			sim.faults.failComponent({ component: 'as', fraction: 0.5, seed: 42 });
			const statuses: number[] = [];
			for (let index = 0; index < 10; index++)
				statuses.push(
					(await api(sim, 'GET', '/as/applications/app1/devices/dev1', { key })).status,
				);
			return statuses;
		};
		const first = await run();
		expect(first).toContain(404);
		expect(first).toContain(200);
		expect(await run()).toEqual(first);
	});

	it('answers the next N requests with a 5xx burst', async () => {
		sim.faults.burst({ count: 2, status: 503, component: 'is' });
		expect((await api(sim, 'GET', '/applications/app1', { key })).status).toBe(503);
		expect((await api(sim, 'GET', '/ns/applications/app1/devices/dev1', { key })).status).toBe(200);
		const second = await api(sim, 'GET', '/applications/app1', { key });
		expect(second.status).toBe(503);
		expect(second.body.code).toBe(14);
		expect((await api(sim, 'GET', '/applications/app1', { key })).status).toBe(200);
		sim.faults.burst({ count: 1, status: 502 });
		const badGateway = await api(sim, 'GET', '/applications/app1', { key });
		expect(badGateway.status).toBe(502);
		expect(badGateway.text).toBe('Bad Gateway\n');
	});

	it('adds latency to requests', async () => {
		const seen: string[] = [];
		sim.faults.setLatency((request) => {
			seen.push(`${request.component}:${request.rpc}`);
			return 1;
		});
		await api(sim, 'GET', '/as/applications/app1/devices/dev1', { key });
		expect(seen).toEqual(['as:AsEndDeviceRegistry.Get']);
	});

	it('handles a request, then drops the connection without an answer', async () => {
		sim.faults.dropResponses({ component: 'is', rpc: 'EndDeviceRegistry.Create' });
		const created = api(sim, 'POST', '/applications/app1/devices', {
			key,
			body: { end_device: { ids: { device_id: 'dropped-1' } } },
		});
		await expect(created).rejects.toThrow();
		expect(sim.state().identity.endDevices.get('app1')?.has('dropped-1')).toBe(true);
		const logged = sim.requestLog().find((entry) => entry.rpc === 'EndDeviceRegistry.Create');
		expect(logged?.status).toBe(0);
		// Only once: the next request is answered.
		const again = await api(sim, 'POST', '/applications/app1/devices', {
			key,
			body: { end_device: { ids: { device_id: 'dropped-2' } } },
		});
		expect(again.status).toBe(200);
	});

	it('accepts a request and never answers it, until the client gives up', async () => {
		sim.faults.hangRequests({ component: 'ns', devices: ['dev1'], times: Infinity });
		const controller = new AbortController();
		const hanging = fetch(`${sim.url}/api/v3/ns/applications/app1/devices/dev1`, {
			headers: { Authorization: `Bearer ${key}` },
			signal: controller.signal,
		});
		const answered = await api(sim, 'GET', '/ns/applications/app1/devices/dev2', { key });
		expect(answered.status).toBe(200);
		const outcome = await Promise.race([
			hanging.then(() => 'answered'),
			new Promise((resolve) => setTimeout(() => resolve('still waiting'), 200)),
		]);
		expect(outcome).toBe('still waiting');
		controller.abort();
		await expect(hanging).rejects.toThrow();
	});

	it('closes while a request hangs', async () => {
		const own = await startSimulator({ seed: { applications: [{ applicationId: 'app1' }] } });
		own.faults.hangRequests();
		const hanging = fetch(`${own.url}/api/v3/applications/app1`).then(
			() => 'answered',
			() => 'connection closed',
		);
		await new Promise((resolve) => setTimeout(resolve, 50));
		await own.close();
		expect(await hanging).toBe('connection closed');
		expect(own.openSockets).toBe(0);
	});

	const request = { identifiers: [{ application_ids: { application_id: 'app1' } }] };

	it('cuts a stream after N events', async () => {
		sim.faults.cutStreams({ afterEvents: 1 });
		const stream = await openEventStream(sim.url, key, request);
		await stream.messages(1);
		sim.sendUplink({ applicationId: 'app1', deviceId: 'dev1' });
		await stream.messages(1);
		expect(await stream.ended()).toBe('error');
		const next = await openEventStream(sim.url, key, request);
		await next.messages(1);
		sim.sendUplink({ applicationId: 'app1', deviceId: 'dev1' });
		await next.messages(1);
		next.close();
	});

	it('cuts a stream after N bytes, in the middle of an event, repeatedly', async () => {
		sim.faults.cutStreams({ afterBytes: 40, times: 2 });
		for (let attempt = 0; attempt < 2; attempt++) {
			const stream = await openEventStream(sim.url, key, request);
			expect(await stream.ended()).toBe('error');
			expect(stream.raw()).toHaveLength(40);
			expect(stream.raw().endsWith('\n\n')).toBe(false);
		}
	});

	it('cuts every open stream on demand, after the events written so far', async () => {
		const first = await openEventStream(sim.url, key, request);
		const second = await openEventStream(sim.url, key, request);
		await first.messages(1);
		await second.messages(1);
		sim.sendUplink({ applicationId: 'app1', deviceId: 'dev1' });
		await first.messages(1);
		await second.messages(1);
		expect(sim.cutEventStreams()).toBe(2);
		expect(await first.ended()).toBe('error');
		expect(await second.ended()).toBe('error');
		expect(sim.cutEventStreams()).toBe(0);
	});

	it('ends a stream cleanly after a maximum duration', async () => {
		sim.faults.maxStreamDurationMs = 50;
		const stream = await openEventStream(sim.url, key, request);
		await stream.messages(1);
		expect(await stream.ended()).toBe('end');
	});
});
