import { startSimulator, Simulator } from '../../../../simulator';
import { api, errorName } from '../../helpers';

describe('Identity Server entities: applications, gateways, organizations, users, clients', () => {
	let sim: Simulator;
	let userKey: string;
	let adminKey: string;
	beforeAll(async () => {
		sim = await startSimulator();
		userKey = sim.createUserKey('alice', ['RIGHT_ALL']).key;
		adminKey = sim.createAdminKey().key;
	});
	afterAll(() => sim.close());

	it('creates an application under a user, gets it with a field mask and lists it', async () => {
		const created = await api(sim, 'POST', '/users/alice/applications', {
			key: userKey,
			body: {
				application: { ids: { application_id: 'alice-app' }, name: 'Alice app', description: 'd' },
			},
		});
		expect(created.status).toBe(200);
		expect(created.body.ids).toEqual({ application_id: 'alice-app' });
		const fetched = await api(sim, 'GET', '/applications/alice-app?field_mask=name', {
			key: userKey,
		});
		expect(fetched.body.name).toBe('Alice app');
		expect(fetched.body.description).toBeUndefined();
		const listed = await api(sim, 'GET', '/users/alice/applications?field_mask=name', {
			key: userKey,
		});
		expect(listed.headers.get('x-total-count')).toBe('1');
		expect(listed.body.applications[0].ids.application_id).toBe('alice-app');
		const all = await api(sim, 'GET', '/applications', { key: userKey });
		expect(
			all.body.applications.map((a: { ids: { application_id: string } }) => a.ids.application_id),
		).toEqual(['alice-app']);
	});

	it('refuses taken and forbidden application IDs', async () => {
		const again = await api(sim, 'POST', '/users/alice/applications', {
			key: userKey,
			body: { application: { ids: { application_id: 'alice-app' } } },
		});
		expect(again.status).toBe(409);
		expect(errorName(again)).toBe('pkg/util/store:id_taken');
		const blocked = await api(sim, 'POST', '/users/alice/applications', {
			key: userKey,
			body: { application: { ids: { application_id: 'ttn' } } },
		});
		expect(errorName(blocked)).toBe('pkg/identityserver/blocklist:forbidden_id');
	});

	it('needs USER_APPLICATIONS_CREATE to create under a user', async () => {
		const weakKey = sim.createUserKey('alice', ['RIGHT_USER_INFO']).key;
		const response = await api(sim, 'POST', '/users/alice/applications', {
			key: weakKey,
			body: { application: { ids: { application_id: 'weak-app' } } },
		});
		expect(response.status).toBe(403);
		expect(errorName(response)).toBe('pkg/auth/rights:insufficient_user_rights');
		expect(response.body.details[0].attributes.missing).toEqual(['RIGHT_USER_APPLICATIONS_CREATE']);
	});

	it('updates an application, warning on contact_info', async () => {
		const response = await api(sim, 'PUT', '/applications/alice-app', {
			key: userKey,
			body: {
				application: { ids: { application_id: 'alice-app' }, name: 'Renamed' },
				field_mask: { paths: ['name', 'contact_info'] },
			},
		});
		expect(response.status).toBe(200);
		expect(response.body.name).toBe('Renamed');
		expect(response.headers.get('x-warning')).toMatch(/Contact info is deprecated/);
	});

	it('refuses to delete or purge an application that still has devices', async () => {
		sim.createDevice({ applicationId: 'alice-app', deviceId: 'leftover' });
		const deleted = await api(sim, 'DELETE', '/applications/alice-app', { key: userKey });
		expect(deleted.status).toBe(400);
		expect(errorName(deleted)).toBe('pkg/identityserver:application_has_devices');
		expect(deleted.body.details[0].attributes).toEqual({ count: 1 });
		const purged = await api(sim, 'DELETE', '/applications/alice-app/purge', { key: adminKey });
		expect(errorName(purged)).toBe('pkg/identityserver:application_has_devices');
		expect(
			(await api(sim, 'DELETE', '/applications/alice-app/devices/leftover', { key: userKey }))
				.status,
		).toBe(200);
	});

	it('soft-deletes, lists deleted, restores, and keeps the ID reserved until purge', async () => {
		expect((await api(sim, 'DELETE', '/applications/alice-app', { key: userKey })).status).toBe(
			200,
		);
		expect((await api(sim, 'GET', '/applications/alice-app', { key: userKey })).status).toBe(404);
		const deleted = await api(sim, 'GET', '/applications?deleted=true', { key: userKey });
		expect(deleted.body.applications[0].ids.application_id).toBe('alice-app');
		const reuse = await api(sim, 'POST', '/users/alice/applications', {
			key: userKey,
			body: { application: { ids: { application_id: 'alice-app' } } },
		});
		expect(errorName(reuse)).toBe('pkg/util/store:id_taken');
		expect(
			(await api(sim, 'POST', '/applications/alice-app/restore', { key: userKey })).status,
		).toBe(200);
		expect((await api(sim, 'GET', '/applications/alice-app', { key: userKey })).status).toBe(200);
	});

	it('lets only admins purge', async () => {
		const byUser = await api(sim, 'DELETE', '/applications/alice-app/purge', { key: userKey });
		expect(byUser.status).toBe(403);
		expect(errorName(byUser)).toBe('pkg/identityserver:admins_purge_applications');
		expect(
			(await api(sim, 'DELETE', '/applications/alice-app/purge', { key: adminKey })).status,
		).toBe(200);
		const recreated = await api(sim, 'POST', '/users/alice/applications', {
			key: userKey,
			body: { application: { ids: { application_id: 'alice-app' } } },
		});
		expect(recreated.status).toBe(200);
	});

	it.each([
		['gateway', '/gateways/gw-purge/purge', 'admins_purge_gateways'],
		['organization', '/organizations/org-purge/purge', 'admins_purge_organizations'],
		['user', '/users/alice/purge', 'admins_purge_users'],
		['client', '/clients/client-purge/purge', 'admins_purge_clients'],
	])('refuses to purge a %s for non-admins', async (_kind, path, name) => {
		const response = await api(sim, 'DELETE', path, { key: userKey });
		expect(response.status).toBe(403);
		expect(errorName(response)).toBe(`pkg/identityserver:${name}`);
	});

	it('creates gateways under users and organizations, refuses a taken EUI, releases it on delete', async () => {
		const gateway = {
			ids: { gateway_id: 'gw-1', eui: 'b827ebfffe000001' },
			frequency_plan_id: 'EU_863_870_TTN',
		};
		const created = await api(sim, 'POST', '/users/alice/gateways', {
			key: userKey,
			body: { gateway },
		});
		expect(created.status).toBe(200);
		expect(created.body.ids.eui).toBe('B827EBFFFE000001');
		expect(created.body.frequency_plan_ids).toEqual(['EU_863_870_TTN']);
		const taken = await api(sim, 'POST', '/users/alice/gateways', {
			key: userKey,
			body: { gateway: { ids: { gateway_id: 'gw-2', eui: 'B827EBFFFE000001' } } },
		});
		expect(taken.status).toBe(409);
		expect(errorName(taken)).toBe('pkg/identityserver:gateway_eui_taken');
		expect(taken.body.details[0].attributes).toEqual({
			gateway_eui: 'B827EBFFFE000001',
			gateway_id: 'gw-1',
			administrative_contact: 'alice',
		});
		expect((await api(sim, 'DELETE', '/gateways/gw-1', { key: userKey })).status).toBe(200);
		const reused = await api(sim, 'POST', '/users/alice/gateways', {
			key: userKey,
			body: { gateway: { ids: { gateway_id: 'gw-2', eui: 'B827EBFFFE000001' } } },
		});
		expect(reused.status).toBe(200);
		// pkg/identityserver/bunstore/gateway_store.go RestoreGateway: the EUI went to gw-2, so gw-1
		// comes back without one.
		const restore = await api(sim, 'POST', '/gateways/gw-1/restore', { key: userKey });
		expect(restore.status).toBe(200);
		const restored = await api(sim, 'GET', '/gateways/gw-1', { key: userKey });
		expect(restored.body.ids).toEqual({ gateway_id: 'gw-1' });

		const organization = await api(sim, 'POST', '/users/alice/organizations', {
			key: userKey,
			body: { organization: { ids: { organization_id: 'alice-org' } } },
		});
		expect(organization.status).toBe(200);
		const orgKey = sim.createApiKey({
			owner: { organization: 'alice-org' },
			rights: ['RIGHT_ALL'],
		}).key;
		const orgGateway = await api(sim, 'POST', '/organizations/alice-org/gateways', {
			key: orgKey,
			body: { gateway: { ids: { gateway_id: 'org-gw' } } },
		});
		expect(orgGateway.status).toBe(200);
		const list = await api(sim, 'GET', '/organizations/alice-org/gateways', { key: orgKey });
		expect(list.headers.get('x-total-count')).toBe('1');
		const get = await api(sim, 'GET', '/gateways/org-gw?field_mask=administrative_contact', {
			key: orgKey,
		});
		expect(get.body.administrative_contact).toEqual({
			organization_ids: { organization_id: 'alice-org' },
		});
	});

	it('creates, lists, updates and deletes application API keys, never repeating the secret', async () => {
		sim.createApplication({ applicationId: 'keys-app', owner: { userId: 'alice' } });
		const created = await api(sim, 'POST', '/applications/keys-app/api-keys', {
			key: userKey,
			body: { name: 'n8n', rights: ['RIGHT_APPLICATION_INFO'] },
		});
		expect(created.status).toBe(200);
		expect(created.body.key).toMatch(/^NNSXS\.[A-Z2-7]{39}\.[A-Z2-7]{52}$/);
		const listed = await api(sim, 'GET', '/applications/keys-app/api-keys', { key: userKey });
		expect(listed.headers.get('x-total-count')).toBe('1');
		expect(listed.body.api_keys[0].key).toBeUndefined();
		expect(
			(await api(sim, 'GET', '/applications/keys-app', { key: created.body.key })).status,
		).toBe(200);
		const updated = await api(sim, 'PUT', `/applications/keys-app/api-keys/${created.body.id}`, {
			key: userKey,
			body: {
				api_key: { rights: ['RIGHT_APPLICATION_DEVICES_READ'] },
				field_mask: { paths: ['rights'] },
			},
		});
		expect(updated.body.rights).toEqual(['RIGHT_APPLICATION_DEVICES_READ']);
		expect(
			(await api(sim, 'GET', '/applications/keys-app?field_mask=name', { key: created.body.key }))
				.status,
		).toBe(403);
		expect(
			(
				await api(sim, 'DELETE', `/applications/keys-app/api-keys/${created.body.id}`, {
					key: userKey,
				})
			).status,
		).toBe(200);
		const revoked = await api(sim, 'GET', '/applications/keys-app', { key: created.body.key });
		expect(errorName(revoked)).toBe('pkg/identityserver:api_key_not_found');
	});

	it('refuses a key with rights the caller does not have', async () => {
		const limited = sim.createApiKey({
			owner: { application: 'keys-app' },
			rights: ['RIGHT_APPLICATION_SETTINGS_API_KEYS'],
		}).key;
		const response = await api(sim, 'POST', '/applications/keys-app/api-keys', {
			key: limited,
			body: { rights: ['RIGHT_APPLICATION_DELETE'] },
		});
		expect(errorName(response)).toBe('pkg/auth/rights:insufficient_application_rights');
	});

	it('creates and soft-deletes users and clients', async () => {
		const user = await api(sim, 'POST', '/users', {
			key: adminKey,
			body: { user: { ids: { user_id: 'bo' }, primary_email_address: 'bo@example.com' } },
		});
		expect(user.status).toBe(200);
		const client = await api(sim, 'POST', '/users/alice/clients', {
			key: userKey,
			body: { client: { ids: { client_id: 'alice-client' } } },
		});
		expect(client.status).toBe(200);
		expect((await api(sim, 'DELETE', '/clients/alice-client', { key: userKey })).status).toBe(200);
		expect((await api(sim, 'POST', '/clients/alice-client/restore', { key: userKey })).status).toBe(
			200,
		);
		expect((await api(sim, 'DELETE', '/users/bo', { key: adminKey })).status).toBe(200);
		expect((await api(sim, 'DELETE', '/users/bo/purge', { key: adminKey })).status).toBe(200);
	});
});

describe('restore window and entity search', () => {
	let sim: Simulator;
	let now = Date.now();
	beforeAll(async () => {
		sim = await startSimulator({ now: () => now });
	});
	afterAll(() => sim.close());

	it('refuses to restore after the 24 h window', async () => {
		sim.createApplication({ applicationId: 'old-app', owner: { userId: 'carol' } });
		const key = sim.createUserKey('carol').key;
		expect((await api(sim, 'DELETE', '/applications/old-app', { key })).status).toBe(200);
		now += 25 * 60 * 60 * 1000;
		const response = await api(sim, 'POST', '/applications/old-app/restore', { key });
		expect(response.status).toBe(400);
		expect(errorName(response)).toBe('pkg/identityserver:restore_window_expired');
	});

	it('searches applications the caller can see, with X-Total-Count', async () => {
		sim.createApplication({
			applicationId: 'kitchen-app',
			name: 'Kitchen',
			owner: { userId: 'dave' },
		});
		sim.createApplication({
			applicationId: 'garage-app',
			name: 'Garage',
			owner: { userId: 'dave' },
		});
		sim.createApplication({
			applicationId: 'kitchen-other',
			name: 'Kitchen',
			owner: { userId: 'erin' },
		});
		const key = sim.createUserKey('dave').key;
		const response = await api(
			sim,
			'GET',
			'/search/applications?name_contains=kitch&field_mask=name',
			{ key },
		);
		expect(
			response.body.applications.map(
				(a: { ids: { application_id: string } }) => a.ids.application_id,
			),
		).toEqual(['kitchen-app']);
		expect(response.headers.get('x-total-count')).toBe('1');
	});
});

describe('search for deleted entities and by attribute', () => {
	let sim: Simulator;
	beforeAll(async () => {
		sim = await startSimulator();
	});
	afterAll(() => sim.close());

	it('finds deleted applications with deleted=true and filters by attributes_contain[key]', async () => {
		sim.createApplication({ applicationId: 'live-app', attributes: { site: 'north' } });
		sim.createApplication({ applicationId: 'gone-app', attributes: { site: 'south' } });
		const admin = sim.createAdminKey().key;
		expect((await api(sim, 'DELETE', '/applications/gone-app', { key: admin })).status).toBe(200);
		const deleted = await api(sim, 'GET', '/search/applications?deleted=true', { key: admin });
		expect(
			deleted.body.applications.map(
				(a: { ids: { application_id: string } }) => a.ids.application_id,
			),
		).toEqual(['gone-app']);
		const north = await api(sim, 'GET', '/search/applications?attributes_contain[site]=nor', {
			key: admin,
		});
		expect(
			north.body.applications.map((a: { ids: { application_id: string } }) => a.ids.application_id),
		).toEqual(['live-app']);
		expect(sim.contractViolations()).toEqual([]);
		expect(sim.contractWarnings()).toEqual([]);
	});
});

describe('public fields of Identity Server entities', () => {
	let sim: Simulator;
	let outsiderKey: string;
	beforeAll(async () => {
		sim = await startSimulator();
		sim.createUser('owner');
		sim.createApplication({
			applicationId: 'owned-app',
			owner: { userId: 'owner' },
			name: 'Secret name',
		});
		outsiderKey = sim.createUserKey('outsider', ['RIGHT_ALL']).key;
	});
	afterAll(() => sim.close());

	// pkg/identityserver application_registry.go getApplication: without rights, a field mask of
	// public fields only (PublicApplicationFields) is still answered.
	it('answers the public fields of an entity to a caller without rights on it', async () => {
		const response = await api(sim, 'GET', '/applications/owned-app?field_mask=ids', {
			key: outsiderKey,
		});
		expect(response.status).toBe(200);
		expect(response.body.ids).toEqual({ application_id: 'owned-app' });
		expect(response.body.name).toBeUndefined();
	});

	it('says not found for an unknown ID when only public fields are asked', async () => {
		const response = await api(sim, 'GET', '/applications/no-such-app?field_mask=ids', {
			key: outsiderKey,
		});
		expect(response.status).toBe(404);
		expect(errorName(response)).toBe('pkg/identityserver/store:application_not_found');
	});

	it('still refuses other fields without rights', async () => {
		const response = await api(sim, 'GET', '/applications/owned-app?field_mask=name', {
			key: outsiderKey,
		});
		expect(response.status).toBe(403);
		expect(errorName(response)).toBe('pkg/auth/rights:no_application_rights');
	});
});

describe('public fields and rights of Identity Server Get and Create', () => {
	let sim: Simulator;
	let outsiderKey: string;
	beforeAll(async () => {
		sim = await startSimulator({
			seed: {
				applications: [{ applicationId: 'owned-app', name: 'Secret', owner: { userId: 'owner' } }],
				gateways: [
					{
						gatewayId: 'owned-gw',
						name: 'Roof',
						frequencyPlanId: 'EU_863_870',
						owner: { userId: 'owner' },
					},
				],
			},
		});
		outsiderKey = sim.createUserKey('outsider', ['RIGHT_ALL']).key;
	});
	afterAll(() => sim.close());

	// application_registry.go getApplication: without a field mask only ids, created_at and
	// updated_at are asked for, all public.
	it('answers a Get without field mask to a caller without rights with the public fields', async () => {
		const response = await api(sim, 'GET', '/applications/owned-app', { key: outsiderKey });
		expect(response.status).toBe(200);
		expect(Object.keys(response.body).sort()).toEqual(['created_at', 'ids', 'updated_at']);
	});

	it('answers the public fields of each kind: a gateway name is public', async () => {
		const response = await api(sim, 'GET', '/gateways/owned-gw?field_mask=name', {
			key: outsiderKey,
		});
		expect(response.status).toBe(200);
		expect(response.body.name).toBe('Roof');
		const secret = await api(sim, 'GET', '/gateways/owned-gw?field_mask=lbs_lns_secret', {
			key: outsiderKey,
		});
		expect(errorName(secret)).toBe('pkg/auth/rights:no_gateway_rights');
	});

	// gateway_registry.go getGateway: frequency_plan_id is answered from frequency_plan_ids.
	it('answers the deprecated frequency_plan_id of a gateway from frequency_plan_ids', async () => {
		const response = await api(sim, 'GET', '/gateways/owned-gw?field_mask=frequency_plan_id', {
			key: outsiderKey,
		});
		expect(response.body.frequency_plan_id).toBe('EU_863_870');
		expect(response.body.frequency_plan_ids).toEqual(['EU_863_870']);
	});

	// The request validator runs before the handler; createApplication checks the blocklist
	// before the rights.
	it('refuses an invalid or reserved ID before looking at the rights', async () => {
		const weakKey = sim.createUserKey('outsider', ['RIGHT_USER_INFO']).key;
		const reserved = await api(sim, 'POST', '/users/outsider/applications', {
			key: weakKey,
			body: { application: { ids: { application_id: 'admin' } } },
		});
		expect(errorName(reserved)).toBe('pkg/identityserver/blocklist:forbidden_id');
		const invalid = await api(sim, 'POST', '/users/outsider/applications', {
			key: weakKey,
			body: { application: { ids: { application_id: 'Not_Valid' } } },
		});
		expect(errorName(invalid)).toBe('pkg/errors:validation');
	});

	// pkg/util/store/error.go WrapDriverError: id_taken wraps the driver's already_exists.
	it('answers id_taken with the store cause for a taken application ID', async () => {
		const response = await api(sim, 'POST', '/users/outsider/applications', {
			key: outsiderKey,
			body: { application: { ids: { application_id: 'owned-app' } } },
		});
		expect(response.status).toBe(409);
		expect(errorName(response)).toBe('pkg/util/store:id_taken');
		expect(response.body.details[0].cause.name).toBe('already_exists');
	});

	// entity_access.go IsAdmin is false when the caller cannot be authenticated.
	it('answers admins_purge_* also to a caller whose key is not accepted', async () => {
		const response = await api(sim, 'DELETE', '/applications/owned-app/purge', {
			key: 'NNSXS.UNKNOWNKEYID.SECRET',
		});
		expect(response.status).toBe(403);
		expect(errorName(response)).toBe('pkg/identityserver:admins_purge_applications');
	});
});

describe('Identity Server lists', () => {
	let sim: Simulator;
	let aliceKey: string;
	beforeAll(async () => {
		sim = await startSimulator({
			seed: {
				organizations: [{ organizationId: 'acme', members: { alice: ['RIGHT_ALL'] } }],
				applications: [
					{ applicationId: 'direct-app', name: 'Direct', owner: { userId: 'alice' } },
					{ applicationId: 'org-app', name: 'Via org', owner: { organizationId: 'acme' } },
					{ applicationId: 'foreign-app', name: 'Foreign', owner: { userId: 'bob' } },
					{ applicationId: 'limited-app', name: 'Limited', owner: { userId: 'bob' } },
				],
			},
		});
		sim
			.state()
			.identity.applications.get('limited-app')
			?.collaborators.set('user:alice', ['RIGHT_APPLICATION_DEVICES_READ']);
		aliceKey = sim.createUserKey('alice').key;
	});
	afterAll(() => sim.close());

	const ids = (response: { body: { applications?: Array<{ ids: { application_id: string } }> } }) =>
		(response.body.applications ?? []).map((application) => application.ids.application_id);

	// application_registry.go listApplications: the caller's own account, indirect memberships
	// included; entries without APPLICATION_INFO are PublicSafe.
	it('lists the applications of the caller, also through organizations, public-safe without INFO', async () => {
		const response = await api(sim, 'GET', '/applications?field_mask=name', { key: aliceKey });
		expect(ids(response)).toEqual(['direct-app', 'limited-app', 'org-app']);
		expect(response.headers.get('x-total-count')).toBe('3');
		const limited = response.body.applications.find(
			(application: { ids: { application_id: string } }) =>
				application.ids.application_id === 'limited-app',
		);
		expect(limited.name).toBeUndefined();
		expect(response.body.applications[0].name).toBe('Direct');
	});

	it('lists only direct memberships of a named collaborator', async () => {
		const response = await api(sim, 'GET', '/users/alice/applications', { key: aliceKey });
		expect(ids(response)).toEqual(['direct-app', 'limited-app']);
	});

	it('lists nothing for the key of an application', async () => {
		const appKey = sim.createApiKey({
			owner: { application: 'direct-app' },
			rights: ['RIGHT_APPLICATION_ALL'],
		}).key;
		const response = await api(sim, 'GET', '/applications', { key: appKey });
		expect(response.status).toBe(200);
		expect(response.body).toEqual({});
	});

	// listApplications lists memberships; only search (registry_search.go) finds all for admins.
	it('lists for an admin only the applications it is a member of', async () => {
		const adminKey = sim.createAdminKey().key;
		const listed = await api(sim, 'GET', '/applications', { key: adminKey });
		expect(listed.body).toEqual({});
		const searched = await api(sim, 'GET', '/search/applications', { key: adminKey });
		expect(ids(searched)).toEqual(['direct-app', 'foreign-app', 'limited-app', 'org-app']);
	});

	it('needs USER_APPLICATIONS_LIST on the user', async () => {
		const weakKey = sim.createUserKey('alice', ['RIGHT_USER_INFO']).key;
		const response = await api(sim, 'GET', '/applications', { key: weakKey });
		expect(errorName(response)).toBe('pkg/auth/rights:insufficient_user_rights');
		expect(response.body.details[0].attributes.missing).toEqual(['RIGHT_USER_APPLICATIONS_LIST']);
	});

	// user_registry.go listUsers: RequireAdmin.
	it('lists users for admins only', async () => {
		const byUser = await api(sim, 'GET', '/users', { key: aliceKey });
		expect(byUser.status).toBe(403);
		expect(errorName(byUser)).toBe('pkg/identityserver:permission_denied');
		const byAdmin = await api(sim, 'GET', '/users', { key: sim.createAdminKey().key });
		expect(byAdmin.status).toBe(200);
		expect(
			byAdmin.body.users.map((user: { ids: { user_id: string } }) => user.ids.user_id),
		).toEqual(expect.arrayContaining(['admin', 'alice', 'bob']));
	});

	// organization_registry.go listOrganizations: an organization has no organizations.
	it('refuses to list the organizations of an organization', async () => {
		const orgKey = sim.createApiKey({ owner: { organization: 'acme' }, rights: ['RIGHT_ALL'] }).key;
		const response = await api(sim, 'GET', '/organizations', { key: orgKey });
		expect(response.status).toBe(400);
		expect(errorName(response)).toBe('pkg/identityserver:nested_organizations');
	});
});

describe('gateway EUIs', () => {
	let sim: Simulator;
	let key: string;
	beforeAll(async () => {
		sim = await startSimulator({
			seed: {
				gateways: [
					{ gatewayId: 'gw-a', eui: 'B827EBFFFE00000A', owner: { userId: 'alice' } },
					{ gatewayId: 'gw-b', eui: 'B827EBFFFE00000B', owner: { userId: 'alice' } },
				],
			},
		});
		key = sim.createUserKey('alice').key;
	});
	afterAll(() => sim.close());

	const moveTo = (gatewayId: string, eui: string) =>
		api(sim, 'PUT', `/gateways/${gatewayId}`, {
			key,
			body: {
				gateway: { ids: { gateway_id: gatewayId, eui } },
				field_mask: { paths: ['ids.eui'] },
			},
		});

	// The gateways table's unique EUI index answers pkg/util/store:eui_taken on update.
	it('refuses to give a gateway an EUI another gateway holds', async () => {
		const response = await moveTo('gw-b', 'B827EBFFFE00000A');
		expect(response.status).toBe(409);
		expect(errorName(response)).toBe('pkg/util/store:eui_taken');
	});

	it('frees the old EUI when a gateway gets a new one', async () => {
		expect((await moveTo('gw-b', 'B827EBFFFE0000BB')).status).toBe(200);
		const created = await api(sim, 'POST', '/users/alice/gateways', {
			key,
			body: { gateway: { ids: { gateway_id: 'gw-c', eui: 'B827EBFFFE00000B' } } },
		});
		expect(created.status).toBe(200);
		const taken = await api(sim, 'POST', '/users/alice/gateways', {
			key,
			body: { gateway: { ids: { gateway_id: 'gw-d', eui: 'B827EBFFFE0000BB' } } },
		});
		expect(errorName(taken)).toBe('pkg/identityserver:gateway_eui_taken');
	});
});

// pkg/identityserver/application_access.go createApplicationAPIKey, updateApplicationAPIKey.
describe('application API key rights', () => {
	let sim: Simulator;
	let ownerKey: string;
	beforeAll(async () => {
		sim = await startSimulator({
			seed: { applications: [{ applicationId: 'keys-app', owner: { userId: 'alice' } }] },
		});
		ownerKey = sim.createUserKey('alice').key;
	});
	afterAll(() => sim.close());

	const createKey = async (key: string, rights: string[]) =>
		await api(sim, 'POST', '/applications/keys-app/api-keys', { key, body: { rights } });

	it('names the requested rights the caller lacks', async () => {
		const limited = sim.createApiKey({
			owner: { application: 'keys-app' },
			rights: ['RIGHT_APPLICATION_SETTINGS_API_KEYS', 'RIGHT_APPLICATION_INFO'],
		}).key;
		const response = await createKey(limited, ['RIGHT_APPLICATION_INFO', 'RIGHT_APPLICATION_ALL']);
		expect(errorName(response)).toBe('pkg/auth/rights:insufficient_application_rights');
		expect(response.body.details[0].attributes.missing).toEqual(['RIGHT_APPLICATION_ALL']);
	});

	it('needs the rights it removes from a key, not only those it adds', async () => {
		const created = await createKey(ownerKey, [
			'RIGHT_APPLICATION_INFO',
			'RIGHT_APPLICATION_DELETE',
		]);
		const limited = sim.createApiKey({
			owner: { application: 'keys-app' },
			rights: ['RIGHT_APPLICATION_SETTINGS_API_KEYS', 'RIGHT_APPLICATION_INFO'],
		}).key;
		const response = await api(sim, 'PUT', `/applications/keys-app/api-keys/${created.body.id}`, {
			key: limited,
			body: { api_key: { rights: ['RIGHT_APPLICATION_INFO'] }, field_mask: { paths: ['rights'] } },
		});
		expect(response.body.details[0].attributes.missing).toEqual(['RIGHT_APPLICATION_DELETE']);
	});

	it('deletes a key whose rights are set to none', async () => {
		const created = await createKey(ownerKey, ['RIGHT_APPLICATION_INFO']);
		const response = await api(sim, 'PUT', `/applications/keys-app/api-keys/${created.body.id}`, {
			key: ownerKey,
			body: { api_key: { rights: [] }, field_mask: { paths: ['rights'] } },
		});
		expect(response.status).toBe(200);
		expect(response.body).toEqual({});
		const after = await api(sim, 'GET', `/applications/keys-app/api-keys/${created.body.id}`, {
			key: ownerKey,
		});
		expect(errorName(after)).toBe('pkg/identityserver/store:api_key_not_found');
	});
});
