import { startSimulator, Simulator } from '../../../simulator';
import { api, errorName } from '../helpers';

// pkg/identityserver/entity_access.go authInfo, after pkg/rpcmetadata split the Authorization
// header at its first space.
describe('authentication of the Authorization header', () => {
	let sim: Simulator;
	beforeAll(async () => {
		sim = await startSimulator({ seed: { applications: [{ applicationId: 'app1' }] } });
	});
	afterAll(() => sim.close());

	const authInfo = (authorization: string) =>
		api(sim, 'GET', '/auth_info', { headers: { Authorization: authorization } });

	it('treats a header without a scheme as no credentials', async () => {
		const key = sim.createUserKey('alice').key;
		const response = await authInfo(key);
		expect(response.status).toBe(200);
		expect(response.body).toEqual({});
	});

	it('answers unsupported_authorization for a scheme other than Bearer', async () => {
		const response = await authInfo('Basic YWxpY2U6c2VjcmV0');
		expect(response.status).toBe(401);
		expect(errorName(response)).toBe('pkg/identityserver:unsupported_authorization');
	});

	it('accepts the Bearer scheme in any case', async () => {
		const key = sim.createUserKey('alice').key;
		const response = await authInfo(`bearer ${key}`);
		expect(response.body.api_key.entity_ids).toEqual({ user_ids: { user_id: 'alice' } });
	});

	it('answers token_not_found for OAuth access and session tokens it never issued', async () => {
		for (const type of ['MFRWG', 'ONZW4']) {
			const response = await authInfo(`Bearer ${type}.ABCDEF.GHIJKL`);
			expect(response.status).toBe(401);
			expect(errorName(response)).toBe('pkg/identityserver:token_not_found');
		}
	});

	it('looks up a key with an empty ID and answers api_key_not_found', async () => {
		const response = await authInfo('Bearer NNSXS..SECRET');
		expect(response.status).toBe(401);
		expect(errorName(response)).toBe('pkg/identityserver:api_key_not_found');
	});

	it('answers api_key_not_found for the key of a deleted user', async () => {
		const key = sim.createUserKey('leaver').key;
		const admin = sim.createAdminKey().key;
		expect((await api(sim, 'DELETE', '/users/leaver', { key: admin })).status).toBe(200);
		const response = await authInfo(`Bearer ${key}`);
		expect(response.status).toBe(401);
		expect(errorName(response)).toBe('pkg/identityserver:api_key_not_found');
	});
});
