import type { JsonObject } from '../../../../simulator/encoding/json';
import { startSimulator, Simulator } from '../../../../simulator';
import { api, errorName } from '../../helpers';

// pkg/applicationserver/payload.go decodeUplink, encodeDownlink and decodeDownlink: the device's
// `formatters` object when it has one, the application's default_formatters only when it has none.
const defaultUplinkDecoder = `function decodeUplink(input) {
	return { data: { defaultDecoder: input.bytes } };
}`;
const defaultDownlinkEncoder = `function encodeDownlink(input) {
	return { bytes: [input.data.level], fPort: 9 };
}`;

describe('Application Server: device formatters or the application default', () => {
	let sim: Simulator;
	let key: string;

	beforeAll(async () => {
		sim = await startSimulator({
			seed: {
				applications: [
					{
						applicationId: 'app1',
						defaultFormatters: {
							up_formatter: 'FORMATTER_JAVASCRIPT',
							up_formatter_parameter: defaultUplinkDecoder,
							down_formatter: 'FORMATTER_JAVASCRIPT',
							down_formatter_parameter: defaultDownlinkEncoder,
						},
					},
				],
				devices: [
					{ applicationId: 'app1', deviceId: 'uses-default', joined: true },
					{
						applicationId: 'app1',
						deviceId: 'formatters-none',
						joined: true,
						formatters: { up_formatter: 'FORMATTER_NONE', down_formatter: 'FORMATTER_NONE' },
					},
					{
						applicationId: 'app1',
						deviceId: 'uplink-only',
						joined: true,
						formatters: { up_formatter: 'FORMATTER_CAYENNELPP' },
					},
					{
						applicationId: 'app1',
						deviceId: 'downlink-only',
						joined: true,
						formatters: { down_formatter: 'FORMATTER_CAYENNELPP' },
					},
				],
			},
		});
		key = sim.createApiKey({
			owner: { application: 'app1' },
			rights: ['RIGHT_APPLICATION_ALL'],
		}).key;
	});
	afterAll(async () => {
		expect(sim.contractViolations()).toEqual([]);
		await sim.close();
	});

	const uplink = (deviceId: string, payload: number[]) =>
		(
			sim.sendUplink({ applicationId: 'app1', deviceId, fPort: 1, payload: Buffer.from(payload) })
				.uplink_message as JsonObject
		).decoded_payload;

	const push = (deviceId: string, downlink: JsonObject) =>
		api(sim, 'POST', `/as/applications/app1/devices/${deviceId}/down/replace`, {
			key,
			body: { downlinks: [downlink] },
		});

	it('uses the application default in both directions for a device without formatters', async () => {
		expect(uplink('uses-default', [1, 2])).toEqual({ defaultDecoder: [1, 2] });
		expect((await push('uses-default', { decoded_payload: { level: 7 } })).status).toBe(200);
		expect(sim.downlinkQueue('app1', 'uses-default')).toEqual([
			expect.objectContaining({ f_port: 9, frm_payload: 'Bw==' }),
		]);
	});

	it('decodes and encodes nothing for a device whose formatters are FORMATTER_NONE', async () => {
		expect(uplink('formatters-none', [1, 2])).toBeUndefined();
		const pushed = await push('formatters-none', { decoded_payload: { level: 7 } });
		expect(errorName(pushed)).toBe('pkg/applicationserver:no_f_port');
		expect(
			(await push('formatters-none', { f_port: 3, decoded_payload: { level: 7 } })).status,
		).toBe(200);
		const [queued] = sim.downlinkQueue('app1', 'formatters-none');
		expect(queued.f_port).toBe(3);
		expect(queued.frm_payload ?? '').toBe('');
	});

	it('leaves the other direction without a formatter when the device sets only one', async () => {
		// Uplink only: the downlink formatter is FORMATTER_NONE, not the application default.
		expect(uplink('uplink-only', [0x01, 0x67, 0x01, 0x10])).toEqual({ temperature_1: 27.2 });
		expect(errorName(await push('uplink-only', { decoded_payload: { level: 7 } }))).toBe(
			'pkg/applicationserver:no_f_port',
		);
		// Downlink only: the uplink formatter is FORMATTER_NONE.
		expect(uplink('downlink-only', [1, 2])).toBeUndefined();
		expect(
			(await push('downlink-only', { f_port: 2, decoded_payload: { value_3: 1.5 } })).status,
		).toBe(200);
		expect(sim.downlinkQueue('app1', 'downlink-only')).toEqual([
			expect.objectContaining({
				f_port: 2,
				frm_payload: Buffer.from([3, 0, 150]).toString('base64'),
			}),
		]);
	});
});
