import type { Simulator } from '../../../../../simulator';
import { startSimulator } from '../../../../../simulator';
import { byId, outputJson, pairedItems, requestsOf, runNode } from '../simulatorRun';

describe('Application → Get and Get Many', () => {
	let sim: Simulator;
	let key: string;

	beforeEach(async () => {
		sim = await startSimulator({
			seed: {
				organizations: [{ organizationId: 'acme', members: { alice: ['RIGHT_ALL'] } }],
				applications: [
					{
						applicationId: 'app-a',
						name: 'A',
						owner: { userId: 'alice' },
						attributes: { zone: 'north' },
					},
					{ applicationId: 'app-b', name: 'B', owner: { userId: 'alice' } },
					{ applicationId: 'app-c', name: 'C', owner: { organizationId: 'acme' } },
					{ applicationId: 'app-hidden', owner: { userId: 'bob' } },
				],
			},
		});
		key = sim.createUserKey('alice').key;
	});

	afterEach(async () => {
		expect(sim.contractViolations()).toEqual([]);
		await sim.close();
	});

	it('gets an application with the chosen fields', async () => {
		const run = await runNode(sim, key, {
			resource: 'application',
			operation: 'get',
			applicationId: byId('app-a'),
			fields: ['name', 'attributes'],
		});
		expect(outputJson(run)).toEqual([
			expect.objectContaining({
				ids: { application_id: 'app-a' },
				name: 'A',
				attributes: { zone: 'north' },
			}),
		]);
		expect(sim.requestLog()[0].query.field_mask).toEqual(['name,attributes']);
	});

	it('lists the applications the key can see, of a user, or of an organization', async () => {
		const ids = async (parameters: Record<string, unknown>) =>
			outputJson(
				await runNode(sim, key, {
					resource: 'application',
					operation: 'getAll',
					returnAll: true,
					...parameters,
				}),
			).map((item) => (item.ids as { application_id: string }).application_id);
		expect(await ids({})).toEqual(['app-a', 'app-b', 'app-c']);
		expect(await ids({ ownedBy: 'user', userId: byId('alice') })).toEqual(['app-a', 'app-b']);
		expect(await ids({ ownedBy: 'organization', organizationId: byId('acme') })).toEqual(['app-c']);
		expect(await ids({ returnAll: false, limit: 1, options: { order: '-name' } })).toEqual([
			'app-c',
		]);
	});

	it('pairs all listed applications with their input item', async () => {
		const run = await runNode(
			sim,
			key,
			{
				resource: 'application',
				operation: 'getAll',
				returnAll: true,
				ownedBy: 'user',
				userId: byId('={{ $json.user }}'),
			},
			{ items: [{ user: 'alice' }, { user: 'alice' }] },
		);
		expect(pairedItems(run)).toEqual([0, 0, 1, 1]);
	});

	it('refuses an invalid user ID before listing', async () => {
		const run = await runNode(sim, key, {
			resource: 'application',
			operation: 'getAll',
			ownedBy: 'user',
			userId: byId('={{ "-alice" }}'),
		});
		expect(run.error?.message).toMatch(/^User ID "-alice" is not valid.*\[item 0\]$/);
		expect(requestsOf(sim)).toEqual([]);
	});
});
