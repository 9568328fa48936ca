import type { Simulator } from '../../../../../simulator';
import { startSimulator } from '../../../../../simulator';
import { api } from '../../../../simulator/helpers';
import { byId, outputJson, pairedItems, requestsOf, runNode } from '../simulatorRun';

describe('Purge', () => {
	let sim: Simulator;
	let adminKey: string;

	beforeEach(async () => {
		sim = await startSimulator({
			seed: {
				users: [{ userId: 'leaver' }],
				organizations: [{ organizationId: 'old-org' }],
				applications: [
					{ applicationId: 'old-app', owner: { userId: 'alice' } },
					{ applicationId: 'busy-app', owner: { userId: 'alice' } },
				],
				devices: [{ applicationId: 'busy-app', deviceId: 'dev-1' }],
				gateways: [
					{ gatewayId: 'old-gateway', eui: 'B827EBFFFE000001', owner: { userId: 'alice' } },
				],
			},
		});
		adminKey = sim.createAdminKey().key;
		const created = await api(sim, 'POST', '/users/admin/clients', {
			key: adminKey,
			body: { client: { ids: { client_id: 'old-client' } } },
		});
		expect(created.status).toBe(200);
		sim.clearRequestLog();
	});

	afterEach(async () => {
		expect(sim.contractViolations()).toEqual([]);
		await sim.close();
	});

	it('purges a deleted application and releases its ID', async () => {
		const aliceKey = sim.createUserKey('alice').key;
		await runNode(sim, aliceKey, {
			resource: 'application',
			operation: 'deleteApplication',
			applicationId: byId('old-app'),
		});
		const run = await runNode(sim, adminKey, {
			resource: 'purge',
			operation: 'application',
			applicationId: byId('old-app'),
		});
		expect(run.error).toBeUndefined();
		expect(outputJson(run)).toEqual([{ application_id: 'old-app', purged: true }]);
		expect(sim.state().identity.applications.has('old-app')).toBe(false);
		const again = await runNode(sim, aliceKey, {
			resource: 'application',
			operation: 'create',
			applicationId: 'old-app',
		});
		expect(again.error).toBeUndefined();
	});

	it('purges gateways, organizations, users and OAuth clients', async () => {
		const cases: Array<[string, string, string, string]> = [
			['gateway', 'gatewayId', 'old-gateway', 'gateway_id'],
			['organization', 'organizationId', 'old-org', 'organization_id'],
			['user', 'userId', 'leaver', 'user_id'],
			['client', 'clientId', 'old-client', 'client_id'],
		];
		for (const [operation, parameter, id, field] of cases) {
			const run = await runNode(sim, adminKey, {
				resource: 'purge',
				operation,
				[parameter]: byId(id),
			});
			expect(run.error).toBeUndefined();
			expect(outputJson(run)).toEqual([{ [field]: id, purged: true }]);
		}
		const { identity } = sim.state();
		expect(identity.gateways.has('old-gateway')).toBe(false);
		expect(identity.organizations.has('old-org')).toBe(false);
		expect(identity.users.has('leaver')).toBe(false);
		expect(identity.entities.client.has('old-client')).toBe(false);
		expect(requestsOf(sim)).toEqual([
			'DELETE /api/v3/gateways/old-gateway/purge',
			'DELETE /api/v3/organizations/old-org/purge',
			'DELETE /api/v3/users/leaver/purge',
			'DELETE /api/v3/clients/old-client/purge',
		]);
	});

	it('tells a non-admin key that purging needs an admin', async () => {
		const aliceKey = sim.createUserKey('alice').key;
		const run = await runNode(sim, aliceKey, {
			resource: 'purge',
			operation: 'gateway',
			gatewayId: byId('old-gateway'),
		});
		expect(run.error?.name).toBe('NodeApiError');
		expect(run.error?.message).toBe('Gateways may only be purged by admins [item 0]');
		expect((run.error as { description?: string }).description).toMatch(
			/^This needs an API key of an admin user of the deployment\./,
		);
		expect(sim.state().identity.gateways.has('old-gateway')).toBe(true);
	});

	it('explains that an application’s devices must be deleted first, and keeps other items going', async () => {
		const run = await runNode(
			sim,
			adminKey,
			{ resource: 'purge', operation: 'application', applicationId: byId('={{ $json.id }}') },
			{ items: [{ id: 'busy-app' }, { id: 'old-app' }], onError: 'continueRegularOutput' },
		);
		const [busy, purged] = outputJson(run);
		expect(busy.error).toBe(
			'Application "busy-app" cannot be purged: it still has 1 device. Delete its devices first (Device → Delete), then try again. [item 0]',
		);
		expect(purged).toEqual({ application_id: 'old-app', purged: true });
		expect(pairedItems(run)).toEqual([0, 1]);
		expect(sim.state().identity.applications.has('busy-app')).toBe(true);
	});

	it('refuses invalid IDs before purging anything', async () => {
		const run = await runNode(
			sim,
			adminKey,
			{ resource: 'purge', operation: 'user', userId: byId('={{ $json.id }}') },
			{ items: [{ id: 'leaver' }, { id: 'Not A User' }] },
		);
		expect(run.error?.name).toBe('NodeOperationError');
		expect(run.error?.message).toMatch(/^User ID "Not A User" is not valid.*\[item 1\]$/);
		expect(requestsOf(sim)).toEqual([]);
		expect(sim.state().identity.users.has('leaver')).toBe(true);
	});
});
