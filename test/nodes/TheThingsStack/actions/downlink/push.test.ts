import type { IDataObject } from 'n8n-workflow';

import type { Simulator } from '../../../../../simulator';
import { startSimulator } from '../../../../../simulator';
import { byId, outputJson, pairedItems, requestsOf, runNode } from '../simulatorRun';

const push = (parameters: Record<string, unknown>) => ({
	resource: 'downlink',
	operation: 'push',
	applicationId: byId('farm'),
	deviceId: byId('valve-1'),
	...parameters,
});

// The valve's encoder chooses the FPort, as in tts-api.md §5.
const valveEncoder = `function encodeDownlink(input) {
	return { bytes: [input.data.valve === 'open' ? 1 : 0], fPort: 15 };
}`;

describe('Downlink → Push', () => {
	let sim: Simulator;
	let key: string;

	beforeEach(async () => {
		sim = await startSimulator({
			seed: {
				applications: [{ applicationId: 'farm', owner: { userId: 'alice' } }],
				devices: [
					{ applicationId: 'farm', deviceId: 'valve-1', joined: true },
					{
						applicationId: 'farm',
						deviceId: 'valve-2',
						joined: true,
						formatters: {
							down_formatter: 'FORMATTER_JAVASCRIPT',
							down_formatter_parameter: valveEncoder,
						},
					},
					{ applicationId: 'farm', deviceId: 'new-valve' },
				],
			},
		});
		key = sim.createUserKey('alice').key;
	});

	afterEach(async () => {
		expect(sim.contractViolations()).toEqual([]);
		await sim.close();
	});

	it('queues a hex payload with FPort, confirmation and priority', async () => {
		const run = await runNode(
			sim,
			key,
			push({
				fPort: 15,
				payloadFormat: 'hex',
				payload: '01 FF',
				confirmed: true,
				downlinkOptions: { retryAttempts: 3, priority: 'HIGH', correlationIds: 'order:42' },
			}),
		);
		expect(run.error).toBeUndefined();
		expect(outputJson(run)).toEqual([
			{
				application_id: 'farm',
				device_id: 'valve-1',
				downlinks: [
					{
						f_port: 15,
						frm_payload: 'Af8=',
						frm_payload_hex: '01FF',
						priority: 'HIGH',
						confirmed: true,
						confirmed_retry: { max_attempts: 3 },
						correlation_ids: ['order:42'],
					},
				],
			},
		]);
		expect(pairedItems(run)).toEqual([0]);
		expect(sim.downlinkQueue('farm', 'valve-1')).toEqual([
			expect.objectContaining({
				f_port: 15,
				frm_payload: 'Af8=',
				confirmed: true,
				priority: 'HIGH',
			}),
		]);
		expect(requestsOf(sim)).toEqual([
			'POST /api/v3/as/applications/farm/devices/valve-1/down/push',
		]);
	});

	it('appends to what is queued, one push per item, and sends JSON for the payload formatter', async () => {
		const run = await runNode(
			sim,
			key,
			push({
				deviceId: byId('valve-2'),
				payloadFormat: 'json',
				decodedPayload: '={{ JSON.stringify({ valve: $json.state }) }}',
			}),
			{ items: [{ state: 'open' }, { state: 'closed' }] },
		);
		expect(run.error).toBeUndefined();
		expect(pairedItems(run)).toEqual([0, 1]);
		expect(
			run.items.map((item) => (item.json.downlinks as IDataObject[])[0].decoded_payload),
		).toEqual([{ valve: 'open' }, { valve: 'closed' }]);
		// The device's encoder made the bytes, and its FPort replaced the FPort of the request.
		expect(
			sim
				.downlinkQueue('farm', 'valve-2')
				.map((downlink) => [downlink.f_port, downlink.frm_payload]),
		).toEqual([
			[15, 'AQ=='],
			[15, 'AA=='],
		]);
	});

	it('queues a JSON payload without FPort on the FPort the device’s encoder returns', async () => {
		const list = await runNode(
			sim,
			key,
			push({
				deviceId: byId('valve-2'),
				downlinkInput: 'json',
				downlinksJson: '[{"decoded_payload": {"valve": "open"}}]',
			}),
		);
		expect(list.error).toBeUndefined();
		expect(outputJson(list)[0].downlinks).toEqual([
			{ decoded_payload: { valve: 'open' }, priority: 'NORMAL' },
		]);
		const fields = await runNode(
			sim,
			key,
			push({
				deviceId: byId('valve-2'),
				fPort: '',
				payloadFormat: 'json',
				decodedPayload: '{"valve": "closed"}',
			}),
		);
		expect(fields.error).toBeUndefined();
		expect(
			sim
				.downlinkQueue('farm', 'valve-2')
				.map((downlink) => [downlink.f_port, downlink.frm_payload]),
		).toEqual([
			[15, 'AQ=='],
			[15, 'AA=='],
		]);
		// The first push went without FPort: the encoder chose it.
		expect(sim.requestLog()[0].body).toEqual({
			downlinks: [{ decoded_payload: { valve: 'open' }, priority: 'NORMAL' }],
		});
	});

	it('explains the no_f_port of a JSON payload without FPort for a device without an encoder', async () => {
		const run = await runNode(
			sim,
			key,
			push({ downlinkInput: 'json', downlinksJson: '[{"decoded_payload": {"valve": "open"}}]' }),
		);
		expect(run.error?.name).toBe('NodeApiError');
		expect(run.error?.message).toBe(
			'Downlink to device "valve-1" has no FPort, and no payload formatter gave one [item 0]',
		);
		expect((run.error as { description?: string }).description).toMatch(/no_f_port/);
		expect(sim.downlinkQueue('farm', 'valve-1')).toEqual([]);
	});

	it('queues several downlinks from a JSON list', async () => {
		const run = await runNode(
			sim,
			key,
			push({
				downlinkInput: 'json',
				downlinksJson: JSON.stringify([
					{ f_port: 1, frm_payload: 'AQ==' },
					{
						f_port: 2,
						frm_payload: 'Ag==',
						priority: 'low',
						class_b_c: { absolute_time: '2030-01-01T00:00:00Z' },
					},
				]),
			}),
		);
		expect(run.error).toBeUndefined();
		expect(
			sim.downlinkQueue('farm', 'valve-1').map((downlink) => [downlink.f_port, downlink.priority]),
		).toEqual([
			[1, 'NORMAL'],
			[2, 'LOW'],
		]);
		expect(outputJson(run)[0].downlinks).toHaveLength(2);
	});

	it('says the device has not joined yet when it has no session', async () => {
		const run = await runNode(sim, key, push({ deviceId: byId('new-valve'), payload: '01' }));
		expect(run.error?.name).toBe('NodeApiError');
		expect(run.error?.message).toBe(
			'Device "new-valve" has not joined yet: it has no session to queue downlinks on [item 0]',
		);
		expect((run.error as { description?: string }).description).toMatch(/no_device_session/);
	});

	it('refuses bad FPorts and payloads of any item before pushing anything', async () => {
		const cases: Array<[Record<string, unknown>, RegExp]> = [
			[{ fPort: 224, payload: '01' }, /^FPort 224 is reserved/],
			[{ fPort: 0, payload: '01' }, /^FPort 0 is out of range: use 1–255/],
			[{ payload: '0G' }, /^Payload "0G" is not hexadecimal/],
			[{ payloadFormat: 'base64', payload: '***' }, /^Payload "\*\*\*" is not base64/],
			[{ payload: '' }, /^Payload is empty/],
			[
				{ payloadFormat: 'json', decodedPayload: '[1, 2]' },
				/^Decoded Payload must be a JSON object/,
			],
			[
				{ payload: '01', downlinkOptions: { classBcGateways: 'Gateway One' } },
				/^Class B\/C gateway: Gateway ID "Gateway One"/,
			],
			[
				{ downlinkInput: 'json', downlinksJson: '[{"f_port": 1}]' },
				/^give frm_payload \(base64 bytes\) or decoded_payload/,
			],
		];
		for (const [parameters, message] of cases) {
			const run = await runNode(
				sim,
				key,
				push({ payload: '={{ $json.payload }}', ...parameters }),
				{
					items: [{ payload: '01' }],
				},
			);
			expect(run.error?.name).toBe('NodeOperationError');
			expect(run.error?.message).toMatch(message);
			expect(run.error?.message).toMatch(/\[item 0\]$/);
		}
		const secondItemBad = await runNode(
			sim,
			key,
			push({ fPort: '={{ $json.port }}', payload: '01' }),
			{
				items: [{ port: 1 }, { port: 224 }],
			},
		);
		expect(secondItemBad.error?.message).toMatch(/^FPort 224 is reserved.*\[item 1\]$/);
		expect(requestsOf(sim)).toEqual([]);
		expect(sim.downlinkQueue('farm', 'valve-1')).toEqual([]);
	});

	it('keeps the other items going with Continue On Fail', async () => {
		const run = await runNode(
			sim,
			key,
			push({ deviceId: byId('={{ $json.device }}'), payload: '01' }),
			{ items: [{ device: 'new-valve' }, { device: 'valve-1' }], onError: 'continueRegularOutput' },
		);
		const [failed, queued] = outputJson(run);
		expect(failed).toMatchObject({
			error: expect.stringMatching(/has not joined yet/),
			details: { ttsError: 'pkg/applicationserver:no_device_session' },
		});
		expect(queued).toMatchObject({ device_id: 'valve-1' });
		expect(pairedItems(run)).toEqual([0, 1]);
		expect(sim.downlinkQueue('farm', 'valve-1')).toHaveLength(1);
	});
});
