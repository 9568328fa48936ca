import type { Simulator } from '../../../simulator';
import { startSimulator } from '../../../simulator';
import { capturedLogs } from '../../support/logging';
import { waitFor } from '../../support/trigger';
import type { ActiveTrigger } from '../../support/trigger';
import {
	asSaved,
	eventRequests,
	fCntsOf,
	gapsOf,
	triggerActivations,
	watchApp1,
} from './triggerFixtures';

/**
 * Flow control against the event server as it is: each stream has a bounded channel, and what
 * the trigger does not read is dropped (pkg/events/grpc/grpc.go Stream, pkg/events/handler.go
 * Channel.Notify). n8n reports each execution finished through emit's donePromise; here the test
 * finishes them, slower than uplinks come.
 */
describe('The Things Stack Trigger when n8n falls behind', () => {
	let sim: Simulator;
	let key: string;
	const { activate, closeAll } = triggerActivations(() => ({ sim, key }));

	async function start(options: Parameters<typeof startSimulator>[0] = {}) {
		sim = await startSimulator({ port: 0, ...options });
		sim.seed({
			applications: [{ applicationId: 'app1' }],
			devices: [{ applicationId: 'app1', deviceId: 'dev1', joined: true }],
		});
		key = sim.createApiKey({
			owner: { application: 'app1' },
			rights: ['RIGHT_APPLICATION_ALL'],
		}).key;
	}

	afterEach(async () => {
		await closeAll();
		expect(sim.contractViolations()).toEqual([]);
		await sim.close();
	});

	/** Sends uplinks in chunks, each after the trigger had a turn to read the last. */
	async function sendUplinks(count: number): Promise<void> {
		for (let sent = 0; sent < count; sent++) {
			sim.sendUplink({ applicationId: 'app1', deviceId: 'dev1' });
			if (sent % 50 === 49) await new Promise((resolve) => setTimeout(resolve, 2));
		}
	}

	/**
	 * Finishes executions as n8n would, until `count` items went out; returns the most executions
	 * that were unfinished at once.
	 */
	async function drain(trigger: ActiveTrigger, count: number): Promise<number> {
		let mostUnfinished = 0;
		await waitFor(
			() => {
				mostUnfinished = Math.max(mostUnfinished, trigger.unfinished());
				trigger.finishExecutions();
				return trigger.items().length >= count && trigger.unfinished() === 0;
			},
			{ timeoutMs: 60_000, what: `${count} items` },
		);
		return mostUnfinished;
	}

	test('never has more executions in flight than the limit, and the saved point stays below them', async () => {
		await start();
		const trigger = await activate(
			{ ...watchApp1, options: { maxExecutionsInFlight: 3 } },
			undefined,
			{ holdExecutions: true },
		);
		await sendUplinks(20);
		await waitFor(() => trigger.unfinished() === 3);
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect(trigger.emits).toHaveLength(3);
		// A crash now: what n8n saved covers no unfinished execution, so a restart sends them again.
		const crashed = asSaved(trigger.staticData);
		await trigger.close();
		const restarted = await activate(watchApp1, crashed);
		sim.sendUplink({ applicationId: 'app1', deviceId: 'dev1' });
		await waitFor(() => restarted.items().length >= 21, { timeoutMs: 20_000 });
		expect(fCntsOf(restarted.items())).toEqual(Array.from({ length: 21 }, (_, index) => index + 1));
	}, 60_000);

	test('closes the stream while the backlog is large, and reopens it from where it stopped: nothing lost, nothing twice', async () => {
		await start({ eventHistoryPerEntity: 5_000 });
		const logsFrom = capturedLogs().length;
		const trigger = await activate(
			{ ...watchApp1, options: { maxExecutionsInFlight: 50 } },
			undefined,
			{ holdExecutions: true },
		);
		await sendUplinks(2_600);
		await waitFor(() => sim.openStreams === 0, { what: 'the stream closed' });
		expect(trigger.unfinished()).toBe(50);
		// Held back for over a second: an episode, logged, and told on the next item.
		await new Promise((resolve) => setTimeout(resolve, 1_500));
		expect(await drain(trigger, 2_600)).toBe(50);
		expect({
			fCnts: fCntsOf(trigger.items()),
			gaps: gapsOf(trigger.items()),
		}).toEqual({ fCnts: Array.from({ length: 2_600 }, (_, index) => index + 1), gaps: [] });
		// Reopened, after the last event it had taken.
		expect(eventRequests(sim).length).toBeGreaterThanOrEqual(2);
		expect(trigger.items()[50].json.delivery).toEqual({
			waitedMs: expect.any(Number),
			reason: 'max_executions_in_flight',
		});
		const logged = () =>
			capturedLogs()
				.slice(logsFrom)
				.map((entry) => entry.message);
		await waitFor(() => logged().some((message) => /caught up after holding/.test(message)), {
			what: 'the end of the episode in the log',
		});
		expect(logged().filter((message) => /is holding events back/.test(message))).toEqual([
			expect.stringMatching(
				/^The Things Stack Trigger is holding events back: 50 executions have not finished \(the limit is 50\); \d+ events wait, the oldest since \d+ s\./,
			),
		]);
	}, 120_000);

	test('drains a backlog in full batches, each with one deduplication key', async () => {
		await start();
		const trigger = await activate(
			{ ...watchApp1, options: { maxExecutionsInFlight: 1, batchSize: 25, batchWindowMs: 50 } },
			undefined,
			{ holdExecutions: true },
		);
		sim.sendUplink({ applicationId: 'app1', deviceId: 'dev1' });
		await waitFor(() => trigger.unfinished() === 1);
		await sendUplinks(99);
		await new Promise((resolve) => setTimeout(resolve, 200));
		await drain(trigger, 100);
		expect(trigger.emits.map((data) => data[0].length)).toEqual([1, 25, 25, 25, 24]);
		expect(fCntsOf(trigger.items())).toEqual(Array.from({ length: 100 }, (_, index) => index + 1));
		expect(new Set(trigger.deduplicationKeys).size).toBe(5);
	}, 60_000);

	test('reads what the events store no longer holds after a long pause from the Storage Integration', async () => {
		// The events store keeps 100 events per entity (events.redis.store.entity-count): the
		// uplinks sent while the stream is closed outnumber it.
		await start({ storageIntegration: { writeLagMs: 100 } });
		sim.enableStorageIntegration({ applicationId: 'app1' });
		const trigger = await activate(
			{ ...watchApp1, options: { maxExecutionsInFlight: 20, storageDelaySeconds: 1 } },
			undefined,
			{ holdExecutions: true },
		);
		await sendUplinks(2_500);
		await waitFor(() => sim.openStreams === 0, { what: 'the stream closed' });
		await sendUplinks(500);
		expect(await drain(trigger, 3_000)).toBe(20);
		expect({
			fCnts: fCntsOf(trigger.items()),
			gaps: gapsOf(trigger.items()),
		}).toEqual({ fCnts: Array.from({ length: 3_000 }, (_, index) => index + 1), gaps: [] });
		expect(sim.requestLog().some((entry) => entry.path.includes('/packages/storage/'))).toBe(true);
	}, 120_000);

	test('counts an execution as finished when the engine finished it (donePromise from workflowExecuteAfter)', async () => {
		await start();
		const trigger = await activate(
			{ ...watchApp1, options: { maxExecutionsInFlight: 2 } },
			undefined,
			{ runExecutions: { slowStepMs: 100 } },
		);
		let mostRunning = 0;
		const sampling = setInterval(
			() => (mostRunning = Math.max(mostRunning, trigger.unfinished())),
			5,
		);
		await sendUplinks(10);
		await waitFor(() => trigger.runs.length === 10, { what: '10 finished runs' });
		clearInterval(sampling);
		expect(mostRunning).toBe(2);
		// Each run carried the trigger's item through to the slow step.
		const fCnts = trigger.runs.flatMap((run) =>
			fCntsOf(run.data.resultData.runData.Slow[0].data?.main[0] ?? []),
		);
		expect(fCnts).toEqual(Array.from({ length: 10 }, (_, index) => index + 1));
		// Five rounds of two 100 ms executions at least.
		const first = trigger.runs[0].startedAt.getTime();
		const last = (trigger.runs[9].stoppedAt as Date).getTime();
		expect(last - first).toBeGreaterThanOrEqual(450);
	}, 30_000);
});
