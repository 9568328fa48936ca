import type { JsonObject } from '../../../../simulator/encoding/json';
import type { PublishedEvent } from '../../../../simulator';
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

// A codec whose behaviour the payload picks: 0xEE throws, 0xAA warns, 0xBB is a normalized
// measurement (air temperature, too cold in the second measurement); downlinks likewise.
const scriptedCodec = `function decodeUplink(input) {
	if (input.bytes[0] === 0xee) throw new Error('cannot decode');
	if (input.bytes[0] === 0xaa) return { data: { first: 0xaa }, warnings: ['low battery'] };
	return { data: { t: input.bytes[1] } };
}
function normalizeUplink(input) {
	if (input.data.t === undefined) return { data: null };
	return { data: [{ air: { temperature: input.data.t } }, { air: { temperature: -300 } }] };
}
function encodeDownlink(input) {
	if (input.data.fail) return { errors: ['no such command'] };
	return { bytes: [1], fPort: 3, warnings: input.data.warn ? ['slow'] : [] };
}
function decodeDownlink(input) {
	return { data: { first: input.bytes[0] } };
}`;

describe('Application Server: which payload formatter runs, and what it reports', () => {
	let sim: Simulator;
	let key: string;
	let events: PublishedEvent[] = [];
	const eventsNamed = (prefix: string) =>
		events.filter((event) => event.name.startsWith(prefix)).map((event) => event.event);

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
					{
						applicationId: 'app1',
						deviceId: 'scripted',
						joined: true,
						formatters: {
							up_formatter: 'FORMATTER_JAVASCRIPT',
							up_formatter_parameter: scriptedCodec,
							down_formatter: 'FORMATTER_JAVASCRIPT',
							down_formatter_parameter: scriptedCodec,
						},
					},
					{
						applicationId: 'app1',
						deviceId: 'grpc-service',
						joined: true,
						formatters: {
							up_formatter: 'FORMATTER_GRPC_SERVICE',
							up_formatter_parameter: 'formatter.example.com:8080',
						},
					},
					{
						applicationId: 'app1',
						deviceId: 'repository',
						joined: true,
						formatters: { up_formatter: 'FORMATTER_REPOSITORY' },
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
	beforeEach(() => {
		events = [];
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

	it('does not decode FPort 0 (MAC commands only)', () => {
		const forwarded = sim.sendUplink({
			applicationId: 'app1',
			deviceId: 'uses-default',
			fPort: 0,
			payload: Buffer.from([1]),
		});
		expect((forwarded.uplink_message as JsonObject).decoded_payload).toBeUndefined();
	});

	it('publishes as.up.data.decode.fail with the error and forwards the uplink undecoded', () => {
		expect(uplink('scripted', [0xee])).toBeUndefined();
		const [failure] = eventsNamed('as.up.data.decode.fail');
		expect(failure.data).toMatchObject({
			'@type': 'type.googleapis.com/ttn.lorawan.v3.ErrorDetails',
			namespace: 'pkg/scripting/javascript',
			name: 'script',
			attributes: {
				message: expect.stringMatching(/^Error: cannot decode at decodeUplink \(<eval>:3:/),
			},
		});
		expect(eventsNamed('as.up.data.forward')).toHaveLength(1);
	});

	it('publishes decoder warnings in the uplink and as.up.data.decode.warning', () => {
		sim.sendUplink({
			applicationId: 'app1',
			deviceId: 'scripted',
			fPort: 1,
			payload: Buffer.from([0xaa]),
		});
		const [warning] = eventsNamed('as.up.data.decode.warning');
		expect(warning.data).toMatchObject({
			'@type': 'type.googleapis.com/ttn.lorawan.v3.ApplicationUplink',
			decoded_payload: { first: 0xaa },
			decoded_payload_warnings: ['low battery'],
		});
	});

	it('forwards each normalized measurement as as.up.normalized.forward, with normalize warnings', () => {
		const forwarded = sim.sendUplink({
			applicationId: 'app1',
			deviceId: 'scripted',
			fPort: 1,
			payload: Buffer.from([0xbb, 21]),
		});
		expect(forwarded.uplink_message).toMatchObject({
			decoded_payload: { t: 21 },
			normalized_payload: [{ air: { temperature: 21 } }],
			normalized_payload_warnings: [
				'measurement 2: `air.temperature` should be equal or greater than `-273.15`',
			],
		});
		const normalized = eventsNamed('as.up.normalized.forward');
		expect(normalized).toHaveLength(1);
		expect(normalized[0].data).toMatchObject({
			'@type': 'type.googleapis.com/ttn.lorawan.v3.ApplicationUp',
			uplink_normalized: { f_port: 1, normalized_payload: { air: { temperature: 21 } } },
		});
		expect(eventsNamed('as.up.data.normalize.warning')).toHaveLength(1);
	});

	it('fails to decode with formatters the Application Server lacks: gRPC service, repository without version IDs', () => {
		expect(uplink('grpc-service', [1])).toBeUndefined();
		expect(uplink('repository', [1])).toBeUndefined();
		expect(
			eventsNamed('as.up.data.decode.fail').map((event) => [
				(event.data as JsonObject).name,
				(event.data as JsonObject).attributes,
			]),
		).toEqual([
			['formatter_not_configured', { formatter: 'FORMATTER_GRPC_SERVICE' }],
			['no_version_identifiers', undefined],
		]);
	});

	it('fails a push whose encoder fails, with the error and as.down.data.encode.fail, queuing nothing', async () => {
		const pushed = await push('scripted', { decoded_payload: { fail: true } });
		expect(pushed.status).toBe(409);
		expect(errorName(pushed)).toBe('pkg/messageprocessors/javascript:output_errors');
		expect(pushed.body.message).toBe(
			'error:pkg/messageprocessors/javascript:output_errors (no such command)',
		);
		expect(eventsNamed('as.down.data.encode.fail')).toHaveLength(1);
		expect(eventsNamed('as.down.data.receive')).toEqual([]);
		expect(sim.downlinkQueue('app1', 'scripted')).toEqual([]);
	});

	it('publishes encoder warnings as as.down.data.encode.warning', async () => {
		expect((await push('scripted', { decoded_payload: { warn: true } })).status).toBe(200);
		const [warning] = eventsNamed('as.down.data.encode.warning');
		expect(warning.data).toMatchObject({
			f_port: 3,
			frm_payload: 'AQ==',
			decoded_payload: { warn: true },
			decoded_payload_warnings: ['slow'],
		});
	});

	it('adds the device version IDs to radio uplinks, after the formatter ran (handleUplink)', async () => {
		const versionIds = {
			brand_id: 'acme',
			model_id: 'meter',
			firmware_version: '1.0',
			band_id: 'EU_863_870',
		};
		const device = sim.state().applicationServer.devices.get('app1.repository') as JsonObject;
		device.version_ids = versionIds;
		const radio = sim.sendUplink({ applicationId: 'app1', deviceId: 'repository', fPort: 1 });
		expect((radio.uplink_message as JsonObject).version_ids).toEqual(versionIds);
		// With version IDs the Device Repository formatter asks the repository, which has no acme.
		expect(
			eventsNamed('as.up.data.decode.fail').map((event) => (event.data as JsonObject).name),
		).toEqual(['brand_not_found']);
		const simulated = await api(
			sim,
			'POST',
			'/as/applications/app1/devices/repository/up/simulate',
			{
				key,
				body: {
					uplink_message: {
						f_port: 1,
						frm_payload: 'AQ==',
						settings: { data_rate: { lora: { bandwidth: 125000, spreading_factor: 7 } } },
					},
				},
			},
		);
		expect(simulated.status).toBe(200);
		await new Promise((resolve) => setImmediate(resolve));
		const [forwarded] = eventsNamed('as.up.data.forward').slice(-1);
		expect((forwarded.data as JsonObject).simulated).toBe(true);
		expect(
			((forwarded.data as JsonObject).uplink_message as JsonObject).version_ids,
		).toBeUndefined();
		delete device.version_ids;
	});
});
