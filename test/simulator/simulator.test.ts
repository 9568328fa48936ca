import { startSimulator } from '../../simulator';
import { api, openEventStream } from './helpers';

describe('simulator lifecycle', () => {
	it('close() ends open event streams and sockets', async () => {
		const sim = await startSimulator({ seed: { applications: [{ applicationId: 'app1' }] } });
		const key = sim.createApiKey({
			owner: { application: 'app1' },
			rights: ['RIGHT_APPLICATION_ALL'],
		}).key;
		const stream = await openEventStream(sim.url, key, {
			identifiers: [{ application_ids: { application_id: 'app1' } }],
		});
		await stream.messages(1);
		expect(sim.openStreams).toBe(1);
		expect(sim.openSockets).toBeGreaterThan(0);
		await sim.close();
		expect(sim.openStreams).toBe(0);
		expect(sim.openSockets).toBe(0);
		expect(['end', 'error']).toContain(await stream.ended());
	});

	it('counts a stream as closed once the client aborts it', async () => {
		const sim = await startSimulator({ seed: { applications: [{ applicationId: 'app1' }] } });
		const key = sim.createApiKey({
			owner: { application: 'app1' },
			rights: ['RIGHT_APPLICATION_ALL'],
		}).key;
		const stream = await openEventStream(sim.url, key, {
			identifiers: [{ application_ids: { application_id: 'app1' } }],
		});
		await stream.messages(1);
		expect(sim.openStreams).toBe(1);
		stream.close();
		while (sim.openStreams > 0) await new Promise((resolve) => setImmediate(resolve));
		expect(sim.openStreams).toBe(0);
		await sim.close();
	});

	it('listens on the requested host and serves the API under /api/v3', async () => {
		const sim = await startSimulator();
		expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect((await api(sim, 'GET', '/configuration/frequency-plans')).status).toBe(200);
		await sim.close();
	});
});
