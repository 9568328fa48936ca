import { startSimulator, Simulator } from '../../../../simulator';
import { api, errorName } from '../../helpers';

// pkg/identityserver/store/pagination.go WithPagination, WithOrder; List*Request validation.
describe('Identity Server pagination and order', () => {
	let sim: Simulator;
	let key: string;
	beforeAll(async () => {
		sim = await startSimulator({
			seed: {
				applications: ['app-c', 'app-a', 'app-b'].map((applicationId) => ({
					applicationId,
					name: applicationId.toUpperCase(),
					owner: { userId: 'alice' },
				})),
			},
		});
		key = sim.createUserKey('alice').key;
	});
	afterAll(() => sim.close());

	const ids = (response: { body: { applications?: Array<{ ids: { application_id: string } }> } }) =>
		(response.body.applications ?? []).map((application) => application.ids.application_id);

	it('orders by ID by default, pages from 1 (page 0 is page 1) and counts all in X-Total-Count', async () => {
		const first = await api(sim, 'GET', '/applications?limit=2&page=0', { key });
		expect(ids(first)).toEqual(['app-a', 'app-b']);
		expect(first.headers.get('x-total-count')).toBe('3');
		const second = await api(sim, 'GET', '/applications?limit=2&page=2', { key });
		expect(ids(second)).toEqual(['app-c']);
		const descending = await api(sim, 'GET', '/applications?order=-name', { key });
		expect(ids(descending)).toEqual(['app-c', 'app-b', 'app-a']);
	});

	it('refuses a limit above 1000', async () => {
		const response = await api(sim, 'GET', '/applications?limit=1001', { key });
		expect(response.status).toBe(400);
		expect(errorName(response)).toBe('pkg/errors:validation');
		expect(response.body.details[0].attributes.field).toBe('limit');
	});

	it('refuses an order the request does not define', async () => {
		const response = await api(sim, 'GET', '/applications?order=description', { key });
		expect(response.status).toBe(400);
		expect(response.body.details[0].attributes.field).toBe('order');
		const search = await api(sim, 'GET', '/search/applications?order=-created_at', { key });
		expect(search.status).toBe(200);
	});

	it('answers an empty list as {}', async () => {
		const response = await api(sim, 'GET', '/applications/app-a/api-keys', { key });
		expect(response.status).toBe(200);
		expect(response.body).toEqual({});
		expect(response.headers.get('x-total-count')).toBe('0');
	});
});
