import { startSimulator, Simulator } from '../../../simulator';
import { api, errorName } from '../helpers';

// pkg/identityserver/rights.go getRights and the *Rights fetchers, pkg/auth/rights/require.go.
describe('rights as the Identity Server computes them', () => {
	let sim: Simulator;
	let aliceKey: string;
	let adminKey: string;
	beforeAll(async () => {
		sim = await startSimulator({
			seed: {
				applications: [{ applicationId: 'alice-app', owner: { userId: 'alice' } }],
				gateways: [
					{ gatewayId: 'public-gw', owner: { userId: 'bob' } },
					{ gatewayId: 'private-gw', owner: { userId: 'bob' } },
				],
			},
		});
		const publicGateway = sim.state().identity.gateways.get('public-gw');
		if (publicGateway) publicGateway.entity.status_public = true;
		aliceKey = sim.createUserKey('alice').key;
		adminKey = sim.createAdminKey().key;
	});
	afterAll(() => sim.close());

	it('gives an admin no _KEYS rights on an application it is not a collaborator of', async () => {
		const rights = await api(sim, 'GET', '/applications/alice-app/rights', { key: adminKey });
		expect(rights.body.rights).toContain('RIGHT_APPLICATION_DEVICES_WRITE');
		expect(rights.body.rights).not.toContain('RIGHT_APPLICATION_DEVICES_WRITE_KEYS');
		const withKeys = await api(sim, 'PUT', '/js/applications/alice-app/devices/dev1', {
			key: adminKey,
			body: {
				end_device: {
					ids: {
						device_id: 'dev1',
						application_ids: { application_id: 'alice-app' },
						join_eui: '0000000000000000',
						dev_eui: '70B3D57ED0000501',
					},
					root_keys: { app_key: { key: '00112233445566778899AABBCCDDEEFF' } },
				},
				field_mask: { paths: ['root_keys.app_key.key'] },
			},
		});
		expect(withKeys.status).toBe(403);
		expect(errorName(withKeys)).toBe('pkg/auth/rights:insufficient_application_rights');
		expect(withKeys.body.details[0].attributes.missing).toEqual([
			'RIGHT_APPLICATION_DEVICES_WRITE_KEYS',
		]);
	});

	it('tells an admin that an entity does not exist instead of refusing rights', async () => {
		const removed = await api(sim, 'DELETE', '/applications/no-such-app', { key: adminKey });
		expect(removed.status).toBe(404);
		expect(errorName(removed)).toBe('pkg/identityserver/store:application_not_found');
		const rights = await api(sim, 'GET', '/gateways/no-such-gw/rights', { key: adminKey });
		expect(errorName(rights)).toBe('pkg/identityserver/store:gateway_not_found');
		const other = await api(sim, 'DELETE', '/applications/no-such-app', { key: aliceKey });
		expect(errorName(other)).toBe('pkg/auth/rights:no_application_rights');
	});

	it('answers {} for the rights on an entity the caller has none on', async () => {
		const response = await api(sim, 'GET', '/gateways/private-gw/rights', { key: aliceKey });
		expect(response.status).toBe(200);
		expect(response.body).toEqual({});
	});

	it('has no rights on a deleted entity, except to restore it', async () => {
		sim.createApplication({ applicationId: 'gone-app', owner: { userId: 'alice' } });
		expect((await api(sim, 'DELETE', '/applications/gone-app', { key: aliceKey })).status).toBe(
			200,
		);
		const update = await api(sim, 'PUT', '/applications/gone-app', {
			key: aliceKey,
			body: {
				application: { ids: { application_id: 'gone-app' }, name: 'x' },
				field_mask: { paths: ['name'] },
			},
		});
		expect(update.status).toBe(403);
		expect(errorName(update)).toBe('pkg/auth/rights:no_application_rights');
		expect(
			(await api(sim, 'GET', '/applications/gone-app/rights', { key: aliceKey })).body,
		).toEqual({});
		expect(
			(await api(sim, 'POST', '/applications/gone-app/restore', { key: aliceKey })).status,
		).toBe(200);
	});

	it('lets anyone read the status of a gateway with status_public', async () => {
		const rights = await api(sim, 'GET', '/gateways/public-gw/rights', { key: aliceKey });
		expect(rights.body.rights).toEqual(['RIGHT_GATEWAY_STATUS_READ']);
		sim.connectGateway('public-gw');
		const stats = await api(sim, 'GET', '/gs/gateways/public-gw/connection/stats', {
			key: aliceKey,
		});
		expect(stats.status).toBe(200);
		sim.connectGateway('private-gw');
		const hidden = await api(sim, 'GET', '/gs/gateways/private-gw/connection/stats', {
			key: aliceKey,
		});
		expect(errorName(hidden)).toBe('pkg/auth/rights:no_gateway_rights');
	});
});
