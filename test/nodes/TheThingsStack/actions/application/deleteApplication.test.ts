import type { Simulator } from '../../../../../simulator';
import { startSimulator } from '../../../../../simulator';
import { byId, outputJson, pairedItems, runNode } from '../simulatorRun';

describe('Application → Delete and Restore', () => {
	let sim: Simulator;
	let key: string;

	beforeEach(async () => {
		sim = await startSimulator({
			seed: {
				applications: [
					{ applicationId: 'empty-app', owner: { userId: 'alice' } },
					{ applicationId: 'busy-app', owner: { userId: 'alice' } },
				],
				devices: [
					{ applicationId: 'busy-app', deviceId: 'dev-1' },
					{ applicationId: 'busy-app', deviceId: 'dev-2' },
				],
			},
		});
		key = sim.createUserKey('alice').key;
	});

	afterEach(async () => {
		expect(sim.contractViolations()).toEqual([]);
		await sim.close();
	});

	it('deletes an application without devices, and restores it', async () => {
		const deleted = await runNode(sim, key, {
			resource: 'application',
			operation: 'deleteApplication',
			applicationId: byId('empty-app'),
		});
		expect(outputJson(deleted)).toEqual([{ application_id: 'empty-app', deleted: true }]);
		expect(sim.state().identity.applications.get('empty-app')?.deletedAt).toBeDefined();

		const restored = await runNode(sim, key, {
			resource: 'application',
			operation: 'restore',
			applicationId: byId('empty-app'),
		});
		expect(outputJson(restored)).toEqual([{ application_id: 'empty-app', restored: true }]);
		expect(sim.state().identity.applications.get('empty-app')?.deletedAt).toBeUndefined();
	});

	it('explains that the devices must be deleted first, and keeps other items going', async () => {
		const run = await runNode(
			sim,
			key,
			{
				resource: 'application',
				operation: 'deleteApplication',
				applicationId: byId('={{ $json.id }}'),
			},
			{ items: [{ id: 'busy-app' }, { id: 'empty-app' }], onError: 'continueRegularOutput' },
		);
		const [busy, empty] = outputJson(run);
		expect(busy.error).toBe(
			'Application "busy-app" cannot be deleted: it still has 2 devices. Delete its devices first (Device → Delete), then try again. [item 0]',
		);
		expect(busy.details).toMatchObject({
			ttsError: 'pkg/identityserver:application_has_devices',
			httpCode: '400',
		});
		expect(empty).toEqual({ application_id: 'empty-app', deleted: true });
		expect(pairedItems(run)).toEqual([0, 1]);
		expect(sim.state().identity.applications.get('busy-app')?.deletedAt).toBeUndefined();
	});

	it('stops with a NodeApiError without Continue On Fail', async () => {
		const run = await runNode(sim, key, {
			resource: 'application',
			operation: 'deleteApplication',
			applicationId: byId('busy-app'),
		});
		expect(run.error?.name).toBe('NodeApiError');
		expect(run.error?.message).toMatch(/still has 2 devices/);
	});
});
