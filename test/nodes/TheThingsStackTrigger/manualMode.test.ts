import type { INodeParameters } from 'n8n-workflow';

import type { Simulator } from '../../../simulator';
import { startSimulator } from '../../../simulator';
import { runTriggerManually, waitFor } from '../../support/trigger';

const watchApp1: INodeParameters = {
	watch: 'application',
	applicationId: { __rl: true, mode: 'id', value: 'app1' },
	events: ['uplink'],
};

describe('The Things Stack Trigger, "Listen for test event"', () => {
	let sim: Simulator;
	let key: string;

	beforeEach(async () => {
		sim = await startSimulator({ port: 0 });
		sim.seed({
			applications: [{ applicationId: 'app1' }],
			devices: [{ applicationId: 'app1', deviceId: 'dev1', joined: true }],
		});
		key = sim.createApiKey({
			owner: { application: 'app1' },
			rights: ['RIGHT_APPLICATION_ALL'],
		}).key;
	});

	afterEach(async () => {
		expect(sim.contractViolations()).toEqual([]);
		await sim.close();
	});

	const listen = async (parameters: INodeParameters, whileListening?: () => void | Promise<void>) =>
		await runTriggerManually({
			parameters,
			credentials: { apiKey: key, serverAddress: sim.url },
			whileListening,
		});

	it('emits the first matching event to the next node, then closes the stream', async () => {
		const run = await listen(watchApp1, async () => {
			await waitFor(() => sim.openStreams === 1, { what: 'the trigger to listen' });
			sim.joinDevice('app1', 'dev1');
			sim.sendUplink({ applicationId: 'app1', deviceId: 'dev1', payload: Buffer.from([0x11]) });
			sim.sendUplink({ applicationId: 'app1', deviceId: 'dev1', payload: Buffer.from([0x22]) });
		});
		expect(run.error).toBeUndefined();
		expect(run.items.map((item) => [item.json.event, item.json.payloadHex])).toEqual([
			['as.up.data.forward', '11'],
		]);
		expect(run.nextNodeItems.map((item) => item.json.payloadHex)).toEqual(['11']);
		await waitFor(() => sim.openStreams === 0, { what: 'the stream to close' });
	});

	it('emits the most recent stored event at once when asked to', async () => {
		for (const payload of [1, 2, 3]) {
			sim.sendUplink({ applicationId: 'app1', deviceId: 'dev1', payload: Buffer.from([payload]) });
		}
		const run = await listen({ ...watchApp1, options: { emitLatestWhenTesting: true } });
		expect(run.error).toBeUndefined();
		expect(run.items.map((item) => item.json.payloadHex)).toEqual(['03']);
		const [subscription] = sim.requestLog().filter((entry) => entry.path === '/api/v3/events');
		expect(subscription.body).toMatchObject({ tail: 1024 });
		await waitFor(() => sim.openStreams === 0, { what: 'the stream to close' });
	});

	it('waits for the next event when asked for the most recent one but none is stored', async () => {
		const run = await listen(
			{ ...watchApp1, options: { emitLatestWhenTesting: true } },
			async () => {
				await waitFor(() => sim.openStreams === 1, { what: 'the trigger to listen' });
				sim.sendUplink({ applicationId: 'app1', deviceId: 'dev1', payload: Buffer.from([9]) });
			},
		);
		expect(run.items.map((item) => item.json.payloadHex)).toEqual(['09']);
	});

	it('shows activation errors in the test run', async () => {
		key = sim.createApiKey({
			owner: { application: 'app1' },
			rights: ['RIGHT_APPLICATION_INFO'],
		}).key;
		const run = await listen(watchApp1);
		expect(run.error?.message).toBe(
			'The API key may not see as.up.data.forward of the application "app1"',
		);
		expect(sim.openStreams).toBe(0);
	});
});
