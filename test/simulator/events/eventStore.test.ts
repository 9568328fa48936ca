import type { JsonObject } from '../../../simulator/encoding/json';
import { EventBus } from '../../../simulator/events/eventBus';
import { EventStore } from '../../../simulator/events/eventStore';

const app1 = { application_ids: { application_id: 'app1' } };
const dev1 = {
	device_ids: {
		device_id: 'dev1',
		application_ids: { application_id: 'app1' },
		dev_eui: '70B3D57ED0000001',
	},
};
const appStream = EventStore.streamKey('default', 'all', 'application:app1');
const devStream = EventStore.streamKey('default', 'all', 'end_device:app1.dev1');

function storeWithBus(settings: Partial<ConstructorParameters<typeof EventStore>[0]> = {}) {
	const clock = { ms: 1_700_000_000_000 };
	const store = new EventStore({
		entityCount: 100,
		payloadTtlMs: 600_000,
		entityTtlMs: 86_400_000,
		now: () => clock.ms,
		...settings,
	});
	const bus = new EventBus({ origin: 'test', store, split: false });
	const publish = (name: string, identifiers: JsonObject[] = [dev1]) =>
		bus.publish('default', { name, identifiers });
	return { store, clock, publish };
}

describe('EventStore (pkg/events/redis/store.go)', () => {
	it('adds an entry per identifier, and to the application for propagating device events', () => {
		const { store, publish } = storeWithBus();
		publish('as.up.data.forward');
		publish('ns.up.data.receive');
		const names = (key: string) =>
			store.read(key, { tail: 0 }).entries.map((entry) => entry.published.name);
		expect(names(devStream)).toEqual(['as.up.data.forward', 'ns.up.data.receive']);
		expect(names(appStream)).toEqual(['as.up.data.forward']);
		// The application's entry carries the device identifiers: all a replay without payload keeps.
		expect(store.read(appStream, { tail: 0 }).entries[0].identifiers).toEqual(dev1);
	});

	it('keeps the newest entity-count entries per entity', () => {
		const { store, publish } = storeWithBus({ entityCount: 3 });
		for (let index = 0; index < 5; index++) publish('application.update', [app1]);
		const { entries } = store.read(appStream, { tail: 0 });
		expect(entries).toHaveLength(3);
		expect(entries.map((entry) => entry.seq)).toEqual([3, 4, 5]);
	});

	it('reads from a store time on (inclusive), the newest `tail`, then filters names', () => {
		const { store, clock, publish } = storeWithBus();
		publish('application.create', [app1]);
		clock.ms += 10;
		const startMs = clock.ms;
		publish('application.update', [app1]);
		publish('application.delete', [app1]);
		publish('application.update', [app1]);
		const read = (options: Parameters<EventStore['read']>[1]) =>
			store.read(appStream, options).entries.map((entry) => entry.published.name);
		expect(read({ startMs, tail: 0 })).toEqual([
			'application.update',
			'application.delete',
			'application.update',
		]);
		expect(read({ tail: 2 })).toEqual(['application.delete', 'application.update']);
		expect(read({ tail: 2, names: new Set(['application.create']) })).toEqual([]);
		expect(read({ tail: 0, names: new Set(['application.create']) })).toEqual([
			'application.create',
		]);
	});

	it('expires payloads after the payload TTL', () => {
		const { store, clock, publish } = storeWithBus({ payloadTtlMs: 1_000 });
		publish('application.update', [app1]);
		const [entry] = store.read(appStream, { tail: 0 }).entries;
		clock.ms += 999;
		expect(store.payloadExpired(entry)).toBe(false);
		clock.ms += 1;
		expect(store.payloadExpired(entry)).toBe(true);
	});

	it('applies a payload TTL changed while running to the entries already stored', () => {
		const { store, clock, publish } = storeWithBus({ payloadTtlMs: 600_000 });
		publish('application.update', [app1]);
		const [entry] = store.read(appStream, { tail: 0 }).entries;
		clock.ms += 5_000;
		expect(store.payloadExpired(entry)).toBe(false);
		store.setPayloadTtl(5_000);
		expect(store.payloadExpired(entry)).toBe(true);
	});

	it('drops an entity stream the entity TTL after its last event; each event renews it', () => {
		const { store, clock, publish } = storeWithBus({ entityTtlMs: 1_000 });
		publish('application.update', [app1]);
		clock.ms += 900;
		publish('application.update', [app1]);
		clock.ms += 900;
		expect(store.read(appStream, { tail: 0 }).entries).toHaveLength(2);
		clock.ms += 100;
		expect(store.read(appStream, { tail: 0 }).entries).toHaveLength(0);
		publish('application.delete', [app1]);
		expect(store.read(appStream, { tail: 0 }).entries.map((entry) => entry.published.name)).toEqual(
			['application.delete'],
		);
	});

	it('keeps one store per server with split hosts: IS events in the Identity Server’s', () => {
		const store = new EventStore({
			entityCount: 100,
			payloadTtlMs: 600_000,
			entityTtlMs: 86_400_000,
			now: Date.now,
		});
		const bus = new EventBus({ origin: 'test', store, split: true });
		bus.publish('default', { name: 'application.update', identifiers: [app1] });
		bus.publish('default', { name: 'as.up.data.forward', identifiers: [dev1] });
		const names = (scope: string) =>
			store
				.read(EventStore.streamKey('default', scope, 'application:app1'), { tail: 0 })
				.entries.map((entry) => entry.published.name);
		expect(bus.storeScope('identity')).toBe('identity');
		expect(names('identity')).toEqual(['application.update']);
		expect(names('cluster')).toEqual(['as.up.data.forward']);
	});

	it('tells listeners about every entry added to their stream', () => {
		const { store, publish } = storeWithBus();
		const seen: string[] = [];
		const stop = store.listen(appStream, (entry) => seen.push(entry.published.name));
		publish('as.up.data.forward');
		publish('ns.up.data.receive');
		stop();
		publish('as.up.join.forward');
		expect(seen).toEqual(['as.up.data.forward']);
	});
});
