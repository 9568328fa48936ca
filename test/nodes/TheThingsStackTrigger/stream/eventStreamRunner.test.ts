import { PassThrough } from 'node:stream';
import type { IDataObject } from 'n8n-workflow';

import type { TtsStream } from '../../../../nodes/shared/transport';
import { withStreamFailure } from '../../../../nodes/shared/transport';
import type { Loss } from '../../../../nodes/shared/delivery/recoveryPlan';
import type {
	DeliveredEvent,
	StreamSettings,
	StreamStart,
} from '../../../../nodes/TheThingsStackTrigger/stream/eventStreamRunner';
import { EventStreamRunner } from '../../../../nodes/TheThingsStackTrigger/stream/eventStreamRunner';
import { waitFor } from '../../../support/trigger';

const settings: StreamSettings = {
	idleTimeoutMs: 60_000,
	connectTimeoutMs: 200,
	resumeOverlapMs: 1_000,
	maxRemembered: 100,
	backoff: { baseMs: 20, capMs: 100 },
	healthyAfterMs: 5_000,
	acceptedBackoff: { baseMs: 20, capMs: 100 },
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
		data: { '@type': 'type.googleapis.com/ttn.lorawan.v3.ApplicationUp' },
		correlation_ids: [`as:up:${id}`],
		origin: 'test',
	});
// What the events store replays once the event's data expired (pkg/events/redis/codec.go).
const withoutData = (id: string, time: string) =>
	frame({ name: 'as.up.data.forward', time, unique_id: id, identifiers: app1 });

const startAfter = (afterMs: number): StreamStart => ({ kind: 'after', afterMs });
const AT_12 = Date.UTC(2024, 9, 1, 12, 0, 0);
// What an earlier activation saved: it emitted event `a` of 11:00:05 last.
const restoredAt11: StreamStart = {
	kind: 'resume',
	afterMs: AT_12,
	point: {
		newestMs: Date.UTC(2024, 9, 1, 11, 0, 5),
		keys: ['a'],
		anchors: { 'application:app1': Date.UTC(2024, 9, 1, 11, 0, 5) },
	},
};

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
	{ now, start = startAfter(AT_12) }: { now?: () => number; start?: StreamStart } = {},
) {
	const events: string[] = [];
	const delivered: DeliveredEvent[] = [];
	const losses: Loss[] = [];
	const fatal: Error[] = [];
	let settled = 0;
	const runner = new EventStreamRunner(
		{
			label: 'cluster (test)',
			identifiers: async () => app1,
			names: ['as.up.data.forward'],
			open: server.open,
			start,
			onEvent: (each) => {
				events.push(String(each.event.unique_id));
				delivered.push(each);
			},
			onLoss: (loss) => losses.push(loss),
			onFatal: (error) => fatal.push(error),
			onSettled: () => (settled += 1),
			log: { debug: () => {}, info: () => {}, warn: () => {} },
			now,
		},
		{ ...settings, ...overrides },
	);
	return { runner, events, delivered, losses, fatal, settled: () => settled };
}

describe('EventStreamRunner', () => {
	it('asks for the largest buffer on every connection, and resumes from the last event', async () => {
		const server = scriptedOpen();
		const { runner, events } = createRunner(server);
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
			{
				identifiers: app1,
				names: ['as.up.data.forward'],
				tail: 1024,
				after: '2024-10-01T12:00:00.000Z',
			},
			{
				identifiers: app1,
				names: ['as.up.data.forward'],
				tail: 1024,
				after: '2024-10-01T12:00:04.250Z',
			},
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
		expect(server.requests[1]).toMatchObject({ after: '2024-10-01T12:00:00.000Z', tail: 1024 });
	});

	it('asks for the most recent events without `after` only on the first connection', async () => {
		const server = scriptedOpen();
		const { runner, delivered, settled } = createRunner(
			server,
			{ settleAfterMs: 60_000 },
			{ start: { kind: 'recent', afterMs: AT_12 } },
		);
		await runner.connect(1);
		runner.run();
		server.bodies[0].write(
			start('2024-10-01T12:00:10Z') +
				uplink('old', '2024-10-01T11:00:00Z') +
				uplink('live', '2024-10-01T12:00:11Z'),
		);
		await waitFor(() => delivered.length === 2);
		// The first live event ends the replay.
		expect(settled()).toBe(1);
		server.bodies[0].end();
		await waitFor(() => server.requests.length === 2);
		await runner.stop();
		expect(delivered.map((each) => [each.key, each.replayed])).toEqual([
			['old', true],
			['live', false],
		]);
		expect(server.requests[0]).toEqual({
			identifiers: app1,
			names: ['as.up.data.forward'],
			tail: 1024,
		});
		expect(server.requests[1]).toMatchObject({ after: '2024-10-01T12:00:10.000Z', tail: 1024 });
	});

	it('carries on after a restored resume point, without the events it names', async () => {
		const server = scriptedOpen();
		const { runner, events, losses } = createRunner(server, {}, { start: restoredAt11 });
		await runner.connect(1);
		runner.run();
		server.bodies[0].write(
			start('2024-10-01T12:00:10Z') +
				uplink('a', '2024-10-01T11:00:05Z') +
				uplink('b', '2024-10-01T11:30:00Z'),
		);
		await waitFor(() => events.length === 1);
		await runner.stop();
		expect(server.requests[0]).toMatchObject({ after: '2024-10-01T11:00:04.000Z', tail: 1024 });
		expect(events).toEqual(['b']);
		expect(losses).toEqual([]);
	});

	it('reports, before delivering it, the first event newer than a restored anchor that the history no longer reaches', async () => {
		const server = scriptedOpen();
		const order: string[] = [];
		const { runner } = createRunner(server, {}, { start: restoredAt11 });
		const deps = (
			runner as unknown as {
				deps: { onLoss(loss: Loss): void; onEvent(each: DeliveredEvent): void };
			}
		).deps;
		const { onLoss, onEvent } = deps;
		deps.onLoss = (loss) => {
			order.push(
				`loss ${loss.reason} ${new Date(loss.fromMs).toISOString()} ${new Date(loss.toMs).toISOString()}`,
			);
			onLoss(loss);
		};
		deps.onEvent = (each) => {
			order.push(`event ${each.key}`);
			onEvent(each);
		};
		await runner.connect(1);
		runner.run();
		server.bodies[0].write(start('2024-10-01T12:00:10Z') + uplink('c', '2024-10-01T11:40:00Z'));
		await waitFor(() => order.length === 2);
		await runner.stop();
		expect(order).toEqual([
			'loss history_truncated 2024-10-01T11:00:05.000Z 2024-10-01T12:00:10.000Z',
			'event c',
		]);
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

	it('reports events a resumed stream replays without their data, once per connection', async () => {
		const server = scriptedOpen();
		const { runner, delivered, losses } = createRunner(server);
		await runner.connect(1);
		runner.run();
		server.bodies[0].write(start('2024-10-01T12:00:00Z') + uplink('a', '2024-10-01T12:00:00.5Z'));
		await waitFor(() => delivered.length === 1);
		server.bodies[0].end();
		await waitFor(() => server.bodies.length === 2);
		server.bodies[1].write(
			start('2024-10-01T12:30:00Z') +
				withoutData('a', '2024-10-01T12:00:00.5Z') +
				withoutData('b', '2024-10-01T12:05:00Z') +
				withoutData('c', '2024-10-01T12:06:00Z') +
				uplink('d', '2024-10-01T12:25:00Z'),
		);
		await waitFor(() => delivered.length === 4);
		await runner.stop();
		expect(losses).toEqual([
			{
				reason: 'history_without_data',
				// The subscription began at 12:00: `after` never goes back before that.
				fromMs: AT_12,
				toMs: Date.parse('2024-10-01T12:30:00Z'),
			},
		]);
		expect(delivered.map((each) => [each.key, each.withoutData])).toEqual([
			['a', false],
			['b', true],
			['c', true],
			['d', false],
		]);
	});

	it('reports a server without event history when a stream resumes', async () => {
		let clock = AT_12;
		const server = scriptedOpen();
		const open = server.open;
		server.open = async (body, signal) => ({
			...(await open(body, signal)),
			warnings: ['Events storage is not enabled'],
		});
		const { runner, events, losses } = createRunner(server, {}, { now: () => clock });
		await runner.connect(1);
		runner.run();
		server.bodies[0].write(start('2024-10-01T12:00:00Z') + uplink('a', '2024-10-01T12:00:00.5Z'));
		await waitFor(() => events.length === 1);
		expect(losses).toEqual([]);
		clock += 60_000;
		server.bodies[0].end();
		await waitFor(() => server.bodies.length === 2);
		await runner.stop();
		expect(losses).toEqual([
			{
				reason: 'no_event_store',
				fromMs: AT_12,
				toMs: AT_12 + 60_000,
			},
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
