import { startSimulator, Simulator } from '../../../../simulator';
import { api, errorName } from '../../helpers';

// pkg/identityserver/registry_search.go and pkg/identityserver/bunstore/entity_search.go.
describe('Identity Server entity search', () => {
	let sim: Simulator;
	let aliceKey: string;
	beforeAll(async () => {
		sim = await startSimulator({
			seed: {
				applications: [{ applicationId: 'alice-app', name: 'Boiler', owner: { userId: 'alice' } }],
				gateways: [
					{
						gatewayId: 'roof-gw',
						eui: 'B827EBFFFE00C0DE',
						name: 'Roof',
						owner: { userId: 'alice' },
					},
					{ gatewayId: 'cellar-gw', eui: 'B827EBFFFE000001', owner: { userId: 'alice' } },
				],
			},
		});
		aliceKey = sim.createUserKey('alice').key;
	});
	afterAll(() => sim.close());

	const gatewayIds = (response: { body: { gateways?: Array<{ ids: { gateway_id: string } }> } }) =>
		(response.body.gateways ?? []).map((gateway) => gateway.ids.gateway_id);

	it('is forbidden to keys of applications and gateways, and without credentials', async () => {
		const appKey = sim.createApiKey({
			owner: { application: 'alice-app' },
			rights: ['RIGHT_APPLICATION_ALL'],
		}).key;
		const byApp = await api(sim, 'GET', '/search/applications?query=boil', { key: appKey });
		expect(byApp.status).toBe(403);
		expect(errorName(byApp)).toBe('pkg/identityserver:search_forbidden');
		expect(errorName(await api(sim, 'GET', '/search/applications'))).toBe(
			'pkg/identityserver:search_forbidden',
		);
	});

	it('matches a gateway EUI with query and with eui_contains', async () => {
		expect(
			gatewayIds(await api(sim, 'GET', '/search/gateways?query=c0de', { key: aliceKey })),
		).toEqual(['roof-gw']);
		expect(
			gatewayIds(await api(sim, 'GET', '/search/gateways?eui_contains=FE0000', { key: aliceKey })),
		).toEqual(['cellar-gw']);
	});

	it('answers the fields it searched by', async () => {
		const response = await api(sim, 'GET', '/search/gateways?name_contains=roo', { key: aliceKey });
		expect(gatewayIds(response)).toEqual(['roof-gw']);
		expect(response.body.gateways[0].name).toBe('Roof');
	});

	it('lets only admins search users', async () => {
		const byUser = await api(sim, 'GET', '/search/users?query=ali', { key: aliceKey });
		expect(errorName(byUser)).toBe('pkg/identityserver:search_forbidden');
		const byAdmin = await api(sim, 'GET', '/search/users?query=ali', {
			key: sim.createAdminKey().key,
		});
		expect(
			byAdmin.body.users.map((user: { ids: { user_id: string } }) => user.ids.user_id),
		).toEqual(['alice']);
	});
});
