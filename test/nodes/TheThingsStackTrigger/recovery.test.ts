import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { Simulator, SimulatorOptions } from '../../../simulator';
import { startSimulator } from '../../../simulator';
import { capturedLogs } from '../../support/logging';
import type { ActiveTrigger } from '../../support/trigger';
import { waitFor, waitForItemsOrQuiet } from '../../support/trigger';
import { asSaved, eventRequests, gapsOf, triggerActivations, watchApp1 } from './triggerFixtures';

/**
 * Outages longer than the server's event history holds: what the trigger recovers, and what it
 * reports when it cannot. The events store's clock (`now`) is moved on to make an outage long:
 * payloads expire after 10 minutes (events.redis.store.ttl), entity histories hold
 * `eventHistoryPerEntity` events.
 */

const minute = 60_000;

describe('The Things Stack Trigger after long outages, without a Storage Integration', () => {
	let sim: Simulator;
	let key: string;
	let clockOffsetMs = 0;
	const { activate, closeAll } = triggerActivations(() => ({ sim, key }));

	const start = async (options: SimulatorOptions = {}) => {
		clockOffsetMs = 0;
		sim = await startSimulator({ port: 0, now: () => Date.now() + clockOffsetMs, ...options });
		sim.seed({
			applications: [{ applicationId: 'app1' }],
			devices: [{ applicationId: 'app1', deviceId: 'dev1', joined: true }],
		});
		key = sim.createApiKey({
			owner: { application: 'app1' },
			rights: ['RIGHT_APPLICATION_ALL'],
		}).key;
	};

	const uplink = () => sim.sendUplink({ applicationId: 'app1', deviceId: 'dev1' });

	afterEach(async () => {
		await closeAll();
		expect(sim.contractViolations()).toEqual([]);
		await sim.close();
	});

	it('says once, at activation, that missed uplinks cannot be read back', async () => {
		await start();
		const logsFrom = capturedLogs().length;
		const trigger = await activate(watchApp1);
		uplink();
		uplink();
		await waitFor(() => trigger.items().length === 2);
		expect(trigger.items().map((item) => item.json.streamGaps)).toEqual([
			[
				{
					reason: 'no_storage_integration',
					server: `cluster (${sim.url})`,
					from: expect.any(String),
					to: expect.any(String),
					entities: ['application:app1'],
					message: expect.stringMatching(
						/^Missed uplinks cannot be recovered \(application "app1": the Storage Integration is not enabled\)\. /,
					),
				},
			],
			undefined,
		]);
		// A notice, not a loss: no failed execution.
		expect(trigger.failedExecutions).toEqual([]);
		const warnings = capturedLogs()
			.slice(logsFrom)
			.filter((entry) => entry.level === 'warn' && /Storage Integration/.test(entry.message));
		expect(warnings).toHaveLength(1);
	});

	it('takes a server without the package registry for one without a Storage Integration', async () => {
		await start();
		sim.faults.failComponent({
			component: 'as',
			rpcs: ['ApplicationPackageRegistry.ListDefaultAssociations'],
			error: 'pkg/applicationserver:device_not_found',
		});
		const trigger = await activate(watchApp1);
		uplink();
		await waitFor(() => trigger.items().length === 1);
		expect(gapsOf(trigger.items(), { withNotice: true })).toEqual([
			expect.objectContaining({
				reason: 'no_storage_integration',
				message: expect.stringContaining(
					'application "app1": the server offers no Storage Integration (HTTP 404)',
				),
			}),
		]);
		expect(trigger.errors).toEqual([]);
	});

	it('reports the uplinks of a restart longer than the payloads are kept, which come back without data', async () => {
		await start();
		const first = await activate(watchApp1);
		uplink();
		await waitFor(() => first.items().length === 1);
		await first.close();
		for (let index = 0; index < 3; index++) uplink();
		clockOffsetMs = 20 * minute;

		const second = await activate(watchApp1, asSaved(first.staticData));
		uplink();
		await waitForItemsOrQuiet(second, 4);
		const items = second.items().map((item) => item.json);
		// The three missed uplinks as the server replays them (no data, the application's
		// identifiers), then the live one.
		expect(items.map((item) => [item.name, item.data === undefined])).toEqual([
			['as.up.data.forward', true],
			['as.up.data.forward', true],
			['as.up.data.forward', true],
			['as.up.data.forward', false],
		]);
		expect(gapsOf(second.items(), { withNotice: true }).map((gap) => gap.reason)).toEqual([
			'no_storage_integration',
			'history_without_data',
		]);
		expect(gapsOf(second.items(), { withNotice: true })[1]).toMatchObject({
			from: expect.any(String),
			to: expect.any(String),
			message: expect.stringContaining('came without their payload'),
		});
		expect(second.failedExecutions.map((error) => error.message)).toEqual([
			expect.stringMatching(/^Events may be missing between /),
		]);
	});

	it('reports the events a restart missed beyond what the history of the application holds', async () => {
		await start({ eventHistoryPerEntity: 5 });
		const first = await activate(watchApp1);
		uplink();
		await waitFor(() => first.items().length === 1);
		await first.close();
		for (let index = 0; index < 10; index++) uplink();

		const second = await activate(watchApp1, asSaved(first.staticData));
		await waitForItemsOrQuiet(second, 5);
		expect(
			second
				.items()
				.map((item) =>
					Number(((item.json.data as IDataObject).uplink_message as IDataObject).f_cnt),
				),
		).toEqual([7, 8, 9, 10, 11]);
		expect(gapsOf(second.items(), { withNotice: true })).toEqual([
			expect.objectContaining({ reason: 'no_storage_integration' }),
			expect.objectContaining({
				reason: 'history_truncated',
				entities: ['application:app1'],
				// From the last event emitted before the restart.
				from: new Date(Date.parse(String(first.items()[0].json.time))).toISOString(),
			}),
		]);
	});
});

describe('The Things Stack Trigger after long outages, with a Storage Integration', () => {
	let sim: Simulator;
	let key: string;
	let clockOffsetMs = 0;
	const activations = triggerActivations(() => ({ sim, key }));
	const { closeAll } = activations;
	// The Storage Integration stores within a second here: the trigger waits this long for it.
	const parameters: INodeParameters = { ...watchApp1, options: { storageDelaySeconds: 1 } };

	const start = async (options: SimulatorOptions = {}) => {
		clockOffsetMs = 0;
		sim = await startSimulator({ port: 0, now: () => Date.now() + clockOffsetMs, ...options });
		sim.seed({
			applications: [{ applicationId: 'app1' }],
			devices: [
				{ applicationId: 'app1', deviceId: 'dev1', joined: true },
				{ applicationId: 'app1', deviceId: 'dev2', joined: true },
			],
		});
		sim.enableStorageIntegration({ applicationId: 'app1' });
		key = sim.createApiKey({
			owner: { application: 'app1' },
			rights: ['RIGHT_APPLICATION_ALL'],
		}).key;
	};

	const activate = async (staticData?: IDataObject, overrides: INodeParameters = {}) =>
		await activations.activate({ ...parameters, ...overrides }, staticData);

	const uplink = (deviceId = 'dev1') => sim.sendUplink({ applicationId: 'app1', deviceId });
	const storageRequests = () =>
		sim.requestLog().filter((entry) => entry.path.includes('/packages/storage/'));
	const uplinksOf = (trigger: ActiveTrigger) =>
		trigger.items().map((item) => {
			const data = item.json.data as IDataObject | undefined;
			const ids = (data?.end_device_ids ?? {}) as IDataObject;
			return `${String(ids.device_id)}#${String((data?.uplink_message as IDataObject | undefined)?.f_cnt)}`;
		});

	afterEach(async () => {
		await closeAll();
		expect(sim.contractViolations()).toEqual([]);
		await sim.close();
	});

	it('reads back, in order and with their data, the uplinks of a restart longer than payloads are kept', async () => {
		await start();
		const first = await activate();
		uplink();
		await waitFor(() => first.items().length === 1);
		await first.close();
		for (let index = 0; index < 5; index++) uplink(index % 2 === 0 ? 'dev1' : 'dev2');
		clockOffsetMs = 20 * minute;

		const logsFrom = capturedLogs().length;
		const second = await activate(asSaved(first.staticData));
		uplink('dev2');
		await waitForItemsOrQuiet(second, 6, { quietMs: 3_000 });
		expect(uplinksOf(second)).toEqual(['dev1#2', 'dev2#1', 'dev1#3', 'dev2#2', 'dev1#4', 'dev2#3']);
		// Nothing is missing: no gap, not even the notice.
		expect(gapsOf(second.items(), { withNotice: true })).toEqual([]);
		expect(second.failedExecutions).toEqual([]);
		// The five from storage look like the events that carried them; the last one is live.
		const [stored, live] = [second.items()[0].json, second.items()[5].json];
		expect(stored).toMatchObject({
			name: 'as.up.data.forward',
			identifiers: [{ device_ids: expect.objectContaining({ device_id: 'dev1' }) }],
			data: expect.objectContaining({
				'@type': 'type.googleapis.com/ttn.lorawan.v3.ApplicationUp',
				uplink_message: expect.objectContaining({ f_cnt: 2 }),
			}),
		});
		expect(Object.keys(stored).sort()).toEqual(
			Object.keys(live)
				.filter((field) => !['unique_id', 'origin'].includes(field))
				.sort(),
		);
		expect(storageRequests()[0]).toMatchObject({
			method: 'GET',
			path: '/api/v3/as/applications/app1/packages/storage/uplink_message',
			query: expect.objectContaining({ order: ['received_at'], limit: ['500'] }),
		});
		// The same key as the event of that uplink would have had (n8n 2.x drops a second one).
		expect(second.deduplicationKeys[0]).toMatch(
			/^tts:trigger-workflow:tts-trigger:uplink_message:app1\/dev1@/,
		);
		const messages = capturedLogs()
			.slice(logsFrom)
			.map((entry) => entry.message);
		expect(messages).toEqual(
			expect.arrayContaining([
				expect.stringMatching(
					/^The Things Stack Trigger: reading the uplinks missed between .* from the Storage Integration of the application "app1" \(history_without_data\)$/,
				),
				// The uplink emitted before the restart may be read again (the overlap); it is dropped.
				expect.stringMatching(
					/^The Things Stack Trigger: recovered 5 uplinks from the Storage Integration \([56] read, the rest had been delivered\)$/,
				),
			]),
		);
	});

	it('fills from storage what the history of the application no longer holds, each uplink once', async () => {
		await start({ eventHistoryPerEntity: 5 });
		const first = await activate();
		uplink();
		await waitFor(() => first.items().length === 1);
		await first.close();
		for (let index = 0; index < 10; index++) uplink();

		const second = await activate(asSaved(first.staticData));
		await waitForItemsOrQuiet(second, 10, { quietMs: 3_000 });
		// The last five the history still has with their data, the five before from storage.
		expect(uplinksOf(second)).toEqual(
			Array.from({ length: 10 }, (_, index) => `dev1#${index + 2}`),
		);
		expect(gapsOf(second.items(), { withNotice: true })).toEqual([]);
	});

	it('reads back what a reconnect missed while n8n kept running', async () => {
		await start();
		sim.faults.cutStreams({ afterEvents: 1 });
		const trigger = await activate();
		// Once cut, the stream cannot reconnect for a while…
		sim.faults.burst({ count: 3, status: 503, rpc: 'Events.Stream' });
		uplink();
		await waitFor(() => trigger.items().length === 1);
		for (let index = 0; index < 4; index++) uplink();
		// …longer than the events store keeps payloads.
		clockOffsetMs = 20 * minute;
		await waitFor(() => sim.openStreams === 1 && eventRequests(sim).length === 5, {
			timeoutMs: 20_000,
			what: 'the reconnect',
		});
		uplink();
		await waitForItemsOrQuiet(trigger, 6, { quietMs: 3_000 });
		expect(uplinksOf(trigger)).toEqual(
			Array.from({ length: 6 }, (_, index) => `dev1#${index + 1}`),
		);
		expect(gapsOf(trigger.items(), { withNotice: true })).toEqual([]);
	}, 40_000);

	it('reads back no further than the catch-up limit, and reports what is older', async () => {
		await start();
		const first = await activate();
		uplink();
		await waitFor(() => first.items().length === 1);
		await first.close();
		uplink();
		await new Promise((resolve) => setTimeout(resolve, 2_500));
		uplink();
		clockOffsetMs = 20 * minute;
		const second = await activate(asSaved(first.staticData), {
			options: { storageDelaySeconds: 1, catchUpHours: 1 / 3600 },
		});
		await waitForItemsOrQuiet(second, 2, { quietMs: 3_000 });
		// The uplink older than a second before the activation is not read back: it came without
		// its data, and is reported.
		const items = second.items().map((item) => item.json);
		expect(items.map((item) => item.data === undefined)).toEqual([true, false]);
		expect(gapsOf(second.items(), { withNotice: true }).map((gap) => gap.reason)).toEqual([
			'outage_longer_than_catch_up',
		]);
	});

	it('reports what a failing Storage Integration could not give back, and keeps going', async () => {
		await start();
		sim.faults.failComponent({
			component: 'as',
			rpcs: ['ApplicationUpStorage.GetStoredApplicationUp'],
			error: 'pkg/applicationserver:device_not_found',
		});
		const first = await activate();
		uplink();
		await waitFor(() => first.items().length === 1);
		await first.close();
		uplink();
		uplink();
		clockOffsetMs = 20 * minute;
		const second = await activate(asSaved(first.staticData));
		uplink();
		await waitForItemsOrQuiet(second, 3, { quietMs: 3_000 });
		expect(second.items().map((item) => item.json.data === undefined)).toEqual([true, true, false]);
		expect(gapsOf(second.items(), { withNotice: true })).toEqual([
			expect.objectContaining({
				reason: 'catch_up_failed',
				message: expect.stringMatching(
					/^Reading the stored uplinks of the application "app1" failed: /,
				),
			}),
		]);
		expect(second.errors).toEqual([]);
	});
});
