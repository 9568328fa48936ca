import type { Simulator } from '../../../../../simulator';
import { startSimulator } from '../../../../../simulator';
import { byId, outputJson, requestsOf, runNode } from '../simulatorRun';

describe('Application → Update', () => {
	let sim: Simulator;
	let key: string;

	beforeEach(async () => {
		sim = await startSimulator({
			seed: {
				applications: [
					{
						applicationId: 'app-a',
						name: 'A',
						description: 'keep me',
						owner: { userId: 'alice' },
						networkServerAddress: 'old.example.com',
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

	it('changes only the given fields and can unpin a server address', async () => {
		const run = await runNode(sim, key, {
			resource: 'application',
			operation: 'update',
			applicationId: byId('app-a'),
			updateFields: {
				name: 'Renamed',
				attributes: { attribute: [{ name: 'tier', value: 'gold' }] },
				networkServerAddress: '',
			},
		});
		expect(run.error).toBeUndefined();
		const stored = sim.state().identity.applications.get('app-a')!.entity;
		expect(stored).toMatchObject({
			name: 'Renamed',
			description: 'keep me',
			attributes: { tier: 'gold' },
		});
		expect(stored.network_server_address ?? '').toBe('');
		const body = sim.requestLog()[0].body as { field_mask: { paths: string[] } };
		expect(body.field_mask.paths.sort()).toEqual(['attributes', 'name', 'network_server_address']);
		expect(outputJson(run)[0]).toMatchObject({ ids: { application_id: 'app-a' }, name: 'Renamed' });
	});

	it('refuses an empty update before sending anything', async () => {
		const run = await runNode(sim, key, {
			resource: 'application',
			operation: 'update',
			applicationId: byId('app-a'),
		});
		expect(run.error?.name).toBe('NodeOperationError');
		expect(run.error?.message).toBe('Update Fields is empty [item 0]');
		expect(requestsOf(sim)).toEqual([]);
	});
});
