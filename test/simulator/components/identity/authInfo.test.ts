import { startSimulator, Simulator } from '../../../../simulator';
import { api, errorName } from '../../helpers';

describe('authentication and auth_info', () => {
	let sim: Simulator;
	beforeAll(async () => {
		sim = await startSimulator({
			seed: { applications: [{ applicationId: 'app1' }, { applicationId: 'app2' }] },
		});
	});
	afterAll(() => sim.close());

	it('answers 200 {} without credentials', async () => {
		const response = await api(sim, 'GET', '/auth_info');
		expect(response.status).toBe(200);
		expect(response.body).toEqual({});
	});

	it('describes an application key with expanded rights and a blanked secret', async () => {
		const key = sim.createApiKey({
			owner: { application: 'app1' },
			rights: ['RIGHT_APPLICATION_ALL'],
			name: 'n8n',
		});
		expect(key.key).toMatch(/^NNSXS\.[A-Z2-7]{39}\.[A-Z2-7]{52}$/);
		const response = await api(sim, 'GET', '/auth_info', { key: key.key });
		expect(response.status).toBe(200);
		expect(response.body.api_key.entity_ids).toEqual({
			application_ids: { application_id: 'app1' },
		});
		expect(response.body.api_key.api_key.id).toBe(key.id);
		expect(response.body.api_key.api_key.key).toBeUndefined();
		expect(response.body.api_key.api_key.rights).toContain('RIGHT_APPLICATION_DEVICES_WRITE_KEYS');
		// pkg/ttnpb/rights.go Implied() is a union: the pseudo-right stays next to what it implies.
		expect(response.body.api_key.api_key.rights).toContain('RIGHT_APPLICATION_ALL');
		expect(response.body.api_key.api_key.rights).not.toContain('RIGHT_GATEWAY_INFO');
		expect(response.body.is_admin).toBeUndefined();
		expect(response.body.universal_rights).toBeUndefined();
	});

	// pkg/identityserver/entity_access.go authInfo: universal rights are AllAdminRights (no
	// _KEYS, no _ALL) ∩ the key's rights, unless admin-rights.all is configured.
	it('adds universal_rights without _KEYS and _ALL and is_admin for admin users only', async () => {
		const admin = sim.createAdminKey();
		const response = await api(sim, 'GET', '/auth_info', { key: admin.key });
		expect(response.body.is_admin).toBe(true);
		const universal: string[] = response.body.universal_rights.rights;
		expect(universal).toContain('RIGHT_APPLICATION_DEVICES_WRITE');
		expect(universal).toContain('RIGHT_USER_INFO');
		expect(universal.filter((right) => /_(KEYS|ALL)$/.test(right))).toEqual([]);
		expect(response.body.api_key.api_key.rights).toContain('RIGHT_APPLICATION_DEVICES_READ_KEYS');
		expect(response.body.api_key.entity_ids).toEqual({ user_ids: { user_id: 'admin' } });
	});

	it('rejects a malformed token with 400 pkg/auth:token', async () => {
		const response = await api(sim, 'GET', '/auth_info', { key: 'not-a-token' });
		expect(response.status).toBe(400);
		expect(errorName(response)).toBe('pkg/auth:token');
		expect(response.body.message).toBe('error:pkg/auth:token (invalid token)');
		expect(response.body.details[0]['@type']).toBe(
			'type.googleapis.com/ttn.lorawan.v3.ErrorDetails',
		);
		expect(response.body.details[0].correlation_id).toMatch(/^[0-9a-f]{32}$/);
	});

	it('rejects an unknown key id with 401 api_key_not_found and WWW-Authenticate', async () => {
		const response = await api(sim, 'GET', '/applications/app1', {
			key: `NNSXS.${'A'.repeat(39)}.${'B'.repeat(52)}`,
		});
		expect(response.status).toBe(401);
		expect(errorName(response)).toBe('pkg/identityserver:api_key_not_found');
		expect(response.headers.get('www-authenticate')).toBe(response.body.message);
	});

	it('rejects a wrong secret with 401 invalid_authorization', async () => {
		const key = sim.createApiKey({
			owner: { application: 'app1' },
			rights: ['RIGHT_APPLICATION_INFO'],
		});
		const wrong = `NNSXS.${key.id}.${'C'.repeat(52)}`;
		const response = await api(sim, 'GET', '/applications/app1', { key: wrong });
		expect(response.status).toBe(401);
		expect(errorName(response)).toBe('pkg/identityserver:invalid_authorization');
	});

	it('rejects an expired key with 401 api_key_expired', async () => {
		const key = sim.createApiKey({
			owner: { application: 'app1' },
			rights: ['RIGHT_APPLICATION_INFO'],
			expiresAt: '2001-01-01T00:00:00Z',
		});
		const response = await api(sim, 'GET', '/applications/app1', { key: key.key });
		expect(response.status).toBe(401);
		expect(errorName(response)).toBe('pkg/identityserver:api_key_expired');
	});

	it('answers no_application_rights for an entity the key has no rights on', async () => {
		const key = sim.createApiKey({
			owner: { application: 'app1' },
			rights: ['RIGHT_APPLICATION_ALL'],
		});
		const response = await api(sim, 'GET', '/applications/app2?field_mask=name', {
			key: key.key,
		});
		expect(response.status).toBe(403);
		expect(errorName(response)).toBe('pkg/auth/rights:no_application_rights');
		expect(response.body.details[0].attributes).toEqual({ uid: 'app2' });
		expect(response.body.message).toBe(
			'error:pkg/auth/rights:no_application_rights (no rights for application `app2`)',
		);
	});

	it('answers insufficient_application_rights with the missing rights', async () => {
		const key = sim.createApiKey({
			owner: { application: 'app1' },
			rights: ['RIGHT_APPLICATION_INFO'],
		});
		const response = await api(sim, 'GET', '/applications/app1/devices', { key: key.key });
		expect(response.status).toBe(403);
		expect(errorName(response)).toBe('pkg/auth/rights:insufficient_application_rights');
		expect(response.body.details[0].attributes).toEqual({
			uid: 'app1',
			missing: ['RIGHT_APPLICATION_DEVICES_READ'],
		});
	});

	it('gives a user key the rights of its memberships', async () => {
		sim.createApplication({ applicationId: 'owned', owner: { userId: 'alice' } });
		const key = sim.createUserKey('alice', ['RIGHT_ALL']);
		expect((await api(sim, 'GET', '/applications/owned', { key: key.key })).status).toBe(200);
		const other = await api(sim, 'GET', '/applications/app1?field_mask=name', { key: key.key });
		expect(errorName(other)).toBe('pkg/auth/rights:no_application_rights');
		const rights = await api(sim, 'GET', '/applications/owned/rights', { key: key.key });
		expect(rights.body.rights).toContain('RIGHT_APPLICATION_DELETE');
	});

	// pkg/identityserver/entity_access.go RequireAuthenticated guards the IS Get RPCs; elsewhere
	// the IS finds no rights for a caller without credentials (pkg/identityserver/rights.go).
	it('answers calls without credentials as the Identity Server does', async () => {
		const get = await api(sim, 'GET', '/applications/app1');
		expect(get.status).toBe(401);
		expect(errorName(get)).toBe('pkg/identityserver:unauthenticated');
		const remove = await api(sim, 'DELETE', '/applications/app1');
		expect(remove.status).toBe(403);
		expect(errorName(remove)).toBe('pkg/auth/rights:no_application_rights');
	});

	// pkg/auth/rights/fetcher.go accessFetcher: a cluster server forwards the caller's
	// credentials to the IS for its rights, and has none to forward (pkg/rpcmetadata).
	it('answers cluster calls without credentials with pkg/rpcmetadata:unauthenticated', async () => {
		const response = await api(sim, 'GET', '/js/applications/app1/devices/any-device');
		expect(response.status).toBe(401);
		expect(errorName(response)).toBe('pkg/rpcmetadata:unauthenticated');
	});
});
