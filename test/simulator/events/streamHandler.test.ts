import { startSimulator, Simulator } from '../../../simulator';
import { api, errorName, openEventStream } from '../helpers';

const app1 = { application_ids: { application_id: 'app1' } };
const dev1 = { device_ids: { device_id: 'dev1', application_ids: { application_id: 'app1' } } };

describe('event stream POST /api/v3/events', () => {
	let sim: Simulator;
	let key: string;
	beforeAll(async () => {
		sim = await startSimulator({
			eventHistoryPerEntity: 5,
			seed: {
				applications: [{ applicationId: 'app1' }, { applicationId: 'app2' }],
				devices: [{ applicationId: 'app1', deviceId: 'dev1', joined: true }],
			},
		});
		key = sim.createApiKey({
			owner: { application: 'app1' },
			rights: ['RIGHT_APPLICATION_ALL'],
		}).key;
	});
	afterAll(() => sim.close());

	it('frames messages as {"result": …} + "\\n\\n" for text/event-stream, without "data:" prefixes', async () => {
		const stream = await openEventStream(sim.url, key, { identifiers: [app1] });
		expect(stream.response.status).toBe(200);
		expect(stream.response.headers.get('content-type')).toBe('text/event-stream');
		const [start] = await stream.messages(1);
		expect(stream.raw().startsWith('{"result":{"name":"events.stream.start"')).toBe(true);
		expect(stream.raw().endsWith('}}\n\n')).toBe(true);
		expect(stream.raw()).not.toMatch(/^data:/m);
		const result = start.result as Record<string, unknown>;
		expect(result.identifiers).toEqual([app1]);
		expect(result.data).toBeUndefined();
		stream.close();
	});

	it('frames messages with "\\n" for other Accept values', async () => {
		const stream = await openEventStream(sim.url, key, { identifiers: [app1] }, 'application/json');
		await stream.messages(1);
		expect(stream.raw()).toMatch(/^\{"result":\{"name":"events\.stream\.start".*\}\}\n$/);
		stream.close();
	});

	it('lists the expanded names in the start event when a filter is given', async () => {
		const stream = await openEventStream(sim.url, key, {
			identifiers: [app1],
			names: ['/^gs\\.gateway\\.conn/', 'as.up.data.forward'],
		});
		const [start] = await stream.messages(1);
		expect((start.result as { data: unknown }).data).toEqual({
			'@type': 'type.googleapis.com/google.protobuf.Value',
			value: ['as.up.data.forward', 'gs.gateway.connect', 'gs.gateway.connection.stats'],
		});
		stream.close();
	});

	it.each([
		[{ identifiers: [] }, 'pkg/events/grpc:no_identifiers'],
		[{ identifiers: [app1], names: ['as.up.nope'] }, 'pkg/events:unknown_event_name'],
		[{ identifiers: [app1], names: ['/^nothing\\./'] }, 'pkg/events:no_matching_events'],
		[{ identifiers: [app1], names: ['/(/'] }, 'pkg/events:invalid_regexp'],
	])('answers 400 before streaming for %j', async (request, name) => {
		const response = await api(sim, 'POST', '/events', { key, body: request });
		expect(response.status).toBe(400);
		expect(errorName(response)).toBe(name);
	});

	it('needs rights on every identifier', async () => {
		const response = await api(sim, 'POST', '/events', {
			key,
			body: { identifiers: [app1, { application_ids: { application_id: 'app2' } }] },
		});
		expect(response.status).toBe(403);
		expect(errorName(response)).toBe('pkg/auth/rights:no_application_rights');
	});

	it('delivers only propagating device events to application subscriptions', async () => {
		const appStream = await openEventStream(sim.url, key, { identifiers: [app1] });
		const deviceStream = await openEventStream(sim.url, key, { identifiers: [dev1] });
		await appStream.messages(1);
		await deviceStream.messages(1);
		sim.sendUplink({ applicationId: 'app1', deviceId: 'dev1', payload: Buffer.from([1]) });
		const deviceNames = (await deviceStream.messages(5)).map(
			(event) => (event.result as { name: string }).name,
		);
		expect(deviceNames).toEqual([
			'ns.up.data.receive',
			'ns.up.data.process',
			'ns.up.data.forward',
			'as.up.data.receive',
			'as.up.data.forward',
		]);
		const [appEvent] = await appStream.messages(1);
		expect((appEvent.result as { name: string }).name).toBe('as.up.data.forward');
		const event = appEvent.result as Record<string, unknown>;
		expect(event.unique_id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
		expect(event.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{4,9}Z$/);
		expect(event.visibility).toEqual({ rights: ['RIGHT_APPLICATION_TRAFFIC_READ'] });
		expect((event.data as Record<string, unknown>)['@type']).toBe(
			'type.googleapis.com/ttn.lorawan.v3.ApplicationUp',
		);
		expect(Array.isArray(event.correlation_ids)).toBe(true);
		expect(event.origin).toBe('simulator.local');
		appStream.close();
		deviceStream.close();
	});

	it('hides events the caller has no visibility right for', async () => {
		const infoKey = sim.createApiKey({
			owner: { application: 'app1' },
			rights: ['RIGHT_APPLICATION_INFO', 'RIGHT_APPLICATION_DEVICES_READ'],
		}).key;
		const stream = await openEventStream(sim.url, infoKey, { identifiers: [app1] });
		await stream.messages(1);
		sim.sendUplink({ applicationId: 'app1', deviceId: 'dev1' });
		const created = await api(sim, 'POST', '/applications/app1/devices', {
			key,
			body: {
				end_device: {
					ids: { device_id: 'visible', dev_eui: '70B3D57ED0000501', join_eui: '0000000000000000' },
				},
			},
		});
		expect(created.status).toBe(200);
		const [event] = await stream.messages(1);
		expect((event.result as { name: string }).name).toBe('end_device.create');
		stream.close();
	});

	it('replays at most tail stored events, then applies the names filter', async () => {
		sim.createApplication({ applicationId: 'replay' });
		const replayKey = sim.createApiKey({
			owner: { application: 'replay' },
			rights: ['RIGHT_APPLICATION_ALL'],
		}).key;
		const ids = [{ application_ids: { application_id: 'replay' } }];
		for (let index = 0; index < 8; index++) {
			sim.publishEvent({
				name: index % 2 ? 'application.update' : 'application.create',
				identifiers: ids,
			});
		}
		// History keeps 5 per entity: replay cannot go further back.
		const all = await openEventStream(sim.url, replayKey, { identifiers: ids, tail: 100 });
		const replayed = await all.messages(6);
		expect(replayed.slice(1).map((event) => (event.result as { name: string }).name)).toEqual([
			'application.update',
			'application.create',
			'application.update',
			'application.create',
			'application.update',
		]);
		all.close();
		const filtered = await openEventStream(sim.url, replayKey, {
			identifiers: ids,
			tail: 2,
			names: ['application.create'],
		});
		const [, only] = await filtered.messages(2);
		expect((only.result as { name: string }).name).toBe('application.create');
		sim.publishEvent({ name: 'application.create', identifiers: ids });
		const [live] = await filtered.messages(1);
		expect((live.result as { unique_id: string }).unique_id).not.toBe(
			(only.result as { unique_id: string }).unique_id,
		);
		filtered.close();
	});

	it('replays events strictly after `after`, compared at millisecond precision', async () => {
		sim.createApplication({ applicationId: 'after-app' });
		const afterKey = sim.createApiKey({
			owner: { application: 'after-app' },
			rights: ['RIGHT_APPLICATION_ALL'],
		}).key;
		const ids = [{ application_ids: { application_id: 'after-app' } }];
		const first = sim.publishEvent({ name: 'application.create', identifiers: ids });
		const second = sim.publishEvent({ name: 'application.update', identifiers: ids });
		const sameMillisecond = first.timeMs === second.timeMs;
		const stream = await openEventStream(sim.url, afterKey, {
			identifiers: ids,
			after: String(first.event.time),
		});
		sim.publishEvent({ name: 'application.delete', identifiers: ids });
		const messages = await stream.messages(sameMillisecond ? 2 : 3);
		const names = messages.slice(1).map((event) => (event.result as { name: string }).name);
		expect(names).toEqual(
			sameMillisecond ? ['application.delete'] : ['application.update', 'application.delete'],
		);
		stream.close();
	});

	it('ends open streams with an error chunk when the key is revoked', async () => {
		const revocable = sim.createApiKey({
			owner: { application: 'app1' },
			rights: ['RIGHT_APPLICATION_ALL'],
		});
		const stream = await openEventStream(sim.url, revocable.key, { identifiers: [app1] });
		await stream.messages(1);
		expect(sim.openStreams).toBeGreaterThan(0);
		sim.revokeApiKey(revocable.id);
		const [chunk] = await stream.messages(1);
		expect(chunk.result).toBeUndefined();
		expect((chunk.error as { details: Array<{ name: string }> }).details[0].name).toBe(
			'api_key_not_found',
		);
		expect(await stream.ended()).toBe('end');
	});

	it('warns and ignores tail/after without an events store', async () => {
		const noStore = await startSimulator({
			eventsStore: false,
			seed: { applications: [{ applicationId: 'app1' }] },
		});
		const noStoreKey = noStore.createApiKey({
			owner: { application: 'app1' },
			rights: ['RIGHT_APPLICATION_ALL'],
		}).key;
		noStore.publishEvent({ name: 'application.update', identifiers: [app1] });
		const stream = await openEventStream(noStore.url, noStoreKey, {
			identifiers: [app1],
			tail: 10,
		});
		expect(stream.response.headers.get('x-warning')).toBe('Events storage is not enabled');
		noStore.publishEvent({ name: 'application.delete', identifiers: [app1] });
		const [, live] = await stream.messages(2);
		expect((live.result as { name: string }).name).toBe('application.delete');
		stream.close();
		await noStore.close();
	});
});
