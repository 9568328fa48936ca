import type { Simulator } from '../../../../../simulator';
import { startSimulator } from '../../../../../simulator';
import { byId, outputJson, pairedItems, requestsOf, runNode } from '../simulatorRun';

const device = { applicationId: byId('farm'), deviceId: byId('valve-1') };

describe('Downlink → Replace, List and Clear', () => {
	let sim: Simulator;
	let key: string;

	beforeEach(async () => {
		sim = await startSimulator({
			seed: {
				applications: [{ applicationId: 'farm', owner: { userId: 'alice' } }],
				devices: [
					{ applicationId: 'farm', deviceId: 'valve-1', activation: 'abp' },
					{ applicationId: 'farm', deviceId: 'new-valve' },
				],
			},
		});
		key = sim.createUserKey('alice').key;
		await runNode(sim, key, {
			resource: 'downlink',
			operation: 'push',
			...device,
			downlinkInput: 'json',
			downlinksJson: '[{"f_port": 1, "frm_payload": "AQ=="}, {"f_port": 2, "frm_payload": "Ag=="}]',
		});
		sim.clearRequestLog();
	});

	afterEach(async () => {
		expect(sim.contractViolations()).toEqual([]);
		await sim.close();
	});

	it('lists the queue, oldest first, with hex payloads', async () => {
		const run = await runNode(sim, key, { resource: 'downlink', operation: 'list', ...device });
		expect(run.error).toBeUndefined();
		const [listed] = outputJson(run);
		expect(listed).toMatchObject({ application_id: 'farm', device_id: 'valve-1', count: 2 });
		expect(listed.downlinks).toEqual([
			expect.objectContaining({
				f_port: 1,
				frm_payload: 'AQ==',
				frm_payload_hex: '01',
				f_cnt: expect.any(Number),
			}),
			expect.objectContaining({ f_port: 2, frm_payload_hex: '02' }),
		]);
		expect(requestsOf(sim)).toEqual(['GET /api/v3/as/applications/farm/devices/valve-1/down']);
	});

	it('replaces the queue with new downlinks', async () => {
		const run = await runNode(sim, key, {
			resource: 'downlink',
			operation: 'replace',
			...device,
			fPort: 9,
			payloadFormat: 'base64',
			payload: 'CQk=',
		});
		expect(run.error).toBeUndefined();
		expect(outputJson(run)[0].downlinks).toEqual([
			{ f_port: 9, frm_payload: 'CQk=', frm_payload_hex: '0909', priority: 'NORMAL' },
		]);
		expect(sim.downlinkQueue('farm', 'valve-1').map((downlink) => downlink.f_port)).toEqual([9]);
		expect(requestsOf(sim)).toEqual([
			'POST /api/v3/as/applications/farm/devices/valve-1/down/replace',
		]);
	});

	it('clears the queue of each item’s device', async () => {
		const run = await runNode(
			sim,
			key,
			{
				resource: 'downlink',
				operation: 'clear',
				applicationId: byId('farm'),
				deviceId: byId('={{ $json.id }}'),
			},
			{ items: [{ id: 'valve-1' }] },
		);
		expect(outputJson(run)).toEqual([
			{ application_id: 'farm', device_id: 'valve-1', cleared: true },
		]);
		expect(pairedItems(run)).toEqual([0]);
		expect(sim.downlinkQueue('farm', 'valve-1')).toEqual([]);
		expect(sim.requestLog()[0].body).toEqual({ downlinks: [] });
	});

	it('says the device has not joined yet when clearing or listing fails for lack of a session', async () => {
		const run = await runNode(sim, key, {
			resource: 'downlink',
			operation: 'clear',
			applicationId: byId('farm'),
			deviceId: byId('new-valve'),
		});
		expect(run.error?.name).toBe('NodeApiError');
		expect(run.error?.message).toMatch(/^Device "new-valve" has not joined yet/);
	});

	it('reports a device the Application Server does not know', async () => {
		const run = await runNode(sim, key, {
			resource: 'downlink',
			operation: 'list',
			applicationId: byId('farm'),
			deviceId: byId('ghost'),
		});
		expect(run.error?.name).toBe('NodeApiError');
		expect(run.error?.message).toBe(
			'Device "ghost" is not registered on the Application Server [item 0]',
		);
	});
});
