import type { INodeParameters } from 'n8n-workflow';

import type { Simulator } from '../../../../../simulator';
import { startSimulator } from '../../../../../simulator';
import { byId, outputJson, pairedItems, requestsOf, runNode } from '../simulatorRun';

describe('Gateway → Update', () => {
	let sim: Simulator;
	let key: string;

	beforeEach(async () => {
		sim = await startSimulator({
			seed: {
				gateways: [
					{ gatewayId: 'gw-one', eui: 'B827EBFFFE000001', name: 'Old', owner: { userId: 'alice' } },
				],
			},
		});
		key = sim.createUserKey('alice').key;
		// An antenna with a gain, as a gateway's own settings would have it.
		sim.state().identity.gateways.get('gw-one')!.entity.antennas = [{ gain: 3 }];
	});

	afterEach(async () => {
		expect(sim.contractViolations()).toEqual([]);
		await sim.close();
	});

	const update = (updateFields: INodeParameters) => ({
		resource: 'gateway',
		operation: 'update',
		gatewayId: byId('gw-one'),
		updateFields,
	});

	it('writes only the given fields, with a field mask', async () => {
		const run = await runNode(
			sim,
			key,
			update({
				name: 'New',
				frequencyPlanIds: ['US_902_928_FSB_2'],
				statusPublic: true,
				gatewayEui: 'B827EBFFFE0000AA',
			}),
		);
		expect(run.error).toBeUndefined();
		const entry = sim.requestLog().find((request) => request.method === 'PUT');
		expect((entry?.body as { field_mask: { paths: string[] } }).field_mask.paths.sort()).toEqual([
			'frequency_plan_ids',
			'ids.eui',
			'name',
			'status_public',
		]);
		const stored = sim.state().identity.gateways.get('gw-one')!.entity;
		expect(stored).toMatchObject({
			name: 'New',
			frequency_plan_ids: ['US_902_928_FSB_2'],
			status_public: true,
			ids: { gateway_id: 'gw-one', eui: 'B827EBFFFE0000AA' },
		});
		expect(outputJson(run)[0]).toMatchObject({ name: 'New' });
		expect(pairedItems(run)).toEqual([0]);
	});

	it('sets the location on the first antenna and keeps its other settings', async () => {
		const run = await runNode(
			sim,
			key,
			update({ location: { position: { latitude: 48.85, longitude: 2.35, altitude: 35 } } }),
		);
		expect(run.error).toBeUndefined();
		expect(sim.state().identity.gateways.get('gw-one')!.entity.antennas).toEqual([
			{
				gain: 3,
				location: { latitude: 48.85, longitude: 2.35, altitude: 35, source: 'SOURCE_REGISTRY' },
			},
		]);
		expect(requestsOf(sim)).toEqual(['GET /api/v3/gateways/gw-one', 'PUT /api/v3/gateways/gw-one']);
	});

	it('refuses an empty update and bad values before any request', async () => {
		for (const [fields, message] of [
			[{}, /^Update Fields is empty \[item 0\]$/],
			[{ gatewayEui: 'XYZ' }, /^Gateway EUI "XYZ" is not hexadecimal/],
			[{ name: 'n'.repeat(51) }, /^Name is 51 characters long/],
		] as Array<[INodeParameters, RegExp]>) {
			const run = await runNode(sim, key, update(fields));
			expect(run.error?.name).toBe('NodeOperationError');
			expect(run.error?.message).toMatch(message);
		}
		expect(requestsOf(sim)).toEqual([]);
	});

	it('passes on the API error of a missing gateway', async () => {
		const run = await runNode(sim, key, {
			...update({ name: 'x' }),
			gatewayId: byId('gw-missing'),
		});
		expect(run.error?.name).toBe('NodeApiError');
		expect(run.error?.message).toMatch(/gw-missing/);
	});
});
