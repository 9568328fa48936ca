import type { IDataObject } from 'n8n-workflow';

import type { Simulator } from '../../../simulator';
import { startSimulator } from '../../../simulator';
import { capturedLogs } from '../../support/logging';
import { runTriggerManually, waitFor, waitForItemsOrQuiet } from '../../support/trigger';
import {
	asSaved,
	eventRequests,
	fCntsOf,
	gapsOf,
	triggerActivations,
	watchApp1,
	waitForSavedPoint,
} from './triggerFixtures';

/**
 * Reactivations: n8n restarted, the workflow saved or deactivated and activated again, another
 * main instance became leader. The trigger saves what it emitted in the node's static data (which
 * n8n saves on each emit) and carries on from there.
 */

describe('The Things Stack Trigger across reactivations', () => {
	let sim: Simulator;
	let key: string;
	const { activate, closeAll } = triggerActivations(() => ({ sim, key }));

	const uplink = (deviceId = 'dev1') => sim.sendUplink({ applicationId: 'app1', deviceId });

	beforeEach(async () => {
		sim = await startSimulator({ port: 0 });
		sim.seed({
			applications: [{ applicationId: 'app1' }, { applicationId: 'app2' }],
			devices: [
				{ applicationId: 'app1', deviceId: 'dev1', joined: true },
				{ applicationId: 'app2', deviceId: 'dev9', joined: true },
			],
		});
		key = sim.createUserKey('demo-user', ['RIGHT_ALL']).key;
	});

	afterEach(async () => {
		await closeAll();
		expect(sim.contractViolations()).toEqual([]);
		await sim.close();
	});

	it('carries on after a restart where it stopped emitting: nothing missed, nothing twice', async () => {
		const first = await activate(watchApp1);
		// The saved point never reaches back before the activation began: the uplinks come later
		// than one overlap after it, so that the overlap shows.
		await new Promise((resolve) => setTimeout(resolve, 1_100));
		for (let index = 0; index < 3; index++) uplink();
		await waitFor(() => first.items().length === 3);
		await waitForSavedPoint(first);
		await first.close();
		const saved = asSaved(first.staticData);
		expect(typeof (saved['node:The Things Stack Trigger'] as IDataObject).resumePoint).toBe(
			'string',
		);
		for (let index = 0; index < 5; index++) uplink();

		const logsFrom = capturedLogs().length;
		const second = await activate(watchApp1, saved);
		uplink();
		await waitForItemsOrQuiet(second, 6);
		expect(fCntsOf(first.items())).toEqual([1, 2, 3]);
		expect(fCntsOf(second.items())).toEqual([4, 5, 6, 7, 8, 9]);
		// One overlap (1 s) before the last emitted event.
		const lastEmitted = Date.parse(String(first.items()[2].json.time));
		const resumed = eventRequests(sim).at(-1)?.body as IDataObject;
		expect(Date.parse(String(resumed.after))).toBe(Math.floor(lastEmitted) - 1_000);
		expect(resumed.tail).toBe(1024);
		expect(
			capturedLogs()
				.slice(logsFrom)
				.map((entry) => entry.message),
		).toEqual(
			expect.arrayContaining([
				expect.stringMatching(
					/^The Things Stack Trigger resumes the event stream of the cluster \(.*\) after its last emitted event of \d{4}-.*Z \(\d+ s ago\)$/,
				),
			]),
		);
		expect(gapsOf(second.items(), { withNotice: true }).map((gap) => gap.reason)).toEqual([
			'no_storage_integration',
		]);
	});

	it('passes n8n 2.x a deduplication key per item, the same for the same uplink after a hard kill', async () => {
		const first = await activate(watchApp1);
		uplink();
		await waitFor(() => first.items().length === 1);
		// What n8n saved with the first emit; the process is then killed (SIGKILL) before the
		// saves of the next emits reached the database.
		const savedAtFirst = asSaved(first.staticData);
		uplink();
		uplink();
		await waitFor(() => first.items().length === 3);
		await first.close();

		const second = await activate(watchApp1, savedAtFirst);
		uplink();
		await waitForItemsOrQuiet(second, 3);
		// Emitted again: what the saved point does not cover…
		expect(fCntsOf(second.items())).toEqual([2, 3, 4]);
		// …under the keys of its first emission, so that n8n 2.x starts no second execution for
		// it (1.x ignores the key, and runs it twice).
		expect(second.deduplicationKeys.slice(0, 2)).toEqual(first.deduplicationKeys.slice(1, 3));
		const keys = [...first.deduplicationKeys, ...second.deduplicationKeys.slice(2)];
		expect(new Set(keys).size).toBe(4);
		for (const deduplicationKey of keys) {
			expect(deduplicationKey).toMatch(
				/^tts:trigger-workflow:tts-trigger:uplink_message:app1\/dev1@\d{4}-\d\d-\d\dT[\d:.]+Z\|\d{4}-\d\d-\d\dT[\d:.]+Z#\d+$/,
			);
		}
	});

	// Seen in real n8n (e2e sigkill-restart on n8n 1.123: 9 of 71 uplinks lost, no gap reported)
	// before the resume point followed finished executions: n8n writes the static data of an emit
	// before it stores the execution the emit starts (emit: `void saveStaticData(workflow)`, then
	// runWorkflow inserts the execution some 100 ms later under load), so a SIGKILL in between left
	// a resume point that covered items without an execution.
	it('emits again after a hard kill an item whose execution n8n had not stored yet', async () => {
		const first = await activate(watchApp1);
		for (let index = 0; index < 3; index++) uplink();
		await waitFor(() => first.items().length === 3);
		// n8n saved the static data with the third emit, then was killed before it stored the
		// third execution.
		const savedWithThirdEmit = asSaved(first.staticData);
		await first.close();

		const second = await activate(watchApp1, savedWithThirdEmit);
		uplink();
		await waitForItemsOrQuiet(second, 2);
		expect(fCntsOf(second.items())).toContain(3);
	});

	it('does not emit what it emitted before a restart, though the server replays it', async () => {
		const first = await activate(watchApp1);
		for (let index = 0; index < 4; index++) uplink();
		await waitFor(() => first.items().length === 4);
		await waitForSavedPoint(first);
		await first.close();
		const second = await activate(watchApp1, asSaved(first.staticData));
		await waitFor(() => sim.openStreams === 1);
		uplink();
		await waitForItemsOrQuiet(second, 1);
		expect(fCntsOf(second.items())).toEqual([5]);
	});

	it('starts with new events when the saved point was for other watched entities', async () => {
		const first = await activate(watchApp1);
		uplink();
		await waitFor(() => first.items().length === 1);
		await first.close();
		sim.sendUplink({ applicationId: 'app2', deviceId: 'dev9' });
		const logsFrom = capturedLogs().length;
		const second = await activate(
			{ ...watchApp1, applicationId: { __rl: true, mode: 'id', value: 'app2' } },
			asSaved(first.staticData),
		);
		sim.sendUplink({ applicationId: 'app2', deviceId: 'dev9' });
		// Waits until quiet: the uplink sent before the activation must not come.
		await waitForItemsOrQuiet(second, 2);
		expect(fCntsOf(second.items())).toEqual([2]);
		expect(
			capturedLogs()
				.slice(logsFrom)
				.map((entry) => entry.message),
		).toContain(
			'The Things Stack Trigger: the saved resume point belongs to another server or other watched entities; starting with new events',
		);
	});

	it('replays recent events on its first activation only, and resumes on later ones', async () => {
		uplink();
		uplink();
		const parameters = { ...watchApp1, options: { replayOnActivation: 10 } };
		const first = await activate(parameters);
		await waitFor(() => first.items().length === 2);
		await waitForSavedPoint(first);
		await first.close();
		uplink();
		const second = await activate(parameters, asSaved(first.staticData));
		await waitForItemsOrQuiet(second, 1);
		expect(fCntsOf(first.items())).toEqual([1, 2]);
		expect(fCntsOf(second.items())).toEqual([3]);
	});

	it('leaves the saved point alone in "Listen for test event", and listens for new events only', async () => {
		const first = await activate(watchApp1);
		uplink();
		await waitFor(() => first.items().length === 1);
		await first.close();
		const saved = asSaved(first.staticData);
		uplink();
		await waitFor(() => sim.openStreams === 0, { what: 'the active trigger to close' });
		const requests = eventRequests(sim).length;
		const run = await runTriggerManually({
			parameters: watchApp1,
			credentials: { apiKey: key, serverAddress: sim.url },
			staticData: asSaved(saved),
			whileListening: async () => {
				await waitFor(() => eventRequests(sim).length > requests && sim.openStreams === 1, {
					what: 'the test run to listen',
				});
				uplink();
			},
		});
		expect(run.error).toBeUndefined();
		expect(fCntsOf(run.items)).toEqual([3]);
		expect(asSaved(run.staticData)).toEqual(saved);
	});
});
