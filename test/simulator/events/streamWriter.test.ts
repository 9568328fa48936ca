import type { IncomingMessage } from 'node:http';
import { request } from 'node:http';

import { startSimulator, Simulator } from '../../../simulator';
import { waitFor } from '../../support/trigger';

const dev1 = { device_ids: { device_id: 'dev1', application_ids: { application_id: 'app1' } } };

/** Opens an event stream whose body nobody reads until resume() is called. */
async function openPausedStream(url: string, key: string, body: unknown) {
	const response = await new Promise<IncomingMessage>((resolve, reject) => {
		const outgoing = request(
			`${url}/api/v3/events`,
			{
				method: 'POST',
				headers: {
					Authorization: `Bearer ${key}`,
					Accept: 'text/event-stream',
					'Content-Type': 'application/json',
				},
			},
			resolve,
		);
		outgoing.on('error', reject);
		outgoing.end(JSON.stringify(body));
	});
	response.pause();
	let received = '';
	response.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')));
	return {
		response,
		/** The complete messages received so far. */
		messages: () =>
			received
				.split('\n\n')
				.slice(0, -1)
				.map((message) => JSON.parse(message) as Record<string, Record<string, unknown>>),
		resume: () => response.resume(),
		close: () => response.destroy(),
	};
}

describe('event stream writer (pkg/events/grpc/grpc.go Stream, the send loop)', () => {
	let sim: Simulator;
	afterAll(() => sim.close());

	it('sends only as fast as the client reads: the channel fills behind a slow reader and drops', async () => {
		sim = await startSimulator({
			seed: {
				applications: [{ applicationId: 'app1' }],
				devices: [{ applicationId: 'app1', deviceId: 'dev1' }],
			},
		});
		const { key } = sim.createApiKey({
			owner: { application: 'app1' },
			rights: ['RIGHT_APPLICATION_ALL'],
		});
		const stream = await openPausedStream(sim.url, key, {
			identifiers: [dev1],
			after: new Date(Date.now() + 1).toISOString(),
		});
		const padding = 'x'.repeat(16 * 1024);
		const published: string[] = [];
		// The publisher keeps going, a few events per turn, while the client reads nothing.
		while (sim.droppedEvents === 0 && published.length < 5_000) {
			for (let index = 0; index < 4; index++) {
				const event = sim.publishEvent({
					name: 'as.up.data.forward',
					identifiers: [dev1],
					data: {
						'@type': 'type.googleapis.com/ttn.lorawan.v3.ApplicationUp',
						uplink_message: { f_cnt: published.length, frm_payload: padding },
					},
				});
				published.push(String(event.event.unique_id));
			}
			await new Promise((resolve) => setImmediate(resolve));
		}
		for (let index = 0; index < 20; index++) {
			sim.publishEvent({ name: 'as.up.data.forward', identifiers: [dev1] });
			await new Promise((resolve) => setImmediate(resolve));
		}
		const [stalled] = sim.eventStreams();
		// The socket's buffers took many events before the 8 slots of the channel filled.
		expect(stalled.written).toBeGreaterThan(8);
		expect(stalled.dropped).toBeGreaterThan(0);
		expect(stalled.pushed - stalled.written - stalled.dropped).toBe(8);

		stream.resume();
		await waitFor(() => stream.messages().length === sim.eventStreams()[0].written + 1, {
			what: 'the rest of the stream',
		});
		const [drained] = sim.eventStreams();
		expect(drained.pushed).toBe(drained.written + drained.dropped);
		const messages = stream.messages();
		// No message tells the client: only events, no error.
		expect(messages.every((message) => message.result !== undefined)).toBe(true);
		const delivered = messages.slice(1).map((message) => String(message.result.unique_id));
		// What arrived is the first events, in order, with a gap where the channel was full.
		expect(delivered.slice(0, stalled.written)).toEqual(published.slice(0, stalled.written));
		expect(delivered).not.toContain(published[stalled.written + 8]);
		stream.close();
	}, 60_000);
});
