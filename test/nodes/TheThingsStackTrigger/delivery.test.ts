import type { IDataObject } from 'n8n-workflow';

import type { Simulator } from '../../../simulator';
import { startSimulator } from '../../../simulator';
import { waitFor, waitForItemsOrQuiet } from '../../support/trigger';
import { fCntsOf, gapsOf, triggerActivations, watchApp1 } from './triggerFixtures';

/**
 * What The Things Stack delivers to the trigger, with the event server as pkg/events/grpc Stream
 * serves it: each stream has a channel of clamp(tail, 8, 1024) events, and whatever does not fit
 * is dropped without a word (pkg/events/handler.go Channel.Notify).
 *
 * Each test names the defect the trigger had against it: these events were lost. The
 * application has no Storage Integration here: the notice each activation gives about it is no
 * gap.
 */

const devices = Array.from({ length: 10 }, (_, index) => `dev${index + 1}`);
describe('The Things Stack Trigger delivery against the event server as it is', () => {
	let sim: Simulator;
	let key: string;
	const { activate, closeAll } = triggerActivations(() => ({ sim, key }));

	beforeEach(async () => {
		sim = await startSimulator({ port: 0 });
		sim.seed({
			applications: [{ applicationId: 'app1' }],
			devices: devices.map((deviceId) => ({ applicationId: 'app1', deviceId, joined: true })),
		});
		key = sim.createApiKey({
			owner: { application: 'app1' },
			rights: ['RIGHT_APPLICATION_ALL'],
		}).key;
	});

	afterEach(async () => {
		await closeAll();
		expect(sim.contractViolations()).toEqual([]);
		await sim.close();
	});

	// Defect (a): a resumed stream asked with `after` only, so the server gave it a channel of 8
	// events. The replay of everything since `after` was pushed at once and all but 8 dropped;
	// the replay audit saw its anchor replayed first and reported nothing. Every request now asks
	// for `tail: 1024`.
	test('replays every uplink published while the stream was down (more than 8), or reports them missing', async () => {
		sim.faults.cutStreams({ afterEvents: 1 });
		const trigger = await activate(watchApp1);
		// The stream is cut after the first uplink, and the reconnects fail twice: the trigger
		// waits (backoff) before the third, while more uplinks come.
		sim.faults.burst({ count: 2, status: 503, rpc: 'Events.Stream' });
		sim.sendUplink({ applicationId: 'app1', deviceId: 'dev1' });
		await waitFor(() => trigger.items().length === 1);
		for (let index = 0; index < 20; index++)
			sim.sendUplink({ applicationId: 'app1', deviceId: 'dev1' });
		await waitFor(() => sim.openStreams === 1 && sim.eventStreams().length === 2, {
			what: 'the reconnected stream',
		});
		sim.sendUplink({ applicationId: 'app1', deviceId: 'dev1' });
		await waitForItemsOrQuiet(trigger, 22);
		expect({ fCnts: fCntsOf(trigger.items()), gaps: gapsOf(trigger.items()) }).toEqual({
			fCnts: Array.from({ length: 22 }, (_, index) => index + 1),
			gaps: [],
		});
	}, 40_000);

	// Defect (b): the first connection asked with neither `after` nor `tail`: 8 slots. Watching
	// an application for an event only its devices get (ns.up.data.receive), the trigger
	// subscribes to the application and each device; one read of the server pushes up to 8
	// events of each of these streams at once, and a gateway forwarding an uplink of every device
	// at the same time overflowed the 8 slots. The first connection now asks with `after` and
	// `tail: 1024` too.
	test('delivers a burst of uplinks of many devices at once on its first connection', async () => {
		const trigger = await activate({ ...watchApp1, customEvents: ['ns.up.data.receive'] });
		for (const deviceId of devices) sim.sendUplink({ applicationId: 'app1', deviceId });
		await waitForItemsOrQuiet(trigger, 2 * devices.length);
		const received = (name: string) =>
			trigger
				.items()
				.filter((item) => item.json.name === name)
				.map(
					(item) =>
						((item.json.identifiers as IDataObject[])[0].device_ids as IDataObject).device_id,
				)
				.sort();
		expect({
			forwarded: received('as.up.data.forward'),
			received: received('ns.up.data.receive'),
			gaps: gapsOf(trigger.items()),
		}).toEqual({ forwarded: [...devices].sort(), received: [...devices].sort(), gaps: [] });
	}, 40_000);

	// Defect (c): a reactivated trigger (n8n restarted, or the workflow deactivated and activated
	// again) started a new stream at "now": what was published while it was not running was not
	// replayed, and nothing said so. It now resumes from the point saved in the node's static
	// data with each emit.
	test('delivers, after a reactivation, the uplinks published while it was not running', async () => {
		const first = await activate(watchApp1);
		sim.sendUplink({ applicationId: 'app1', deviceId: 'dev1' });
		await waitFor(() => first.items().length === 1);
		await first.close();
		for (let index = 0; index < 5; index++)
			sim.sendUplink({ applicationId: 'app1', deviceId: 'dev1' });
		const second = await activate(watchApp1, first.staticData);
		sim.sendUplink({ applicationId: 'app1', deviceId: 'dev1' });
		await waitForItemsOrQuiet(second, 6);
		expect({ fCnts: fCntsOf(second.items()), gaps: gapsOf(second.items()) }).toEqual({
			fCnts: [2, 3, 4, 5, 6, 7],
			gaps: [],
		});
	}, 40_000);
});
