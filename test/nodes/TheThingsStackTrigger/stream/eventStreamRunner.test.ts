import { PassThrough } from 'node:stream';
import type { IDataObject } from 'n8n-workflow';

import type { TtsStream } from '../../../../nodes/shared/transport';
import { withStreamFailure } from '../../../../nodes/shared/transport';
import type {
	StreamGap,
	StreamSettings,
} from '../../../../nodes/TheThingsStackTrigger/stream/eventStreamRunner';
import { EventStreamRunner } from '../../../../nodes/TheThingsStackTrigger/stream/eventStreamRunner';
import { waitFor } from '../../../support/trigger';

const settings: StreamSettings = {
	idleTimeoutMs: 60_000,
	connectTimeoutMs: 200,
	replayWindowMs: 10 * 60_000,
	tail: 0,
	resumeOverlapMs: 1_000,
	maxRemembered: 100,
	backoff: { baseMs: 20, capMs: 100 },
	healthyAfterMs: 5_000,
	acceptedRetryCapMs: 100,
};

const app1 = [{ application_ids: { application_id: 'app1' } }];

function frame(result: IDataObject): string {
	return `${JSON.stringify({ result })}\n\n`;
}

const start = (time: string) => frame({ name: 'events.stream.start', time, identifiers: app1 });
const uplink = (id: string, time: string) =>
	frame({
		name: 'as.up.data.forward',
		time,
		unique_id: id,
		identifiers: [
			{ device_ids: { device_id: 'dev1', application_ids: { application_id: 'app1' } } },
		],
	});

/** A fake server: each connection is a PassThrough the test writes to, or a failure. */
function scriptedOpen() {
	const requests: IDataObject[] = [];
	const bodies: PassThrough[] = [];
	const failures: Error[] = [];
	const open = async (body: IDataObject, signal: AbortSignal): Promise<TtsStream> => {
		requests.push(body);
		const failure = failures.shift();
		if (failure) throw failure;
		const stream = new PassThrough();
		signal.addEventListener('abort', () => stream.destroy(new Error('aborted')), { once: true });
		bodies.push(stream);
		return { body: stream, headers: {}, warnings: [], serverLabel: 'test' };
	};
	return { open, requests, bodies, failures };
}

function createRunner(
	server: ReturnType<typeof scriptedOpen>,
	overrides: Partial<StreamSettings> = {},
	now?: () => number,
) {
	const events: string[] = [];
	const gaps: StreamGap[] = [];
	const fatal: Error[] = [];
	const runner = new EventStreamRunner(
		{
			label: 'cluster (test)',
			identifiers: async () => app1,
			names: ['as.up.data.forward'],
			open: server.open,
			onEvent: ({ event }) => events.push(String(event.unique_id)),
			onGap: (gap) => gaps.push(gap),
			onFatal: (error) => fatal.push(error),
			log: { debug: () => {}, info: () => {}, warn: () => {} },
			now,
		},
		{ ...settings, ...overrides },
	);
	return { runner, events, gaps, fatal };
}

describe('EventStreamRunner', () => {
	it('asks for the tail only on the first connection, then resumes from the last event', async () => {
		const server = scriptedOpen();
		const { runner, events } = createRunner(server, { tail: 5 });
		await runner.connect(1);
		runner.run();
		server.bodies[0].write(start('2024-10-01T12:00:10Z') + uplink('a', '2024-10-01T12:00:05.250Z'));
		await waitFor(() => events.length === 1);
		server.bodies[0].end();
		await waitFor(() => server.bodies.length === 2);
		server.bodies[1].write(
			start('2024-10-01T12:00:11Z') +
				uplink('a', '2024-10-01T12:00:05.250Z') +
				uplink('b', '2024-10-01T12:00:10.5Z'),
		);
		await waitFor(() => events.length === 2);
		await runner.stop();
		expect(events).toEqual(['a', 'b']);
		expect(server.requests).toEqual([
			{ identifiers: app1, names: ['as.up.data.forward'], tail: 5 },
			{ identifiers: app1, names: ['as.up.data.forward'], after: '2024-10-01T12:00:04.250Z' },
		]);
	});

	it('resumes from the start of the subscription when it breaks before the first event', async () => {
		const server = scriptedOpen();
		const { runner } = createRunner(server);
		await runner.connect(1);
		runner.run();
		server.bodies[0].write(start('2024-10-01T12:00:10.5Z'));
		server.bodies[0].end();
		await waitFor(() => server.requests.length === 2);
		await runner.stop();
		expect(server.requests[1]).toMatchObject({ after: '2024-10-01T12:00:09.500Z' });
	});

	it('gives up on a connection the server does not answer in time, and tries again', async () => {
		const server = scriptedOpen();
		let hang = true;
		const open = server.open;
		server.open = async (body, signal) => {
			if (!hang) return await open(body, signal);
			hang = false;
			server.requests.push(body);
			return await new Promise<TtsStream>((_, reject) =>
				signal.addEventListener('abort', () =>
					reject(withStreamFailure(new Error('aborted'), { kind: 'aborted' })),
				),
			);
		};
		const { runner } = createRunner(server);
		await runner.connect(2);
		await runner.stop();
		expect(server.requests).toHaveLength(2);
		expect(server.bodies).toHaveLength(1);
	});

	it('reports an outage longer than the replay window', async () => {
		let clock = Date.UTC(2024, 9, 1, 12, 0, 0);
		const server = scriptedOpen();
		const { runner, gaps } = createRunner(server, {}, () => clock);
		await runner.connect(1);
		runner.run();
		server.bodies[0].write(start('2024-10-01T12:00:00Z') + uplink('a', '2024-10-01T12:00:00.5Z'));
		await waitFor(() => server.bodies[0].readableLength === 0);
		clock += 60_000;
		server.failures.push(withStreamFailure(new Error('ECONNREFUSED'), { kind: 'transient' }));
		server.bodies[0].end();
		await waitFor(() => server.requests.length === 2);
		clock += 15 * 60_000;
		await waitFor(() => server.bodies.length === 2);
		await runner.stop();
		expect(gaps).toEqual([
			expect.objectContaining({
				reason: 'outage_longer_than_replay_window',
				// Nothing arrived after the event: the stream may have been dead since then.
				from: '2024-10-01T12:00:00.000Z',
				to: '2024-10-01T12:16:00.000Z',
			}),
		]);
	});

	it('stops for good, once, when reconnecting is refused for good', async () => {
		const server = scriptedOpen();
		const { runner, fatal } = createRunner(server);
		await runner.connect(1);
		runner.run();
		server.failures.push(
			withStreamFailure(new Error('API key not found'), { kind: 'permanent', statusCode: 401 }),
		);
		server.bodies[0].write(
			start('2024-10-01T12:00:00Z') +
				`${JSON.stringify({ error: { code: 16, message: 'unauthenticated' } })}\n\n`,
		);
		server.bodies[0].end();
		await waitFor(() => fatal.length === 1);
		await new Promise((resolve) => setTimeout(resolve, 200));
		await runner.stop();
		expect(fatal.map((error) => error.message)).toEqual(['API key not found']);
		expect(server.requests).toHaveLength(2);
	});

	it('keeps trying transient failures with growing waits, and stop() ends the wait', async () => {
		const server = scriptedOpen();
		for (let index = 0; index < 50; index++) {
			server.failures.push(
				withStreamFailure(new Error('503'), { kind: 'transient', statusCode: 503 }),
			);
		}
		const { runner, fatal } = createRunner(server, { backoff: { baseMs: 20, capMs: 60_000 } });
		await expect(runner.connect(2)).rejects.toThrow('503');
		runner.run();
		await waitFor(() => server.requests.length >= 5);
		await runner.stop();
		const requests = server.requests.length;
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(server.requests).toHaveLength(requests);
		expect(fatal).toEqual([]);
	});
});
