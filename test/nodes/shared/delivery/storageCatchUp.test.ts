import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { IDataObject } from 'n8n-workflow';

import type {
	CatchUpRequest,
	CatchUpSettings,
} from '../../../../nodes/shared/delivery/storageCatchUp';
import { catchUpFromStorage } from '../../../../nodes/shared/delivery/storageCatchUp';
import { TEST_API_KEY } from '../../../support/constants';
import { createTriggerContext } from '../../../support/trigger';

/** One answer of the scripted Storage Integration: stored uplinks, or a failure. */
type Answer =
	| { uplinks: IDataObject[]; token?: string; error?: IDataObject }
	| { status: number; body: IDataObject }
	/** Sends the uplinks, then drops the connection before the response ends. */
	| { cut: IDataObject[] };

interface StorageServer {
	url: string;
	queries: Array<Record<string, string>>;
	paths: string[];
	answer(next: (query: Record<string, string>) => Answer): void;
	close(): Promise<void>;
}

async function startStorageServer(): Promise<StorageServer> {
	const queries: Array<Record<string, string>> = [];
	const paths: string[] = [];
	let respond: (query: Record<string, string>) => Answer = () => ({ uplinks: [] });
	const sockets = new Set<Socket>();
	const server: Server = createServer((request, response) => {
		const url = new URL(request.url ?? '/', 'http://localhost');
		const query = Object.fromEntries(url.searchParams);
		queries.push(query);
		paths.push(url.pathname);
		const answer = respond(query);
		if ('status' in answer) {
			response.writeHead(answer.status, { 'content-type': 'application/json' });
			response.end(JSON.stringify(answer.body));
			return;
		}
		const uplinks = 'cut' in answer ? answer.cut : answer.uplinks;
		response.writeHead(200, {
			'content-type': 'text/event-stream',
			...('token' in answer && answer.token ? { 'x-continuation-token': answer.token } : {}),
		});
		for (const up of uplinks) response.write(`${JSON.stringify({ result: up })}\n\n`);
		if ('cut' in answer) {
			response.socket?.end();
			return;
		}
		if ('error' in answer && answer.error)
			response.write(`${JSON.stringify({ error: answer.error })}\n\n`);
		response.end();
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		queries,
		paths,
		answer: (next) => (respond = next),
		close: async () => {
			sockets.forEach((socket) => socket.destroy());
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

const T0 = Date.UTC(2024, 9, 1, 12);
const iso = (ms: number) => new Date(ms).toISOString();
const uplink = (device: string, receivedMs: number): IDataObject => ({
	end_device_ids: { device_id: device, application_ids: { application_id: 'app1' } },
	received_at: iso(receivedMs),
	uplink_message: { f_cnt: receivedMs - T0 },
});
const settings: CatchUpSettings = {
	pageSize: 2,
	writeDelayMs: 0,
	attempts: 3,
	backoff: { baseMs: 5, capMs: 20 },
};

describe('catchUpFromStorage', () => {
	let storage: StorageServer;

	beforeEach(async () => {
		storage = await startStorageServer();
	});

	afterEach(async () => {
		await storage.close();
	});

	const catchUp = async (
		overrides: Partial<CatchUpRequest> = {},
		custom: Partial<CatchUpSettings> = {},
	) => {
		const { context } = createTriggerContext({
			credentials: { apiKey: TEST_API_KEY, serverAddress: storage.url },
		});
		const received: IDataObject[] = [];
		let pages = 0;
		const outcome = await catchUpFromStorage.call(
			context,
			{
				targets: [{ applicationId: 'app1' }],
				fromMs: T0,
				toMs: () => T0 + 60_000,
				onUplink: (up) => received.push(up),
				onPageEnd: () => {
					pages += 1;
				},
				signal: new AbortController().signal,
				log: { debug: () => {} },
				now: () => T0 + 120_000,
				...overrides,
			},
			{ ...settings, ...custom },
		);
		return { outcome, received, pages };
	};

	it('follows X-Continuation-Token, handing over every uplink in order', async () => {
		storage.answer((query) =>
			query.continuation_token === 'page-2'
				? { uplinks: [uplink('dev1', T0 + 3_000)] }
				: { uplinks: [uplink('dev1', T0 + 1_000), uplink('dev2', T0 + 2_000)], token: 'page-2' },
		);
		const { outcome, received, pages } = await catchUp();
		expect(received.map((up) => up.received_at)).toEqual([
			iso(T0 + 1_000),
			iso(T0 + 2_000),
			iso(T0 + 3_000),
		]);
		expect(outcome).toEqual({ read: 3, failures: [] });
		expect(pages).toBe(2);
		expect(storage.paths[0]).toBe('/api/v3/as/applications/app1/packages/storage/uplink_message');
		expect(storage.queries).toEqual([
			{ after: iso(T0), before: iso(T0 + 60_000), order: 'received_at', limit: '2' },
			// Every other filter is in the token.
			{ continuation_token: 'page-2' },
		]);
	});

	it('moves `after` to the last uplink of a full page when the server sends no token', async () => {
		const stored = [1_000, 2_000, 3_000, 4_000, 5_000].map((offset) => uplink('dev1', T0 + offset));
		storage.answer((query) => {
			const afterMs = Date.parse(query.after);
			return {
				uplinks: stored.filter((up) => Date.parse(String(up.received_at)) > afterMs).slice(0, 2),
			};
		});
		const { received } = await catchUp();
		expect(received).toHaveLength(5);
		expect(storage.queries.map((query) => query.after)).toEqual([
			iso(T0),
			iso(T0 + 2_000),
			iso(T0 + 4_000),
		]);
	});

	it('reads a device of an application on its own path', async () => {
		storage.answer(() => ({ uplinks: [] }));
		await catchUp({ targets: [{ applicationId: 'app1', deviceId: 'dev-7' }] });
		expect(storage.paths).toEqual([
			'/api/v3/as/applications/app1/devices/dev-7/packages/storage/uplink_message',
		]);
	});

	it('reads no further than the storage has written, and waits for the rest', async () => {
		let clock = T0 + 60_000;
		storage.answer(() => ({ uplinks: [] }));
		const catching = catchUp({ now: () => clock }, { writeDelayMs: 30_000 });
		await new Promise((resolve) => setTimeout(resolve, 200));
		// Only what the Storage Integration has surely written by now.
		expect(storage.queries).toEqual([
			expect.objectContaining({ after: iso(T0), before: iso(T0 + 30_000) }),
		]);
		clock = T0 + 90_000;
		const { outcome } = await catching;
		expect(outcome.failures).toEqual([]);
		expect(storage.queries.map((query) => [query.after, query.before])).toEqual([
			[iso(T0), iso(T0 + 30_000)],
			[iso(T0 + 30_000), iso(T0 + 60_000)],
		]);
	});

	it('tries again after a transient failure or a response cut short', async () => {
		const answers: Answer[] = [
			{ status: 503, body: { code: 14, message: 'unavailable' } },
			{ cut: [uplink('dev1', T0 + 1_000)] },
			{ uplinks: [uplink('dev1', T0 + 1_000)] },
		];
		storage.answer(() => answers.shift() as Answer);
		const { outcome, received } = await catchUp();
		expect(outcome).toEqual({ read: 1, failures: [] });
		expect(received.map((up) => up.received_at)).toEqual([iso(T0 + 1_000)]);
		expect(storage.queries).toHaveLength(3);
	});

	it('gives up on a target when the server refuses, naming what was not read', async () => {
		storage.answer(() => ({
			status: 404,
			body: { code: 5, message: 'Not Found', details: [] },
		}));
		const { outcome } = await catchUp();
		expect(outcome.read).toBe(0);
		expect(outcome.failures).toEqual([
			{
				target: { applicationId: 'app1' },
				fromMs: T0,
				toMs: T0 + 60_000,
				message: expect.stringMatching(
					/^Reading the stored uplinks of the application "app1" failed: /,
				),
			},
		]);
		expect(storage.queries).toHaveLength(1);
	});

	it('takes an error at the end of the results for a failed request, and asks again', async () => {
		storage.answer(() => ({
			uplinks: [uplink('dev1', T0 + 1_000)],
			error: { code: 13, message: 'internal' },
		}));
		const { outcome, received } = await catchUp({}, { attempts: 2 });
		// The page is read again from its start, so nothing of it is handed over twice.
		expect(received).toEqual([]);
		expect(storage.queries).toHaveLength(2);
		expect(outcome.failures).toEqual([
			expect.objectContaining({
				message: expect.stringContaining(
					'the server ended the stored uplinks with an error: internal',
				),
			}),
		]);
	});

	it('stops when aborted', async () => {
		const controller = new AbortController();
		storage.answer(() => {
			controller.abort();
			return { uplinks: [uplink('dev1', T0 + 1_000), uplink('dev1', T0 + 2_000)], token: 'more' };
		});
		const { received } = await catchUp({ signal: controller.signal });
		expect(received).toEqual([]);
		expect(storage.queries).toHaveLength(1);
	});
});
