import type { Simulator } from '../../../../../simulator';
import { startSimulator } from '../../../../../simulator';
import { byId, outputJson, pairedItems, requestsOf, runNode } from '../simulatorRun';

describe('Gateway → Get Connection Stats', () => {
	let sim: Simulator;
	let key: string;

	beforeEach(async () => {
		sim = await startSimulator({
			identityServerPort: 0,
			seed: {
				gateways: [
					{ gatewayId: 'gw-online', owner: { userId: 'alice' }, connected: true },
					{ gatewayId: 'gw-offline', owner: { userId: 'alice' } },
				],
			},
		});
		key = sim.createUserKey('alice').key;
	});

	afterEach(async () => {
		expect(sim.contractViolations()).toEqual([]);
		await sim.close();
	});

	it('reports a connected gateway with its stats and an offline one as not connected, from the cluster', async () => {
		const run = await runNode(
			sim,
			key,
			{ resource: 'gateway', operation: 'getConnectionStats', gatewayId: byId('={{ $json.id }}') },
			{
				items: [{ id: 'gw-online' }, { id: 'gw-offline' }],
				credentials: { identityServerAddress: sim.identityServerUrl },
			},
		);
		expect(run.error).toBeUndefined();
		const [online, offline] = outputJson(run);
		expect(online).toMatchObject({ gateway_id: 'gw-online', connected: true, protocol: 'udp' });
		expect(online.connected_at).toEqual(expect.any(String));
		expect(offline).toEqual({ gateway_id: 'gw-offline', connected: false });
		expect(pairedItems(run)).toEqual([0, 1]);
		expect(sim.requestLog().map((entry) => entry.host)).toEqual(['cluster', 'cluster']);
	});

	it('reports a disconnect between two runs', async () => {
		const parameters = {
			resource: 'gateway',
			operation: 'getConnectionStats',
			gatewayId: byId('gw-online'),
		};
		const credentials = { identityServerAddress: sim.identityServerUrl };
		expect(outputJson(await runNode(sim, key, parameters, { credentials }))[0].connected).toBe(
			true,
		);
		sim.disconnectGateway('gw-online');
		expect(outputJson(await runNode(sim, key, parameters, { credentials }))[0]).toEqual({
			gateway_id: 'gw-online',
			connected: false,
		});
	});

	it('still fails on other errors, such as missing rights', async () => {
		const otherKey = sim.createUserKey('mallory').key;
		const run = await runNode(
			sim,
			otherKey,
			{ resource: 'gateway', operation: 'getConnectionStats', gatewayId: byId('gw-online') },
			{ credentials: { identityServerAddress: sim.identityServerUrl } },
		);
		expect(run.error?.name).toBe('NodeApiError');
		expect(requestsOf(sim)).toEqual(['GET /api/v3/gs/gateways/gw-online/connection/stats']);
	});
});
