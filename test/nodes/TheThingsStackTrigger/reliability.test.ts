import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { capturedLogs } from '../../support/logging';
import type { Simulator, SimulatorOptions } from '../../../simulator';
import { startSimulator } from '../../../simulator';
import { seededRandom } from '../../../simulator/faults/seededRandom';
import type { ActiveTrigger } from '../../support/trigger';
import { activateTrigger, waitFor, waitForItemsOrQuiet } from '../../support/trigger';

const watchApp1: INodeParameters = {
	watch: 'application',
	applicationId: { __rl: true, mode: 'id', value: 'app1' },
	events: ['uplink'],
	output: 'raw',
};
const dev1 = { device_ids: { device_id: 'dev1', application_ids: { application_id: 'app1' } } };

function eventRequests(sim: Simulator) {
	return sim.requestLog().filter((entry) => entry.path === '/api/v3/events');
}

function uniqueIdsOf(trigger: ActiveTrigger): string[] {
	return trigger.items().map((item) => String(item.json.unique_id));
}

/**
 * Records the timers the trigger starts (itself or through n8n's sleep), to tell which are still
 * pending. Other timers of the process (jest, sockets, the simulator) are left out.
 */
function trackTriggerTimers() {
	const realSetTimeout = global.setTimeout;
	const realClearTimeout = global.clearTimeout;
	const pending = new Set<unknown>();
	let started = 0;
	const isTriggers = (stack: string) =>
		/nodes\/TheThingsStackTrigger|nodes\/shared\/transport|@n8n\/utils\/dist\/sleep/.test(stack);
	global.setTimeout = ((
		callback: (...args: unknown[]) => void,
		ms?: number,
		...args: unknown[]
	) => {
		const ours = isTriggers(new Error().stack ?? '');
		const handle: unknown = realSetTimeout(() => {
			pending.delete(handle);
			callback(...args);
		}, ms);
		if (ours) {
			started += 1;
			pending.add(handle);
		}
		return handle;
	}) as typeof setTimeout;
	global.clearTimeout = ((handle: Parameters<typeof clearTimeout>[0]) => {
		pending.delete(handle);
		realClearTimeout(handle);
	}) as typeof clearTimeout;
	return {
		started: () => started,
		pending: () => pending.size,
		restore: () => {
			global.setTimeout = realSetTimeout;
			global.clearTimeout = realClearTimeout;
		},
	};
}

/** What the nodes log through n8n's logger from now on (test/support/logging.ts records it). */
function captureLogs() {
	const from = capturedLogs().length;
	return {
		get lines() {
			return capturedLogs()
				.slice(from)
				.map(
					({ level, message, metadata }) =>
						`${level}: ${message} ${metadata ? JSON.stringify(metadata) : ''}`,
				);
		},
		restore: () => undefined,
	};
}

describe('The Things Stack Trigger reliability', () => {
	let sim: Simulator;
	let key: { id: string; key: string };
	let trigger: ActiveTrigger | undefined;

	const start = async (options: SimulatorOptions = {}) => {
		sim = await startSimulator({ port: 0, ...options });
		sim.seed({
			applications: [{ applicationId: 'app1' }],
			devices: [{ applicationId: 'app1', deviceId: 'dev1', joined: true }],
		});
		key = sim.createApiKey({ owner: { application: 'app1' }, rights: ['RIGHT_APPLICATION_ALL'] });
	};

	const activate = async (parameters: INodeParameters = watchApp1) => {
		trigger = await activateTrigger({
			parameters,
			credentials: { apiKey: key.key, serverAddress: sim.url },
		});
		return trigger;
	};

	const publishUplink = (counter: number) =>
		sim.publishEvent({
			name: 'as.up.data.forward',
			identifiers: [dev1],
			data: {
				'@type': 'type.googleapis.com/ttn.lorawan.v3.ApplicationUp',
				uplink_message: { f_cnt: counter },
			},
		});

	afterEach(async () => {
		await trigger?.close();
		trigger = undefined;
		expect(sim.contractViolations()).toEqual([]);
		await sim.close();
	});

	it('leaves no stream, request or timer behind when deactivated', async () => {
		await start();
		const timers = trackTriggerTimers();
		try {
			const active = await activate({ ...watchApp1, options: { idleReconnectSeconds: 5 } });
			publishUplink(1);
			await waitFor(() => active.items().length === 1);
			expect(sim.openStreams).toBe(1);
			expect(timers.started()).toBeGreaterThan(0);
			await active.close();
			trigger = undefined;
			expect(timers.pending()).toBe(0);
		} finally {
			timers.restore();
		}
		await waitFor(() => sim.openStreams === 0, { what: 'the stream to close' });
		const requests = sim.requestLog().length;
		publishUplink(2);
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(sim.requestLog()).toHaveLength(requests);
	});

	it('delivers each of 10,000+ events exactly once while the stream is cut 100 times at random byte offsets', async () => {
		await start({ eventHistoryPerEntity: 1_000 });
		// Offsets anywhere in the body: almost all of them fall inside a message.
		const random = seededRandom(6);
		for (let cut = 0; cut < 100; cut++) {
			sim.faults.cutStreams({ afterBytes: 1 + Math.floor(random() * 140_000) });
		}
		const active = await activate();
		const published: string[] = [];
		// About 1,500 events a second: what comes while the stream reconnects stays well within
		// the 1,024 events a stream's `tail` lets the server replay (beyond that the trigger
		// reports a gap, as the next test shows).
		const publishBatch = async (count: number) => {
			for (let index = 0; index < count; index++)
				published.push(String(publishUplink(published.length).event.unique_id));
			await new Promise((resolve) => setTimeout(resolve, 2));
		};
		while (published.length < 10_000) await publishBatch(5);
		// A stream that outran its cuts: keep the stream busy until every cut was used.
		while (eventRequests(sim).length <= 100) {
			await publishBatch(5);
			await new Promise((resolve) => setTimeout(resolve, 5));
		}
		await waitForItemsOrQuiet(active, published.length);
		const delivered = uniqueIdsOf(active);
		expect(delivered).toHaveLength(published.length);
		expect(new Set(delivered)).toEqual(new Set(published));
		const gaps = active.items().flatMap((item) => (item.json.streamGaps as IDataObject[]) ?? []);
		expect(gaps.map((gap) => gap.reason)).toEqual(['no_storage_integration']);
		expect(published.length).toBeGreaterThanOrEqual(10_000);
		// Every cut was used (100 cut streams and the one that is open now).
		expect(eventRequests(sim).length).toBeGreaterThan(100);
		expect(active.errors).toEqual([]);
	}, 120_000);

	it('resumes without loss or repeats when the server ends streams after a while', async () => {
		await start({ eventHistoryPerEntity: 1_000 });
		sim.faults.maxStreamDurationMs = 150;
		const active = await activate();
		const published: string[] = [];
		for (let index = 0; index < 300; index++) {
			published.push(String(publishUplink(index).event.unique_id));
			if (index % 5 === 4) await new Promise((resolve) => setTimeout(resolve, 10));
		}
		await waitForItemsOrQuiet(active, published.length);
		sim.faults.maxStreamDurationMs = undefined;
		expect(uniqueIdsOf(active)).toEqual(published);
		expect(eventRequests(sim).length).toBeGreaterThan(3);
	});

	it('reconnects a stream that went quiet, and catches up', async () => {
		await start();
		const active = await activate({ ...watchApp1, options: { idleReconnectSeconds: 5 } });
		publishUplink(1);
		await waitFor(() => active.items().length === 1);
		await waitFor(() => eventRequests(sim).length === 2, {
			timeoutMs: 15_000,
			what: 'the idle reconnect',
		});
		expect(eventRequests(sim)[1].body).toMatchObject({ after: expect.any(String) });
		publishUplink(2);
		await waitFor(() => active.items().length === 2);
		expect(
			active
				.items()
				.map((item) => ((item.json.data as IDataObject).uplink_message as IDataObject).f_cnt),
		).toEqual([1, 2]);
	}, 30_000);

	it('reports a gap when the server history could not cover a disconnection', async () => {
		await start({ eventHistoryPerEntity: 5 });
		sim.faults.cutStreams({ afterEvents: 1 });
		const active = await activate();
		sim.faults.burst({ count: 3, status: 503, rpc: 'Events.Stream' });
		const logs = captureLogs();
		try {
			publishUplink(0);
			await waitFor(() => active.items().length === 1);
			for (let index = 1; index <= 20; index++) publishUplink(index);
			await waitFor(() => active.items().length === 6, { what: 'the replayed history' });
		} finally {
			logs.restore();
		}
		const counters = active
			.items()
			.map((item) => ((item.json.data as IDataObject).uplink_message as IDataObject).f_cnt);
		expect(counters).toEqual([0, 16, 17, 18, 19, 20]);
		const [gap] = active.items()[1].json.streamGaps as IDataObject[];
		expect(gap).toMatchObject({
			reason: 'history_truncated',
			entities: ['application:app1'],
			server: `cluster (${sim.url})`,
		});
		expect(active.items()[2].json.streamGaps).toBeUndefined();
		expect(active.failedExecutions.map((error) => error.message)).toEqual([
			expect.stringMatching(/^Events may be missing between /),
		]);
		expect(logs.lines).toEqual(
			expect.arrayContaining([expect.stringMatching(/^warn: .*events may be missing/)]),
		);
	});

	it('reports that nothing can be replayed when the server keeps no event history', async () => {
		await start({ eventsStore: false });
		sim.faults.cutStreams({ afterEvents: 1 });
		const active = await activate();
		publishUplink(0);
		await waitFor(() => active.items().length === 1);
		await waitFor(() => eventRequests(sim).length === 2 && sim.openStreams === 1);
		publishUplink(1);
		await waitFor(() => active.items().length === 2);
		expect(active.items()[1].json.streamGaps).toEqual([
			expect.objectContaining({ reason: 'no_event_store' }),
		]);
	});

	it('ends in emitError, and stops, when the key of an established stream is revoked', async () => {
		await start();
		const active = await activate();
		publishUplink(0);
		await waitFor(() => active.items().length === 1);
		sim.revokeApiKey(key.id);
		await waitFor(() => active.errors.length === 1, { what: 'emitError' });
		expect(active.errors[0].message).toMatch(
			/^The Things Stack refused to continue the event stream of the cluster .*: /,
		);
		expect((active.errors[0] as Error & { description?: string }).description).toMatch(
			/API key in the credential was not accepted/,
		);
		const requests = eventRequests(sim).length;
		await waitFor(() => sim.openStreams === 0);
		await new Promise((resolve) => setTimeout(resolve, 600));
		expect(eventRequests(sim)).toHaveLength(requests);
		expect(active.errors).toHaveLength(1);
	});

	it('retries in the background when the server is down at activation, and connects when it is back', async () => {
		await start();
		sim.faults.burst({ count: 6, status: 503, rpc: 'Events.Stream' });
		const active = await activate();
		expect(eventRequests(sim).map((entry) => entry.status)).toEqual([503, 503, 503, 503]);
		await waitFor(() => sim.openStreams === 1, {
			timeoutMs: 20_000,
			what: 'the background reconnect',
		});
		publishUplink(1);
		await waitFor(() => active.items().length === 1);
		expect(active.errors).toEqual([]);
	}, 30_000);

	it('never puts the API key into emitted data, errors or logs', async () => {
		await start();
		const secret = key.key.split('.')[2];
		const logs = captureLogs();
		let active: ActiveTrigger;
		try {
			sim.faults.cutStreams({ afterBytes: 700 });
			active = await activate({ ...watchApp1, output: 'simplified' });
			publishUplink(1);
			publishUplink(2);
			await waitFor(() => active.items().length === 2);
			sim.revokeApiKey(key.id);
			await waitFor(() => active.errors.length === 1);
			const activationError = await activateTrigger({
				parameters: watchApp1,
				credentials: { apiKey: key.key, serverAddress: sim.url },
			}).catch((error: Error) => error);
			const everything = JSON.stringify({
				items: active.items(),
				errors: active.errors.map((error) => ({
					...error,
					message: error.message,
					stack: error.stack,
				})),
				activationError: {
					...(activationError as Error),
					message: (activationError as Error).message,
				},
				logs: logs.lines,
			});
			expect(everything).toContain('as.up.data.forward');
			expect(everything).not.toContain(secret);
			expect(everything).not.toContain(key.key);
		} finally {
			logs.restore();
		}
	});
});
