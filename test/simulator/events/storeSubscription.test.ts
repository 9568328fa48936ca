import { startSimulator, Simulator, SimulatorOptions } from '../../../simulator';
import { EventStream, openEventStream } from '../helpers';

const appIds = (applicationId: string) => ({ application_ids: { application_id: applicationId } });
const deviceIds = (applicationId: string, deviceId: string) => ({
	device_ids: { device_id: deviceId, application_ids: { application_id: applicationId } },
});

type Message = Record<string, unknown>;
const resultOf = (message: Message) => message.result as Record<string, unknown>;
const namesOf = (messages: Message[]) => messages.map((message) => resultOf(message).name);

/** Reads `count` messages, then proves nothing else is on its way: the next one is a marker. */
async function exactly(
	stream: EventStream,
	count: number,
	publishMarker: () => unknown,
): Promise<Message[]> {
	const messages = await stream.messages(count);
	publishMarker();
	const [next] = await stream.messages(1);
	expect(resultOf(next).name).toBe('application.delete');
	return messages;
}

describe('event stream history and live reads (pkg/events/redis/store.go SubscribeWithHistory)', () => {
	let sim: Simulator;
	let key: string;
	const applicationId = 'app1';

	const start = async (options: SimulatorOptions = {}) => {
		sim = await startSimulator({
			...options,
			seed: {
				applications: [{ applicationId }, { applicationId: 'history' }],
				devices: Array.from({ length: 10 }, (_, index) => ({
					applicationId,
					deviceId: `dev${index + 1}`,
					joined: true,
				})),
			},
		});
		key = sim.createUserKey('demo-user').key;
	};
	// History tests use an application without devices, whose stream holds only what they publish.
	const publishUpdates = (count: number, application = 'history') => {
		const published = [];
		for (let index = 0; index < count; index++)
			published.push(
				sim.publishEvent({ name: 'application.update', identifiers: [appIds(application)] }),
			);
		return published;
	};
	const marker = (application = 'history') =>
		sim.publishEvent({ name: 'application.delete', identifiers: [appIds(application)] });
	const open = (request: Record<string, unknown>) =>
		openEventStream(sim.url, key, { identifiers: [appIds('history')], ...request });
	/** A time after everything published so far and before anything published next. */
	const now = async () => {
		await new Promise((resolve) => setTimeout(resolve, 2));
		const time = new Date().toISOString();
		await new Promise((resolve) => setTimeout(resolve, 2));
		return time;
	};

	afterEach(async () => {
		expect(sim.contractViolations()).toEqual([]);
		await sim.close();
	});

	it('replays into 8 slots with `after` alone: the rest of the replay is dropped, and nobody is told', async () => {
		await start();
		const published = publishUpdates(20);
		const stream = await open({ after: '2000-01-01T00:00:00Z' });
		const [, ...replayed] = await exactly(stream, 9, marker);
		expect(replayed.map((message) => resultOf(message).unique_id)).toEqual(
			published.slice(0, 8).map((event) => event.event.unique_id),
		);
		const [stats] = sim.eventStreams();
		expect(stats).toMatchObject({ channelSize: 8, pushed: 21, dropped: 12, written: 9 });
		expect(stats.droppedByName).toEqual({ 'application.update': 12 });
		expect(sim.droppedEvents).toBe(12);
		stream.close();
	});

	it('replays everything with `after` and tail 1024 (1024 slots)', async () => {
		await start();
		const published = publishUpdates(20);
		const stream = await open({ after: '2000-01-01T00:00:00Z', tail: 1024 });
		const [, ...replayed] = await exactly(stream, 21, marker);
		expect(replayed.map((message) => resultOf(message).unique_id)).toEqual(
			published.map((event) => event.event.unique_id),
		);
		expect(sim.eventStreams()[0]).toMatchObject({ channelSize: 1024, dropped: 0 });
		stream.close();
	});

	it('starts at now without `after` and `tail`: nothing is replayed', async () => {
		await start();
		publishUpdates(3);
		const stream = await open({});
		await exactly(stream, 1, marker);
		stream.close();
	});

	it('replays the whole history for Go’s zero time as `after`', async () => {
		await start();
		publishUpdates(3);
		const stream = await open({ after: '0001-01-01T00:00:00Z' });
		const messages = await exactly(stream, 4, marker);
		expect(namesOf(messages.slice(1))).toEqual([
			'application.update',
			'application.update',
			'application.update',
		]);
		stream.close();
	});

	it('sends an event once per requested identifier it is stored under, history and live', async () => {
		await start();
		const replayed = sim.sendUplink({ applicationId, deviceId: 'dev1' });
		const stream = await openEventStream(sim.url, key, {
			identifiers: [appIds('app1'), deviceIds('app1', 'dev1')],
			names: ['as.up.data.forward'],
			tail: 10,
		});
		const [, fromApplication, fromDevice] = await stream.messages(3);
		expect(resultOf(fromApplication).unique_id).toBe(resultOf(fromDevice).unique_id);
		expect((resultOf(fromDevice).data as Record<string, unknown>).received_at).toBe(
			replayed.received_at,
		);
		sim.sendUplink({ applicationId, deviceId: 'dev1' });
		const [first, second] = await stream.messages(2);
		expect(resultOf(first).unique_id).toBe(resultOf(second).unique_id);
		expect(resultOf(first).unique_id).not.toBe(resultOf(fromDevice).unique_id);
		stream.close();
	});

	it('reads live events 8 per entity and read with `after` alone: one entity keeps up', async () => {
		await start();
		const stream = await openEventStream(sim.url, key, {
			identifiers: [appIds('app1')],
			names: ['as.up.data.forward'],
			after: await now(),
		});
		await stream.messages(1);
		for (let index = 0; index < 30; index++) sim.sendUplink({ applicationId, deviceId: 'dev1' });
		await stream.messages(30);
		expect(sim.eventStreams()[0]).toMatchObject({ pushed: 30, dropped: 0, written: 30 });
		stream.close();
	});

	it('pushes one read of several entities at once: a burst across devices overflows 8 slots', async () => {
		await start();
		const devices = Array.from({ length: 10 }, (_, index) => `dev${index + 1}`);
		const stream = await openEventStream(sim.url, key, {
			identifiers: [appIds('app1'), ...devices.map((device) => deviceIds('app1', device))],
			names: ['as.up.data.forward', 'ns.up.data.receive', 'application.delete'],
			after: await now(),
		});
		await stream.messages(1);
		// One gateway forwarding an uplink of each device at once.
		for (const deviceId of devices) sim.sendUplink({ applicationId, deviceId });
		// First read: 8 of the application's 10 as.up.data.forward, then 2 per device: 28 for 8
		// slots. Second read: the application's last 2.
		const messages = await exactly(stream, 10, () => marker('app1'));
		expect(new Set(namesOf(messages))).toEqual(new Set(['as.up.data.forward']));
		expect(sim.eventStreams()[0]).toMatchObject({
			pushed: 31,
			dropped: 20,
			droppedByName: { 'as.up.data.forward': 10, 'ns.up.data.receive': 10 },
		});
		stream.close();
	});

	it('checks visibility after the channel: events the caller may not see still take slots', async () => {
		await start();
		const infoKey = sim.createApiKey({
			owner: { application: 'app1' },
			rights: ['RIGHT_APPLICATION_INFO'],
		}).key;
		const after = await now();
		for (let index = 0; index < 8; index++) sim.sendUplink({ applicationId, deviceId: 'dev1' });
		publishUpdates(1, 'app1');
		const stream = await openEventStream(sim.url, infoKey, {
			identifiers: [appIds('app1')],
			after,
		});
		await stream.messages(1);
		marker('app1');
		const [next] = await stream.messages(1);
		// The application.update behind 8 invisible uplinks was dropped.
		expect(resultOf(next).name).toBe('application.delete');
		expect(sim.eventStreams()[0]).toMatchObject({ dropped: 1, written: 1 });
		stream.close();
	});

	it('replays events whose payload expired without data, with bare identifiers', async () => {
		let clock = Date.now();
		await start({ now: () => clock, eventPayloadTtlMs: 60_000 });
		sim.sendUplink({ applicationId, deviceId: 'dev1' });
		clock += 60_000;
		sim.sendUplink({ applicationId, deviceId: 'dev1' });
		const stream = await openEventStream(sim.url, key, {
			identifiers: [appIds('app1')],
			names: ['as.up.data.forward'],
			tail: 10,
		});
		const [, old, fresh] = (await stream.messages(3)).map(resultOf);
		expect(old).toEqual({
			name: 'as.up.data.forward',
			time: expect.any(String),
			identifiers: [deviceIds('app1', 'dev1')],
			visibility: { rights: ['RIGHT_APPLICATION_TRAFFIC_READ'] },
			unique_id: expect.any(String),
		});
		expect(fresh.data).toMatchObject({ uplink_message: expect.any(Object) });
		expect(
			(fresh.identifiers as Array<Record<string, Record<string, unknown>>>)[0].device_ids.dev_eui,
		).toEqual(expect.any(String));
		stream.close();
	});

	it('forgets an entity whose last event is older than the entity TTL', async () => {
		let clock = Date.now();
		await start({ now: () => clock, eventEntityTtlMs: 3_600_000 });
		publishUpdates(3);
		clock += 3_600_000;
		const stream = await open({ tail: 10 });
		await stream.messages(1);
		marker();
		const [next] = await stream.messages(1);
		expect(resultOf(next).name).toBe('application.delete');
		stream.close();
	});

	it('scans from 1 s before `after` on the store clock: a store clock more than 1 s behind loses events', async () => {
		const skewMs = 5_000;
		let offset = -skewMs;
		await start({ now: () => Date.now() + offset });
		const [event] = publishUpdates(1);
		const after = new Date(event.timeMs - 2_000).toISOString();
		const behind = await open({ after });
		await behind.messages(1);
		marker();
		expect(resultOf((await behind.messages(1))[0]).name).toBe('application.delete');
		behind.close();
		offset = skewMs;
		const [ahead] = publishUpdates(1);
		const forward = await open({ after: new Date(ahead.timeMs - 2_000).toISOString() });
		const [, replayed] = await forward.messages(2);
		expect(resultOf(replayed).unique_id).toBe(ahead.event.unique_id);
		forward.close();
	});

	it('has no history without an events store, and still clamp(tail, 8, 1024) slots', async () => {
		await start({ eventsStore: false });
		publishUpdates(3);
		const stream = await open({ tail: 20 });
		expect(stream.response.headers.get('x-warning')).toBe('Events storage is not enabled');
		await stream.messages(1);
		publishUpdates(25);
		await exactly(stream, 20, marker);
		expect(sim.eventStreams()[0]).toMatchObject({ channelSize: 20, pushed: 26, dropped: 5 });
		stream.close();
	});
});
