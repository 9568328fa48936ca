import type { Simulator } from '../../../../../simulator';
import { startSimulator } from '../../../../../simulator';
import { byId, outputJson, pairedItems, runNode } from '../simulatorRun';

describe('Gateway → Delete and Restore', () => {
	let sim: Simulator;
	let key: string;

	beforeEach(async () => {
		sim = await startSimulator({
			seed: {
				gateways: [
					{ gatewayId: 'gw-one', eui: 'B827EBFFFE000001', owner: { userId: 'alice' } },
					{ gatewayId: 'gw-two', owner: { userId: 'alice' } },
				],
			},
		});
		key = sim.createUserKey('alice').key;
	});

	afterEach(async () => {
		expect(sim.contractViolations()).toEqual([]);
		await sim.close();
	});

	it('deletes each item’s gateway, and restores it', async () => {
		const deleted = await runNode(
			sim,
			key,
			{ resource: 'gateway', operation: 'deleteGateway', gatewayId: byId('={{ $json.id }}') },
			{ items: [{ id: 'gw-one' }, { id: 'gw-two' }] },
		);
		expect(outputJson(deleted)).toEqual([
			{ gateway_id: 'gw-one', deleted: true },
			{ gateway_id: 'gw-two', deleted: true },
		]);
		expect(pairedItems(deleted)).toEqual([0, 1]);
		expect(sim.state().identity.gateways.get('gw-one')?.deletedAt).toBeDefined();

		const restored = await runNode(sim, key, {
			resource: 'gateway',
			operation: 'restore',
			gatewayId: byId('gw-one'),
		});
		expect(outputJson(restored)).toEqual([{ gateway_id: 'gw-one', restored: true }]);
		expect(sim.state().identity.gateways.get('gw-one')?.deletedAt).toBeUndefined();
		expect(sim.state().identity.gateways.get('gw-two')?.deletedAt).toBeDefined();
	});

	it('reports restoring a gateway that is not deleted as an API error', async () => {
		const run = await runNode(sim, key, {
			resource: 'gateway',
			operation: 'restore',
			gatewayId: byId('gw-two'),
		});
		expect(run.error?.name).toBe('NodeApiError');
		expect(run.error?.message).toMatch(/gw-two/);
	});
});
