import { startSimulator, Simulator, SimulatorOptions } from '../../../../simulator';
import { api, errorName } from '../../helpers';

type StoredUp = Record<string, unknown> & {
	end_device_ids: { device_id: string };
	received_at: string;
	uplink_message?: Record<string, unknown>;
};

/** The `{"result": ApplicationUp}` messages of a storage response. */
function resultsOf(text: string, delimiter = '\n\n'): StoredUp[] {
	return text
		.split(delimiter)
		.filter(Boolean)
		.map((message) => (JSON.parse(message) as { result: StoredUp }).result);
}

describe('Storage Integration (applicationserver_integrations_storage.proto)', () => {
	let sim: Simulator;
	let key: string;
	let clock: number;

	const start = async (options: SimulatorOptions = {}) => {
		clock = Date.now();
		sim = await startSimulator({
			now: () => clock,
			storageIntegration: { writeLagMs: 0 },
			...options,
			seed: {
				applications: [{ applicationId: 'app1' }],
				devices: ['dev1', 'dev2', 'dev3'].map((deviceId) => ({
					applicationId: 'app1',
					deviceId,
					joined: true,
				})),
			},
		});
		key = sim.createApiKey({
			owner: { application: 'app1' },
			rights: ['RIGHT_APPLICATION_TRAFFIC_READ', 'RIGHT_APPLICATION_TRAFFIC_UP_WRITE'],
		}).key;
	};
	const uplink = (deviceId: string, fPort = 1) =>
		sim.sendUplink({ applicationId: 'app1', deviceId, fPort });
	const read = async (path: string, accept = 'text/event-stream') => {
		const response = await api(sim, 'GET', `/as/applications/app1${path}`, {
			key,
			headers: { Accept: accept },
		});
		return {
			...response,
			results: resultsOf(response.text, accept === 'text/event-stream' ? '\n\n' : '\n'),
		};
	};
	const fCnts = (results: StoredUp[]) => results.map((up) => up.uplink_message?.f_cnt);

	afterEach(async () => {
		expect(sim.contractViolations()).toEqual([]);
		await sim.close();
	});

	it('stores the uplinks of an application with the storage-integration default association, not before', async () => {
		await start();
		uplink('dev1');
		sim.enableStorageIntegration({ applicationId: 'app1' });
		uplink('dev1');
		uplink('dev2');
		const { status, headers, text, results } = await read('/packages/storage/uplink_message');
		expect(status).toBe(200);
		expect(headers.get('content-type')).toBe('text/event-stream');
		expect(text).toMatch(/^\{"result":\{.*\}\}\n\n\{"result":\{.*\}\}\n\n$/s);
		expect(results.map((up) => [up.end_device_ids.device_id, up.uplink_message?.f_cnt])).toEqual([
			['dev1', 2],
			['dev2', 1],
		]);
		// As the docs' example shows a stored uplink: no correlation IDs, no `@type`.
		expect(results[0].correlation_ids).toBeUndefined();
		expect(results[0]['@type']).toBeUndefined();
		expect(results[0].received_at).toMatch(/Z$/);
		const newlines = await read('/packages/storage/uplink_message', 'application/json');
		expect(newlines.headers.get('content-type')).toBe('application/json');
		expect(newlines.results).toHaveLength(2);
	});

	it('stores a device association’s uplinks and simulated uplinks, per device and for the application', async () => {
		await start();
		sim.enableStorageIntegration({ applicationId: 'app1', deviceId: 'dev2' });
		uplink('dev1');
		uplink('dev2');
		const simulated = await api(sim, 'POST', '/as/applications/app1/devices/dev2/up/simulate', {
			key,
			body: {
				end_device_ids: { device_id: 'dev2', application_ids: { application_id: 'app1' } },
				uplink_message: {
					f_port: 7,
					frm_payload: 'AQ==',
					settings: {
						data_rate: { lora: { bandwidth: 125000, spreading_factor: 7 } },
						frequency: '868100000',
					},
					rx_metadata: [{ gateway_ids: { gateway_id: 'gw1' } }],
				},
			},
		});
		expect(simulated.status).toBe(200);
		await new Promise((resolve) => setImmediate(resolve));
		const device = await read('/devices/dev2/packages/storage/uplink_message');
		expect(device.results.map((up) => up.uplink_message?.f_port)).toEqual([1, 7]);
		expect(device.results[1].simulated).toBe(true);
		expect((await read('/devices/dev1/packages/storage/uplink_message')).results).toEqual([]);
		expect((await read('/packages/storage/uplink_message')).results).toHaveLength(2);
	});

	it('stores only uplinks by default (TTS Cloud), other types when configured', async () => {
		await start();
		sim.enableStorageIntegration({ applicationId: 'app1' });
		sim.joinDevice('app1', 'dev1');
		uplink('dev1');
		expect(sim.storedApplicationUps('app1').map((up) => up.type)).toEqual(['uplink_message']);
		await sim.close();
		await start({
			storageIntegration: { writeLagMs: 0, types: ['uplink_message', 'join_accept'] },
		});
		sim.enableStorageIntegration({ applicationId: 'app1' });
		sim.joinDevice('app1', 'dev1');
		uplink('dev1');
		expect(sim.storedApplicationUps('app1').map((up) => up.type)).toEqual([
			'join_accept',
			'uplink_message',
		]);
		expect((await read('/packages/storage/join_accept')).results).toHaveLength(1);
	});

	it('makes a stored uplink readable only after the write lag, and forgets it after the retention period', async () => {
		await start({ storageIntegration: { writeLagMs: 5_000, retentionMs: 60_000 } });
		sim.enableStorageIntegration({ applicationId: 'app1' });
		uplink('dev1');
		expect((await read('/packages/storage/uplink_message')).results).toEqual([]);
		clock += 4_999;
		expect((await read('/packages/storage/uplink_message')).results).toEqual([]);
		clock += 1;
		expect((await read('/packages/storage/uplink_message')).results).toHaveLength(1);
		clock += 55_000;
		expect((await read('/packages/storage/uplink_message')).results).toEqual([]);
		expect(sim.storedApplicationUps('app1')).toEqual([]);
	});

	it('filters by after and before (exclusive), FPort and last; orders; limits', async () => {
		await start();
		sim.enableStorageIntegration({ applicationId: 'app1' });
		const sent = [uplink('dev1', 1), uplink('dev1', 2), uplink('dev1', 1), uplink('dev1', 2)];
		const receivedAt = sent.map((up) => String(up.received_at));
		const after = await read(
			`/packages/storage/uplink_message?after=${receivedAt[0]}&before=${receivedAt[3]}`,
		);
		expect(fCnts(after.results)).toEqual([2, 3]);
		expect(fCnts((await read('/packages/storage/uplink_message?f_port=2')).results)).toEqual([
			2, 4,
		]);
		expect(
			fCnts((await read('/packages/storage/uplink_message?order=-received_at&limit=3')).results),
		).toEqual([4, 3, 2]);
		const twoHoursAgo = new Date(Date.now() - 7_200_000).toISOString();
		sim.publishEvent({
			name: 'as.up.data.forward',
			identifiers: [{ device_ids: sent[0].end_device_ids as Record<string, never> }],
			data: { ...sent[0], received_at: twoHoursAgo, uplink_message: { f_port: 1, f_cnt: 0 } },
		});
		expect(fCnts((await read('/packages/storage/uplink_message?last=1h30m')).results)).toEqual([
			1, 2, 3, 4,
		]);
		expect(fCnts((await read('/packages/storage/uplink_message')).results)).toEqual([
			0, 1, 2, 3, 4,
		]);
	});

	it('returns the field mask’s paths of the oneof `up`, always with the device IDs and received_at', async () => {
		await start();
		sim.enableStorageIntegration({ applicationId: 'app1' });
		uplink('dev1', 3);
		const [masked] = (
			await read(
				'/packages/storage/uplink_message?field_mask=up.uplink_message.f_port,up.uplink_message.f_cnt',
			)
		).results;
		expect(masked).toEqual({
			end_device_ids: expect.objectContaining({ device_id: 'dev1' }),
			received_at: expect.any(String),
			uplink_message: { f_port: 3, f_cnt: 1 },
		});
	});

	it('pages with `after` (no continuation token header, as the open-source gateway drops it)', async () => {
		await start();
		sim.enableStorageIntegration({ applicationId: 'app1' });
		for (let index = 0; index < 5; index++) uplink('dev1');
		const first = await read('/packages/storage/uplink_message?order=received_at&limit=2');
		expect(first.headers.get('x-continuation-token')).toBeNull();
		const last = first.results[first.results.length - 1].received_at;
		const second = await read(
			`/packages/storage/uplink_message?order=received_at&limit=2&after=${last}`,
		);
		expect(fCnts([...first.results, ...second.results])).toEqual([1, 2, 3, 4]);
	});

	it('sends X-Continuation-Token on a full page when switched on; the token carries the query', async () => {
		await start({ storageIntegration: { writeLagMs: 0, continuationTokenHeader: true } });
		sim.enableStorageIntegration({ applicationId: 'app1' });
		for (let index = 0; index < 5; index++) uplink('dev1', index % 2 ? 2 : 1);
		const pages: number[][] = [];
		let path = '/packages/storage/uplink_message?f_port=1&limit=2';
		for (;;) {
			const page = await read(path);
			pages.push(fCnts(page.results) as number[]);
			const token = page.headers.get('x-continuation-token');
			if (!token) break;
			// Other parameters are ignored next to a token.
			path = `/packages/storage/uplink_message?continuation_token=${token}&f_port=2`;
		}
		expect(pages).toEqual([[1, 3], [5]]);
	});

	it('counts stored messages per device', async () => {
		await start();
		sim.enableStorageIntegration({ applicationId: 'app1' });
		uplink('dev1');
		uplink('dev1', 2);
		uplink('dev2');
		const count = await api(
			sim,
			'GET',
			'/as/applications/app1/packages/storage/uplink_message/count',
			{ key },
		);
		expect(count.body).toEqual({ count: { dev1: 2, dev2: 1 } });
		const fPort = await api(
			sim,
			'GET',
			'/as/applications/app1/devices/dev1/packages/storage/uplink_message/count?f_port=2',
			{ key },
		);
		expect(fPort.body).toEqual({ count: { dev1: 1 } });
		const none = await api(
			sim,
			'GET',
			'/as/applications/app1/devices/dev3/packages/storage/uplink_message/count',
			{
				key,
			},
		);
		expect(none.body).toEqual({});
	});

	it('needs RIGHT_APPLICATION_TRAFFIC_READ', async () => {
		await start();
		const settingsKey = sim.createApiKey({
			owner: { application: 'app1' },
			rights: ['RIGHT_APPLICATION_SETTINGS_PACKAGES'],
		}).key;
		const response = await api(
			sim,
			'GET',
			'/as/applications/app1/packages/storage/uplink_message',
			{
				key: settingsKey,
			},
		);
		expect(response.status).toBe(403);
		expect(errorName(response)).toBe('pkg/auth/rights:insufficient_application_rights');
	});

	it('answers 404 Not Found where there is no Storage Integration (open-source TTS)', async () => {
		await start({ storageIntegration: false });
		const response = await api(
			sim,
			'GET',
			'/as/applications/app1/packages/storage/uplink_message',
			{ key },
		);
		expect(response.status).toBe(404);
		expect(response.body).toEqual({ code: 5, message: 'Not Found', details: [] });
		const packages = await api(sim, 'GET', '/as/applications/app1/devices/dev1/packages', {
			key: sim.createApiKey({ owner: { application: 'app1' }, rights: ['RIGHT_APPLICATION_ALL'] })
				.key,
		});
		expect(packages.body.packages.map((each: { name: string }) => each.name)).not.toContain(
			'storage-integration',
		);
	});
});
