import type { IDataObject } from 'n8n-workflow';

import type { PublishedEvent, Simulator } from '../../../../../simulator';
import { startSimulator } from '../../../../../simulator';
import { byId, outputJson, pairedItems, requestsOf, runNode } from '../simulatorRun';

const simulate = (parameters: Record<string, unknown>) => ({
	resource: 'uplink',
	operation: 'simulate',
	applicationId: byId('farm'),
	deviceId: byId('soil-1'),
	fPort: 2,
	payloadFormat: 'hex',
	payload: '01 02',
	...parameters,
});

/** The uplink_message of the simulate request the node sent. */
function sentUplink(sim: Simulator): IDataObject {
	const entry = sim.requestLog().find((request) => request.path.endsWith('/up/simulate'));
	return (entry?.body as { uplink_message: IDataObject }).uplink_message;
}

describe('Uplink → Simulate', () => {
	let sim: Simulator;
	let key: string;

	beforeEach(async () => {
		sim = await startSimulator({
			seed: {
				applications: [
					{ applicationId: 'farm', owner: { userId: 'alice' } },
					{ applicationId: 'other', owner: { userId: 'bob' } },
				],
				devices: [
					{
						applicationId: 'farm',
						deviceId: 'soil-1',
						joined: true,
						formatters: {
							up_formatter: 'FORMATTER_JAVASCRIPT',
							up_formatter_parameter:
								'function decodeUplink(input) { return { data: { bytes: input.bytes } }; }',
						},
					},
					{
						applicationId: 'farm',
						deviceId: 'soil-us',
						frequencyPlanId: 'US_902_928_FSB_2',
						joined: true,
					},
				],
			},
		});
		key = sim.createUserKey('alice').key;
	});

	afterEach(async () => {
		expect(sim.contractViolations()).toEqual([]);
		await sim.close();
	});

	it('sends the uplink with the radio settings of the device’s band; the decoder sees it as simulated', async () => {
		const forwarded = new Promise<PublishedEvent>((resolve) => {
			const stop = sim.events.onPublish((event) => {
				if (event.name === 'as.up.data.forward') {
					stop();
					resolve(event);
				}
			});
		});
		const run = await runNode(sim, key, simulate({}));
		expect(run.error).toBeUndefined();
		expect(outputJson(run)).toEqual([
			{
				application_id: 'farm',
				device_id: 'soil-1',
				simulated: true,
				frequency_plan_id: 'EU_863_870_TTN',
				uplink_message: expect.objectContaining({
					f_port: 2,
					frm_payload: 'AQI=',
					frm_payload_hex: '0102',
				}),
			},
		]);
		expect(pairedItems(run)).toEqual([0]);
		expect(sentUplink(sim)).toEqual({
			f_port: 2,
			frm_payload: 'AQI=',
			rx_metadata: [
				{
					gateway_ids: { gateway_id: 'simulated-gateway' },
					rssi: -70,
					channel_rssi: -70,
					snr: 8.5,
				},
			],
			settings: {
				data_rate: { lora: { bandwidth: 125000, spreading_factor: 7, coding_rate: '4/5' } },
				frequency: '868100000',
			},
		});
		const event = (await forwarded).event.data as IDataObject;
		expect(event.simulated).toBe(true);
		expect((event.uplink_message as IDataObject).decoded_payload).toEqual({ bytes: [1, 2] });
	});

	it('picks the sub-band channel of a US device', async () => {
		const run = await runNode(sim, key, simulate({ deviceId: byId('soil-us') }));
		expect(outputJson(run)[0].frequency_plan_id).toBe('US_902_928_FSB_2');
		expect((sentUplink(sim).settings as IDataObject).frequency).toBe('903900000');
	});

	it('uses the given radio settings, in MHz or Hz, without reading the device', async () => {
		const run = await runNode(
			sim,
			key,
			simulate({
				payloadFormat: 'bytes',
				payload: '[7, 8, 255]',
				options: {
					frequency: 915.2,
					spreadingFactor: 10,
					bandwidth: 125000,
					rssi: -101,
					snr: -4.5,
					gatewayId: 'field-gateway',
					confirmed: true,
					fCnt: 42,
				},
			}),
		);
		expect(run.error).toBeUndefined();
		expect(sentUplink(sim)).toEqual({
			f_port: 2,
			frm_payload: 'Bwj/',
			confirmed: true,
			f_cnt: 42,
			rx_metadata: [
				{ gateway_ids: { gateway_id: 'field-gateway' }, rssi: -101, channel_rssi: -101, snr: -4.5 },
			],
			settings: {
				data_rate: { lora: { bandwidth: 125000, spreading_factor: 10, coding_rate: '4/5' } },
				frequency: '915200000',
			},
		});
		expect(requestsOf(sim)).toEqual([
			'POST /api/v3/as/applications/farm/devices/soil-1/up/simulate',
		]);
		expect(outputJson(run)[0]).not.toHaveProperty('note');
	});

	it('falls back to Europe 868 MHz, and says so, when the key cannot read the device', async () => {
		const trafficKey = sim.createApiKey({
			owner: { application: 'farm' },
			rights: ['RIGHT_APPLICATION_TRAFFIC_UP_WRITE'],
		});
		const run = await runNode(sim, trafficKey.key, simulate({ deviceId: byId('soil-us') }));
		expect(run.error).toBeUndefined();
		expect(outputJson(run)[0].note).toMatch(
			/^The device’s frequency plan could not be read \(.+\); the radio settings default to Europe 868 MHz$/,
		);
		expect((sentUplink(sim).settings as IDataObject).frequency).toBe('868100000');
	});

	it('refuses bad input before sending anything', async () => {
		const cases: Array<[Record<string, unknown>, RegExp]> = [
			[{ fPort: 224 }, /^FPort 224 is reserved/],
			[{ payload: 'xyz' }, /^Payload "xyz" is not hexadecimal/],
			[{ payload: '={{ "" }}' }, /^Payload is empty/],
			[
				{ payloadFormat: 'bytes', payload: '1, 300' },
				/^Payload byte 2 \("300"\) is not a number from 0 to 255/,
			],
			[{ options: { gatewayId: 'My Gateway' } }, /^Gateway ID "My Gateway" is not valid/],
			[{ options: { rssi: -500 } }, /^RSSI -500 is out of range: use -200 to 50/],
			[{ options: { frequency: 5 } }, /^Frequency 5 is out of range/],
		];
		for (const [parameters, message] of cases) {
			const run = await runNode(
				sim,
				key,
				simulate({ payload: '={{ $json.payload }}', ...parameters }),
				{
					items: [{ payload: '01' }],
				},
			);
			expect(run.error?.name).toBe('NodeOperationError');
			expect(run.error?.message).toMatch(message);
			expect(run.error?.message).toMatch(/\[item 0\]$/);
		}
		expect(requestsOf(sim)).toEqual([]);
	});

	it('reports missing rights as an API error and keeps other items going with Continue On Fail', async () => {
		const run = await runNode(
			sim,
			key,
			simulate({
				applicationId: byId('={{ $json.app }}'),
				options: { frequency: 868100000, spreadingFactor: 7, bandwidth: 125000 },
			}),
			{ items: [{ app: 'other' }, { app: 'farm' }], onError: 'continueRegularOutput' },
		);
		const [denied, sent] = outputJson(run);
		expect(denied).toMatchObject({
			error: expect.stringMatching(/\[item 0\]$/),
			details: { ttsError: 'pkg/auth/rights:no_application_rights', httpCode: '403' },
		});
		expect(sent).toMatchObject({ application_id: 'farm', simulated: true });
		expect(pairedItems(run)).toEqual([0, 1]);
	});
});
