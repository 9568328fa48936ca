import type { Simulator } from '../../../../../simulator';
import { startSimulator } from '../../../../../simulator';
import { byId, outputJson, pairedItems, requestsOf, runNode } from '../simulatorRun';

describe('Gateway → Get', () => {
	let sim: Simulator;
	let key: string;

	beforeEach(async () => {
		sim = await startSimulator({
			seed: {
				gateways: [
					{ gatewayId: 'gw-one', eui: 'B827EBFFFE000001', name: 'One', owner: { userId: 'alice' } },
					{ gatewayId: 'gw-two', name: 'Two', owner: { userId: 'alice' } },
				],
			},
		});
		key = sim.createUserKey('alice').key;
	});

	afterEach(async () => {
		expect(sim.contractViolations()).toEqual([]);
		await sim.close();
	});

	it('reads the chosen fields of each item’s gateway', async () => {
		const run = await runNode(
			sim,
			key,
			{
				resource: 'gateway',
				operation: 'get',
				gatewayId: byId('={{ $json.gateway }}'),
				fields: ['name', 'frequency_plan_ids'],
			},
			{ items: [{ gateway: 'gw-one' }, { gateway: 'gw-two' }] },
		);
		expect(run.error).toBeUndefined();
		expect(outputJson(run)).toEqual([
			expect.objectContaining({
				ids: { gateway_id: 'gw-one', eui: 'B827EBFFFE000001' },
				name: 'One',
				frequency_plan_ids: ['EU_863_870_TTN'],
			}),
			expect.objectContaining({ ids: { gateway_id: 'gw-two' }, name: 'Two' }),
		]);
		expect(outputJson(run)[0]).not.toHaveProperty('gateway_server_address');
		expect(pairedItems(run)).toEqual([0, 1]);
		expect(sim.requestLog()[0].query.field_mask).toEqual(['name,frequency_plan_ids']);
	});

	it('keeps going past a missing gateway with Continue On Fail', async () => {
		const run = await runNode(
			sim,
			key,
			{ resource: 'gateway', operation: 'get', gatewayId: byId('={{ $json.gateway }}') },
			{ items: [{ gateway: 'gw-nope' }, { gateway: 'gw-two' }], onError: 'continueRegularOutput' },
		);
		const [missing, found] = outputJson(run);
		expect(missing.error).toMatch(/\[item 0\]$/);
		expect(missing.details).toMatchObject({ httpCode: expect.stringMatching(/^40[34]$/) });
		expect(found).toMatchObject({ ids: { gateway_id: 'gw-two' } });
		expect(pairedItems(run)).toEqual([0, 1]);
	});

	it('refuses an invalid ID before any request', async () => {
		const run = await runNode(sim, key, {
			resource: 'gateway',
			operation: 'get',
			gatewayId: byId('={{ "GW 1" }}'),
		});
		expect(run.error?.name).toBe('NodeOperationError');
		expect(run.error?.message).toMatch(/^Gateway ID "GW 1" is not valid.*\[item 0\]$/);
		expect(requestsOf(sim)).toEqual([]);
	});
});
