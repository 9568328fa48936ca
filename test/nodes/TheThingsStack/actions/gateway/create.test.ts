import type { Simulator } from '../../../../../simulator';
import { startSimulator } from '../../../../../simulator';
import { byId, outputJson, pairedItems, requestsOf, runNode } from '../simulatorRun';

describe('Gateway → Create', () => {
	let sim: Simulator;
	let userKey: string;

	beforeEach(async () => {
		sim = await startSimulator();
		userKey = sim.createUserKey('alice').key;
		sim.createOrganization({
			organizationId: 'acme',
			members: { alice: ['RIGHT_ORGANIZATION_ALL'] },
		});
	});

	afterEach(async () => {
		expect(sim.contractViolations()).toEqual([]);
		await sim.close();
	});

	const create = (parameters: Record<string, unknown>) => ({
		resource: 'gateway',
		operation: 'create',
		frequencyPlanIds: ['EU_863_870'],
		...parameters,
	});

	it('registers a gateway owned by the key’s user, with the credential’s cluster as Gateway Server', async () => {
		const run = await runNode(
			sim,
			userKey,
			create({
				gatewayId: 'roof-gateway',
				gatewayEui: 'b8:27:eb:ff:fe:00:00:01',
				additionalFields: {
					name: 'Roof',
					attributes: { attribute: [{ name: 'site', value: 'hq' }] },
					location: { position: { latitude: 52.37, longitude: 4.89, altitude: 12.4 } },
					statusPublic: true,
				},
			}),
		);
		expect(run.error).toBeUndefined();
		const [gateway] = outputJson(run);
		expect(gateway).toMatchObject({
			ids: { gateway_id: 'roof-gateway', eui: 'B827EBFFFE000001' },
			name: 'Roof',
			frequency_plan_ids: ['EU_863_870'],
			gateway_server_address: new URL(sim.url).host,
			enforce_duty_cycle: true,
			status_public: true,
			attributes: { site: 'hq' },
			antennas: [
				{ location: { latitude: 52.37, longitude: 4.89, altitude: 12, source: 'SOURCE_REGISTRY' } },
			],
		});
		expect(pairedItems(run)).toEqual([0]);
		const record = sim.state().identity.gateways.get('roof-gateway');
		expect(
			record?.collaborators.has('user:alice') || [...(record?.collaborators.keys() ?? [])],
		).toBe(true);
		expect(requestsOf(sim)).toContain('POST /api/v3/users/alice/gateways');
	});

	it('derives the ID from the EUI and creates under an organization', async () => {
		const run = await runNode(
			sim,
			userKey,
			create({
				gatewayEui: 'B827EBFFFE000002',
				owner: 'organization',
				organizationId: byId('acme'),
			}),
		);
		expect(run.error).toBeUndefined();
		expect(outputJson(run)[0].ids).toEqual({
			gateway_id: 'eui-b827ebfffe000002',
			eui: 'B827EBFFFE000002',
		});
		expect(requestsOf(sim)).toContain('POST /api/v3/organizations/acme/gateways');
	});

	// The Identity Server checks only the number and length of the plan IDs
	// (api/ttn/lorawan/v3/gateway.proto frequency_plan_ids), and the Console offers every plan of
	// the Gateway Server (sdk/js/src/service/configuration.js listGsFrequencyPlans, no
	// gateways_only): EU_863_870_TTN, which most TTN gateways in Europe use, is not marked for
	// gateways in frequency-plans.yml.
	it('registers a gateway on any plan the Gateway Server knows, also one not marked for gateways', async () => {
		const run = await runNode(
			sim,
			userKey,
			create({ gatewayId: 'ttn-gateway', frequencyPlanIds: ['EU_863_870_TTN'] }),
		);
		expect(run.error).toBeUndefined();
		expect(outputJson(run)[0].frequency_plan_ids).toEqual(['EU_863_870_TTN']);
	});

	it('refuses bad input before sending anything, naming the item and the field', async () => {
		const cases: Array<[Record<string, unknown>, RegExp]> = [
			[{ gatewayId: 'Bad_ID' }, /^Gateway ID "Bad_ID" is not valid.*\[item 0\]$/],
			[{ gatewayEui: '12345' }, /^Gateway EUI "12345" has 5 hex digits/],
			[{ gatewayId: '', gatewayEui: '' }, /^Gateway ID is empty/],
			[{ frequencyPlanIds: '={{ [] }}' }, /^Frequency Plans is empty/],
			[{ frequencyPlanIds: ['MARS_1'] }, /^Frequency plan "MARS_1" is not known to the server/],
			[
				{ additionalFields: { gatewayServerAddress: 'not a host' } },
				/^Gateway Server Address "not a host" is not a host name/,
			],
			[
				{ additionalFields: { attributes: { attribute: [{ name: 'Bad Key', value: 'x' }] } } },
				/^Attribute name "Bad Key" is not valid/,
			],
			[
				{ additionalFields: { location: { position: { latitude: 91, longitude: 0 } } } },
				/^Latitude "91" is not valid/,
			],
			[
				{ owner: 'organization', organizationId: byId('={{ "No" }}') },
				/^Organization ID "No" is not valid/,
			],
		];
		for (const [parameters, message] of cases) {
			sim.clearRequestLog();
			const run = await runNode(sim, userKey, create({ gatewayId: 'gw-1', ...parameters }));
			expect(run.error?.name).toBe('NodeOperationError');
			expect(run.error?.message).toMatch(message);
			expect(run.error?.message).toMatch(/\[item 0\]$/);
			const sent = requestsOf(sim).filter((request) => !request.includes('/configuration/'));
			expect(sent).toEqual([]);
		}
	});

	it('checks every item before registering the first', async () => {
		const run = await runNode(sim, userKey, create({ gatewayId: '={{ $json.id }}' }), {
			items: [{ id: 'good-gateway' }, { id: 'bad gateway' }],
		});
		expect(run.error?.message).toMatch(/^Gateway ID "bad gateway" is not valid.*\[item 1\]$/);
		expect(sim.state().identity.gateways.has('good-gateway')).toBe(false);
	});

	it('keeps other items going with Continue On Fail, and reports API errors as such', async () => {
		sim.createGateway({ gatewayId: 'taken-gateway', eui: 'B827EBFFFE0000FF' });
		const run = await runNode(
			sim,
			userKey,
			create({ gatewayId: '={{ $json.id }}', gatewayEui: '={{ $json.eui }}' }),
			{
				items: [
					{ id: 'gw-a', eui: 'B827EBFFFE00000A' },
					{ id: 'gw-b', eui: 'B827EBFFFE0000FF' },
					{ id: 'gw-c', eui: '' },
				],
				onError: 'continueRegularOutput',
			},
		);
		expect(run.error).toBeUndefined();
		const [first, second, third] = outputJson(run);
		expect(first.ids).toEqual({ gateway_id: 'gw-a', eui: 'B827EBFFFE00000A' });
		expect(second).toMatchObject({
			error: expect.stringMatching(
				/EUI `B827EBFFFE0000FF` is already registered.*taken-gateway.*\[item 1\]/,
			),
			details: { ttsError: 'pkg/identityserver:gateway_eui_taken', httpCode: '409' },
		});
		expect(third.ids).toEqual({ gateway_id: 'gw-c' });
		expect(pairedItems(run)).toEqual([0, 1, 2]);
	});

	it('fails with a NodeApiError carrying the TTS message when the key may not create gateways', async () => {
		const appKey = sim.createApiKey({
			owner: { application: 'some-app' },
			rights: ['RIGHT_APPLICATION_ALL'],
		});
		const run = await runNode(
			sim,
			appKey.key,
			create({ gatewayId: 'gw-1', owner: 'user', userId: byId('alice') }),
		);
		expect(run.error?.name).toBe('NodeApiError');
		expect(run.error?.message).toMatch(/rights/i);
	});

	it('asks for an owner when the API key belongs to an application', async () => {
		sim.createApplication({ applicationId: 'some-app' });
		const appKey = sim.createApiKey({
			owner: { application: 'some-app' },
			rights: ['RIGHT_APPLICATION_ALL'],
		});
		const run = await runNode(sim, appKey.key, create({ gatewayId: 'gw-1' }));
		expect(run.error?.name).toBe('NodeOperationError');
		expect(run.error?.message).toMatch(
			/^The API key belongs to application "some-app", so it cannot own the new gateway/,
		);
		expect(requestsOf(sim)).not.toContain('POST /api/v3/users/alice/gateways');
	});
});
