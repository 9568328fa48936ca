import type { Simulator } from '../../../../../simulator';
import { startSimulator } from '../../../../../simulator';
import { byId, outputJson, pairedItems, requestsOf, runNode } from '../simulatorRun';

describe('Application → Create', () => {
	let sim: Simulator;
	let key: string;

	beforeEach(async () => {
		sim = await startSimulator({
			seed: { organizations: [{ organizationId: 'acme', members: { alice: ['RIGHT_ALL'] } }] },
		});
		key = sim.createUserKey('alice').key;
	});

	afterEach(async () => {
		expect(sim.contractViolations()).toEqual([]);
		await sim.close();
	});

	it('creates applications for the key’s user, one per item', async () => {
		const run = await runNode(
			sim,
			key,
			{
				resource: 'application',
				operation: 'create',
				applicationId: '={{ $json.id }}',
				additionalFields: {
					name: '={{ $json.name }}',
					attributes: { attribute: [{ name: 'cost-center', value: '42' }] },
					networkServerAddress: 'https://eu1.cloud.thethings.network/',
				},
			},
			{
				items: [
					{ id: 'farm-sensors', name: 'Farm' },
					{ id: 'city-sensors', name: 'City' },
				],
			},
		);
		expect(run.error).toBeUndefined();
		expect(outputJson(run)).toEqual([
			expect.objectContaining({
				ids: { application_id: 'farm-sensors' },
				name: 'Farm',
				attributes: { 'cost-center': '42' },
				network_server_address: 'eu1.cloud.thethings.network',
			}),
			expect.objectContaining({ ids: { application_id: 'city-sensors' }, name: 'City' }),
		]);
		expect(pairedItems(run)).toEqual([0, 1]);
		expect([
			...sim.state().identity.applications.get('farm-sensors')!.collaborators.keys(),
		]).toEqual(['user:alice']);
	});

	it('creates under an organization', async () => {
		const run = await runNode(sim, key, {
			resource: 'application',
			operation: 'create',
			applicationId: 'org-app',
			owner: 'organization',
			organizationId: byId('acme'),
		});
		expect(run.error).toBeUndefined();
		expect(requestsOf(sim)).toEqual(['POST /api/v3/organizations/acme/applications']);
		expect([...sim.state().identity.applications.get('org-app')!.collaborators.keys()]).toEqual([
			'organization:acme',
		]);
	});

	it('creates for an organization when the key is the organization’s', async () => {
		const organizationKey = sim.createApiKey({
			owner: { organization: 'acme' },
			rights: ['RIGHT_ALL'],
		});
		const run = await runNode(sim, organizationKey.key, {
			resource: 'application',
			operation: 'create',
			applicationId: 'by-org-key',
		});
		expect(run.error).toBeUndefined();
		expect(requestsOf(sim)).toEqual([
			'GET /api/v3/auth_info',
			'POST /api/v3/organizations/acme/applications',
		]);
	});

	it('refuses bad IDs and fields of any item before creating anything', async () => {
		const run = await runNode(
			sim,
			key,
			{
				resource: 'application',
				operation: 'create',
				applicationId: '={{ $json.id }}',
				additionalFields: { joinServerAddress: '={{ $json.js }}' },
			},
			{
				items: [
					{ id: 'good-app', js: 'js.example.com' },
					{ id: 'good-too', js: 'not a host' },
				],
			},
		);
		expect(run.error?.name).toBe('NodeOperationError');
		expect(run.error?.message).toMatch(
			/^Join Server Address "not a host" is not a host name.*\[item 1\]$/,
		);
		expect(requestsOf(sim)).toEqual([]);
	});

	it('reports a taken ID as an API error and goes on with Continue On Fail', async () => {
		sim.createApplication({ applicationId: 'taken-app' });
		const run = await runNode(
			sim,
			key,
			{ resource: 'application', operation: 'create', applicationId: '={{ $json.id }}' },
			{ items: [{ id: 'taken-app' }, { id: 'free-app' }], onError: 'continueRegularOutput' },
		);
		const [taken, created] = outputJson(run);
		expect(taken).toMatchObject({
			error: expect.stringMatching(/^ID already taken.*\[item 0\]$/),
			details: { ttsError: 'pkg/util/store:id_taken', httpCode: '409' },
		});
		expect(created.ids).toEqual({ application_id: 'free-app' });
		expect(pairedItems(run)).toEqual([0, 1]);
	});
});
