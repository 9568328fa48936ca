import type { Simulator } from '../../../../../simulator';
import { startSimulator } from '../../../../../simulator';
import { byId, outputJson, pairedItems, requestsOf, runNode } from '../simulatorRun';

const ids = (items: Array<Record<string, unknown>>) =>
	items.map((item) => (item.ids as { gateway_id: string }).gateway_id);

describe('Gateway → Get Many', () => {
	let sim: Simulator;
	let key: string;

	beforeEach(async () => {
		sim = await startSimulator({
			seed: {
				organizations: [{ organizationId: 'acme', members: { alice: ['RIGHT_ALL'] } }],
				gateways: [
					{ gatewayId: 'gw-a', owner: { userId: 'alice' } },
					{ gatewayId: 'gw-b', owner: { userId: 'alice' } },
					{ gatewayId: 'gw-c', owner: { organizationId: 'acme' } },
					{ gatewayId: 'gw-other', owner: { userId: 'bob' } },
				],
			},
		});
		key = sim.createUserKey('alice').key;
	});

	afterEach(async () => {
		expect(sim.contractViolations()).toEqual([]);
		await sim.close();
	});

	const getAll = (parameters: Record<string, unknown>) => ({
		resource: 'gateway',
		operation: 'getAll',
		...parameters,
	});

	it('lists every gateway the key can see, one item each, paired with the input item', async () => {
		const run = await runNode(sim, key, getAll({ returnAll: true }));
		expect(run.error).toBeUndefined();
		expect(ids(outputJson(run))).toEqual(['gw-a', 'gw-b', 'gw-c']);
		expect(pairedItems(run)).toEqual([0, 0, 0]);
	});

	it('stops at the limit, in the chosen order', async () => {
		const run = await runNode(
			sim,
			key,
			getAll({ returnAll: false, limit: 2, options: { order: '-gateway_id' } }),
		);
		expect(ids(outputJson(run))).toEqual(['gw-c', 'gw-b']);
		expect(sim.requestLog()[0].query).toMatchObject({ limit: ['2'], order: ['-gateway_id'] });
	});

	it('lists those of a user or an organization', async () => {
		const byUser = await runNode(
			sim,
			key,
			getAll({ returnAll: true, ownedBy: 'user', userId: byId('alice') }),
		);
		expect(ids(outputJson(byUser))).toEqual(['gw-a', 'gw-b']);
		const byOrganization = await runNode(
			sim,
			key,
			getAll({ returnAll: true, ownedBy: 'organization', organizationId: byId('acme') }),
		);
		expect(ids(outputJson(byOrganization))).toEqual(['gw-c']);
		expect(requestsOf(sim)).toEqual([
			'GET /api/v3/users/alice/gateways',
			'GET /api/v3/organizations/acme/gateways',
		]);
	});

	it('lists deleted gateways on request', async () => {
		await runNode(sim, key, {
			resource: 'gateway',
			operation: 'deleteGateway',
			gatewayId: byId('gw-b'),
		});
		const run = await runNode(sim, key, getAll({ returnAll: true, options: { deleted: true } }));
		expect(ids(outputJson(run))).toEqual(['gw-b']);
	});
});
