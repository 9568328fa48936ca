import type { Simulator } from '../../../../simulator';
import { startSimulator } from '../../../../simulator';
import {
	searchApplications,
	searchDeletedApplications,
	searchDeletedGateways,
	searchOrganizations,
	searchPurgeableApplications,
	searchPurgeableClients,
	searchPurgeableGateways,
	searchGateways,
	searchUsers,
} from '../../../../nodes/TheThingsStack/methods/listSearch';
import { getGatewayFrequencyPlans } from '../../../../nodes/TheThingsStack/methods/loadOptions';
import { api } from '../../../simulator/helpers';
import { loadOptionsContext } from './loadOptionsContext';

describe('list searches and option lists for gateways, applications, owners and purge', () => {
	let sim: Simulator;
	let aliceKey: string;
	let adminKey: string;

	beforeEach(async () => {
		sim = await startSimulator({
			seed: {
				users: [{ userId: 'bob', name: 'Bob' }],
				organizations: [
					{ organizationId: 'acme', name: 'ACME', members: { alice: ['RIGHT_ALL'] } },
					{ organizationId: 'globex', members: { bob: ['RIGHT_ALL'] } },
				],
				applications: [
					{ applicationId: 'live-app', name: 'Live', owner: { userId: 'alice' } },
					{ applicationId: 'gone-app', name: 'Gone', owner: { userId: 'alice' } },
				],
				gateways: [
					{ gatewayId: 'live-gateway', owner: { userId: 'alice' } },
					{ gatewayId: 'gone-gateway', owner: { userId: 'alice' } },
				],
			},
		});
		aliceKey = sim.createUserKey('alice').key;
		adminKey = sim.createAdminKey().key;
		for (const path of ['/applications/gone-app', '/gateways/gone-gateway']) {
			expect((await api(sim, 'DELETE', path, { key: aliceKey })).status).toBe(200);
		}
		sim.clearRequestLog();
	});

	afterEach(async () => {
		expect(sim.contractViolations()).toEqual([]);
		await sim.close();
	});

	const context = (key = aliceKey) => loadOptionsContext(sim, key, {});

	it('offers the organizations the key can see, named', async () => {
		const result = await searchOrganizations.call(context());
		expect(result.results).toEqual([{ name: 'ACME (acme)', value: 'acme' }]);
	});

	it('offers an admin every user, and other keys their own user', async () => {
		const forAdmin = await searchUsers.call(context(adminKey));
		expect(forAdmin.results.map((result) => result.value)).toEqual(
			expect.arrayContaining(['alice', 'bob']),
		);
		const forAlice = await searchUsers.call(context());
		expect(forAlice.results.map((result) => result.value)).toContain('alice');
		expect(forAlice.results.map((result) => result.value)).not.toContain('bob');
	});

	it('offers a non-admin key its own user where TTS refuses to list users to non-admins', async () => {
		// UserRegistry.List is for admins only (pkg/identityserver/user_registry.go listUsers).
		const result = await searchUsers.call(context());
		expect(result.results).toEqual([{ name: 'alice', value: 'alice' }]);
		expect(sim.requestLog().map((entry) => entry.path)).toEqual([
			'/api/v3/users',
			'/api/v3/auth_info',
		]);
	});

	it('offers deleted applications and gateways for Restore', async () => {
		expect((await searchDeletedApplications.call(context())).results).toEqual([
			{ name: 'Gone (gone-app)', value: 'gone-app' },
		]);
		expect(
			(await searchDeletedGateways.call(context())).results.map((result) => result.value),
		).toEqual(['gone-gateway']);
		expect(sim.requestLog().every((entry) => entry.query.deleted?.[0] === 'true')).toBe(true);
	});

	// The list answers the caller's own memberships, also for an admin
	// (application_registry.go listApplications), so the pickers are paged with the owner's key.
	it('offers active, then deleted entities for Purge, page by page', async () => {
		const first = await searchPurgeableApplications.call(context());
		expect(first.results).toEqual([{ name: 'Live (live-app)', value: 'live-app' }]);
		expect(first.paginationToken).toBe('deleted:1');
		const second = await searchPurgeableApplications.call(
			context(),
			undefined,
			first.paginationToken,
		);
		expect(second.results).toEqual([{ name: 'Gone (gone-app) (deleted)', value: 'gone-app' }]);
		expect(second.paginationToken).toBeUndefined();

		const gateways = await searchPurgeableGateways.call(context());
		expect(gateways.results.map((result) => result.value)).toEqual(['live-gateway']);
		const clients = await searchPurgeableClients.call(context());
		expect(clients.results).toEqual([]);
	});

	// An admin's list shows only its own memberships (application_registry.go listApplications),
	// its search every entity (registry_search.go, bunstore/entity_search.go): Purge is for the
	// entities of others, deleted ones too.
	it('offers an admin the entities of every user for Purge, active and deleted, by search', async () => {
		const first = await searchPurgeableApplications.call(context(adminKey));
		expect(first.results).toEqual([{ name: 'Live (live-app)', value: 'live-app' }]);
		const second = await searchPurgeableApplications.call(
			context(adminKey),
			undefined,
			first.paginationToken,
		);
		expect(second.results).toEqual([{ name: 'Gone (gone-app) (deleted)', value: 'gone-app' }]);
		const gateways = await searchPurgeableGateways.call(context(adminKey));
		expect(gateways.results.map((result) => result.value)).toEqual(['live-gateway']);
		const searched = sim.requestLog().map((entry) => entry.path);
		expect(searched).toContain('/api/v3/search/applications');
		expect(searched).not.toContain('/api/v3/applications');
	});

	// The key of an application or gateway lists nothing and may not search (registry_search.go:
	// search_forbidden), but it names its own entity (auth_info).
	it('offers the key of an application or gateway its own entity', async () => {
		const applicationKey = sim.createApiKey({
			owner: { application: 'live-app' },
			rights: ['RIGHT_APPLICATION_ALL'],
		}).key;
		expect((await searchApplications.call(context(applicationKey))).results).toEqual([
			{ name: 'Live (live-app)', value: 'live-app' },
		]);
		expect((await searchApplications.call(context(applicationKey), 'liv')).results).toEqual([
			{ name: 'Live (live-app)', value: 'live-app' },
		]);
		expect((await searchApplications.call(context(applicationKey), 'other')).results).toEqual([]);
		const gatewayKey = sim.createApiKey({
			owner: { gateway: 'live-gateway' },
			rights: ['RIGHT_GATEWAY_ALL'],
		}).key;
		expect((await searchGateways.call(context(gatewayKey))).results).toEqual([
			{ name: 'live-gateway (live-gateway)', value: 'live-gateway' },
		]);
	});

	it('searches by text with the Identity Server search', async () => {
		const result = await searchOrganizations.call(context(), 'acm');
		expect(result.results.map((entry) => entry.value)).toEqual(['acme']);
		expect(sim.requestLog()[0]).toMatchObject({
			path: '/api/v3/search/organizations',
			query: { query: ['acm'] },
		});
	});

	it('offers the plans marked for gateways first, then every other plan of the Gateway Server', async () => {
		const plans = await getGatewayFrequencyPlans.call(context());
		const values = plans.map((plan) => plan.value);
		expect(plans).toContainEqual({
			name: 'Europe 863-870 MHz (SF12 for RX2) (EU_863_870)',
			value: 'EU_863_870',
			description: 'Band EU_863_870',
		});
		// frequency-plans.yml does not mark EU_863_870_TTN for gateways, yet TTN gateways use it.
		expect(values).toContain('EU_863_870_TTN');
		expect(values.indexOf('EU_863_870')).toBeLessThan(values.indexOf('EU_863_870_TTN'));
		expect(plans.find((plan) => plan.value === 'EU_863_870_TTN')?.description).toMatch(
			/^Band EU_863_870; not marked for gateways by the server/,
		);
		const marked = sim.requestLog().find((entry) => entry.query.gateways_only?.[0] === 'true');
		expect(marked?.path).toBe('/api/v3/configuration/frequency-plans');
		const firstUnmarked = plans.findIndex((plan) => /not marked/.test(String(plan.description)));
		const gatewayPlans = plans.slice(0, firstUnmarked).map((plan) => plan.name);
		expect(gatewayPlans).toEqual([...gatewayPlans].sort((a, b) => a.localeCompare(b)));
		expect(
			plans.slice(firstUnmarked).every((plan) => /not marked/.test(String(plan.description))),
		).toBe(true);
	});
});
