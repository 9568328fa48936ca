import type { JsonObject } from '../../../../simulator/encoding/json';
import type { PublishedEvent } from '../../../../simulator';
import { startSimulator, Simulator } from '../../../../simulator';
import { api, errorName } from '../../helpers';

// tts-api.md §5: a decoded_payload push without f_port is valid when the device's (or the
// application's default) encoder returns an FPort.
const valveEncoder = `function encodeDownlink(input) {
	return { bytes: [input.data.open ? 1 : 0], fPort: 15 };
}
function decodeDownlink(input) {
	return { data: { open: input.bytes[0] === 1 } };
}`;

describe('Application Server downlink queue: formatters in push, replace and list', () => {
	let sim: Simulator;
	let key: string;
	let events: PublishedEvent[] = [];
	const named = (name: string) =>
		events.filter((event) => event.name === name).map((event) => event.event.data as JsonObject);

	beforeAll(async () => {
		sim = await startSimulator({
			seed: {
				applications: [{ applicationId: 'app1' }],
				devices: [
					{
						applicationId: 'app1',
						deviceId: 'valve',
						joined: true,
						formatters: {
							down_formatter: 'FORMATTER_JAVASCRIPT',
							down_formatter_parameter: valveEncoder,
						},
					},
					{ applicationId: 'app1', deviceId: 'plain', joined: true },
					{ applicationId: 'app1', deviceId: 'not-joined' },
					{
						applicationId: 'app1',
						deviceId: 'reserved-port',
						joined: true,
						formatters: {
							down_formatter: 'FORMATTER_JAVASCRIPT',
							down_formatter_parameter:
								'function encodeDownlink() { return { bytes: [1], fPort: 224 }; }',
						},
					},
				],
			},
		});
		key = sim.createApiKey({
			owner: { application: 'app1' },
			rights: ['RIGHT_APPLICATION_ALL'],
		}).key;
		sim.events.onPublish((event) => events.push(event));
	});
	beforeEach(async () => {
		events = [];
		for (const deviceId of ['valve', 'plain']) await push(deviceId, [], 'replace');
		events = [];
	});
	afterAll(async () => {
		expect(sim.contractViolations()).toEqual([]);
		await sim.close();
	});

	const push = (deviceId: string, downlinks: JsonObject[], operation = 'push') =>
		api(sim, 'POST', `/as/applications/app1/devices/${deviceId}/down/${operation}`, {
			key,
			body: { downlinks },
		});

	it('queues a decoded payload without f_port with the bytes and the FPort the encoder returns', async () => {
		const pushed = await push('valve', [{ decoded_payload: { open: true } }]);
		expect(pushed.status).toBe(200);
		expect(sim.downlinkQueue('app1', 'valve')).toEqual([
			expect.objectContaining({ f_port: 15, frm_payload: 'AQ==', f_cnt: expect.any(Number) }),
		]);
		expect(sim.downlinkQueue('app1', 'valve')[0].decoded_payload).toBeUndefined();
		expect(named('as.down.data.receive')).toEqual([
			expect.objectContaining({ f_port: 15, frm_payload: 'AQ==', decoded_payload: { open: true } }),
		]);
		expect(named('as.down.data.forward')[0].decoded_payload).toBeUndefined();
	});

	it('refuses that push without an encoder: no_f_port, after as.down.data.receive', async () => {
		const pushed = await push('plain', [{ decoded_payload: { open: true } }]);
		expect(pushed.status).toBe(400);
		expect(errorName(pushed)).toBe('pkg/applicationserver:no_f_port');
		expect(named('as.down.data.receive')).toHaveLength(1);
		expect(named('as.down.data.forward')).toEqual([]);
		expect(sim.downlinkQueue('app1', 'plain')).toEqual([]);
	});

	it('queues a decoded payload with f_port but no encoder with an empty payload', async () => {
		expect((await push('plain', [{ f_port: 4, decoded_payload: { open: true } }])).status).toBe(
			200,
		);
		const [queued] = sim.downlinkQueue('app1', 'plain');
		expect(queued.f_port).toBe(4);
		expect(queued.frm_payload).toBeUndefined();
	});

	it('checks in the order of downlinkQueueOp: payload, then FPort, then session', async () => {
		expect(errorName(await push('valve', [{ f_port: 1 }]))).toBe(
			'pkg/applicationserver:no_payload',
		);
		expect(errorName(await push('not-joined', [{ frm_payload: 'AQ==' }]))).toBe(
			'pkg/applicationserver:no_f_port',
		);
		expect(errorName(await push('not-joined', [{ f_port: 1, frm_payload: 'AQ==' }]))).toBe(
			'pkg/applicationserver:no_device_session',
		);
	});

	// applicationserver.go attemptDownlinkQueueOp ResultFunc and observability.go
	// registerDropDownlinks: a queue operation that fails after encoding drops each item with the
	// error; an encoder failure is as.down.data.encode.fail instead.
	it('publishes as.down.data.drop with the error for each item the queue operation refuses', async () => {
		await push('not-joined', [
			{ f_port: 1, frm_payload: 'AQ==' },
			{ f_port: 2, frm_payload: 'Ag==' },
		]);
		const dropped = named('as.down.data.drop');
		expect(dropped).toHaveLength(2);
		expect(dropped[0]).toMatchObject({
			'@type': 'type.googleapis.com/ttn.lorawan.v3.ErrorDetails',
			namespace: 'pkg/applicationserver',
			name: 'no_device_session',
		});
		events = [];
		await push('plain', [{ decoded_payload: { open: true } }]);
		expect(named('as.down.data.drop').map((details) => details.name)).toEqual(['no_f_port']);
		events = [];
		await push('valve', [{ decoded_payload: { open: true } }]);
		expect(named('as.down.data.drop')).toEqual([]);
	});

	it('validates the FPort an encoder returns as the Network Server validates the queue', async () => {
		const pushed = await push('reserved-port', [{ decoded_payload: { a: 1 } }]);
		expect(errorName(pushed)).toBe('pkg/errors:validation');
		expect(pushed.body.details[0].attributes).toMatchObject({ field: 'downlinks[0].f_port' });
	});

	it('decodes a downlink given as bytes, on push and when listing the queue', async () => {
		await push('valve', [{ f_port: 15, frm_payload: 'AQ==' }]);
		expect(named('as.down.data.receive')[0].decoded_payload).toEqual({ open: true });
		const listed = await api(sim, 'GET', '/as/applications/app1/devices/valve/down', { key });
		expect(listed.body.downlinks).toEqual([
			expect.objectContaining({ f_port: 15, frm_payload: 'AQ==', decoded_payload: { open: true } }),
		]);
		await push('plain', [{ f_port: 2, frm_payload: 'AQ==' }]);
		const plain = await api(sim, 'GET', '/as/applications/app1/devices/plain/down', { key });
		expect(plain.body.downlinks[0].decoded_payload).toBeUndefined();
	});

	it('keeps the given frm_payload when both payloads are given: no encoding', async () => {
		await push('valve', [{ f_port: 9, frm_payload: 'Bw==', decoded_payload: { open: true } }]);
		expect(sim.downlinkQueue('app1', 'valve')).toEqual([
			expect.objectContaining({ f_port: 9, frm_payload: 'Bw==' }),
		]);
	});
});
