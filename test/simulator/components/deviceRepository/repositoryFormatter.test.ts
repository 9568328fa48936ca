import type { JsonObject } from '../../../../simulator/encoding/json';
import type { PublishedEvent } from '../../../../simulator';
import { startSimulator, Simulator } from '../../../../simulator';
import { api, errorName } from '../../helpers';

// pkg/messageprocessors/devicerepository/devicerepository.go: FORMATTER_REPOSITORY asks the
// Device Repository for the codec of the device's version IDs and runs it
// (pkg/applicationserver/payload.go decodeUplink, encodeDownlink, decodeDownlink).
const gnse = {
	brand_id: 'the-things-industries',
	model_id: 'generic-node-sensor-edition',
	hardware_version: '1.1',
	firmware_version: '1.0',
	band_id: 'EU_863_870',
};
const lht65 = {
	brand_id: 'dragino',
	model_id: 'lht65',
	firmware_version: '1.8',
	band_id: 'EU_863_870',
};
const repositoryFormatters = {
	up_formatter: 'FORMATTER_REPOSITORY',
	down_formatter: 'FORMATTER_REPOSITORY',
};

describe('Application Server with FORMATTER_REPOSITORY', () => {
	let sim: Simulator;
	let key: string;
	let events: PublishedEvent[] = [];
	const eventsNamed = (name: string) =>
		events.filter((event) => event.name === name).map((event) => event.event.data as JsonObject);

	beforeAll(async () => {
		sim = await startSimulator({
			seed: {
				applications: [{ applicationId: 'app1' }],
				devices: ['gnse', 'lht65'].map((deviceId) => ({
					applicationId: 'app1',
					deviceId,
					joined: true,
				})),
			},
		});
		key = sim.createApiKey({
			owner: { application: 'app1' },
			rights: ['RIGHT_APPLICATION_ALL'],
		}).key;
		for (const [deviceId, versionIds] of [
			['gnse', gnse],
			['lht65', lht65],
		] as const) {
			const set = await api(sim, 'PUT', `/as/applications/app1/devices/${deviceId}`, {
				key,
				body: {
					end_device: {
						ids: { device_id: deviceId, application_ids: { application_id: 'app1' } },
						version_ids: versionIds,
						formatters: repositoryFormatters,
					},
					field_mask: { paths: ['version_ids', 'formatters'] },
				},
			});
			expect(set.status).toBe(200);
		}
		sim.events.onPublish((event) => events.push(event));
	});
	beforeEach(() => {
		events = [];
	});
	afterAll(async () => {
		expect(sim.contractViolations()).toEqual([]);
		await sim.close();
	});

	const uplink = (deviceId: string, fPort: number, payload: number[]) =>
		sim.sendUplink({ applicationId: 'app1', deviceId, fPort, payload: Buffer.from(payload) })
			.uplink_message as JsonObject;

	it('decodes an uplink with the model’s decoder, and normalizes it with its normalizeUplink', () => {
		const message = uplink('gnse', 1, [0x00, 0xe4, 0x5b, 0x0c, 0xf0, 0x01]);
		expect(message.decoded_payload).toEqual({
			temperature: 22.8,
			humidity: 45.5,
			battery_voltage: 3.312,
			button_pressed: true,
		});
		expect(message.normalized_payload).toEqual([
			{ air: { temperature: 22.8, relativeHumidity: 45.5 } },
		]);
		expect(message.version_ids).toEqual(gnse);
	});

	it('reports the codec’s warnings and errors as for any JavaScript formatter', () => {
		const low = uplink('gnse', 1, [0xff, 0xc9, 0x64, 0x08, 0x34, 0x00]);
		expect(low.decoded_payload_warnings).toEqual(['battery low']);
		expect(uplink('gnse', 3, [0])).not.toHaveProperty('decoded_payload');
		expect(eventsNamed('as.up.data.decode.fail')).toEqual([
			expect.objectContaining({
				namespace: 'pkg/messageprocessors/javascript',
				name: 'output_errors',
				attributes: { errors: 'unknown FPort 3' },
			}),
		]);
	});

	it('encodes a JSON downlink with the model’s encoder and shows the queue decoded', async () => {
		const pushed = await api(sim, 'POST', '/as/applications/app1/devices/gnse/down/push', {
			key,
			body: { downlinks: [{ decoded_payload: { interval_minutes: 15 } }] },
		});
		expect(pushed.status).toBe(200);
		expect(sim.downlinkQueue('app1', 'gnse')).toEqual([
			expect.objectContaining({
				f_port: 2,
				frm_payload: Buffer.from([1, 0, 15]).toString('base64'),
			}),
		]);
		const listed = await api(sim, 'GET', '/as/applications/app1/devices/gnse/down', { key });
		expect(listed.body.downlinks[0].decoded_payload).toEqual({ interval_minutes: 15 });
	});

	it('fails a JSON downlink of a model without an encoder with the repository’s no_encoder', async () => {
		expect(
			uplink('lht65', 2, [0xcb, 0xea, 0x08, 0x56, 0x02, 0x28, 0x01, 0x08, 0x02, 0x7f, 0xff])
				.decoded_payload,
		).toEqual({
			battery_status: 3,
			battery_voltage: 3.05,
			temperature: 21.34,
			humidity: 55.2,
			external_temperature: 20.5,
		});
		const pushed = await api(sim, 'POST', '/as/applications/app1/devices/lht65/down/push', {
			key,
			body: { downlinks: [{ decoded_payload: { led: 'on' } }] },
		});
		expect(pushed.status).toBe(404);
		expect(errorName(pushed)).toBe('pkg/devicerepository/store/remote:no_encoder');
		expect(eventsNamed('as.down.data.encode.fail')).toHaveLength(1);
	});
});
