import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { Simulator, SimulatorOptions } from '../../../simulator';
import { startSimulator } from '../../../simulator';
import { capturedLogs } from '../../support/logging';
import type { ActiveTrigger } from '../../support/trigger';
import { activateTrigger, waitFor, waitForItemsOrQuiet } from '../../support/trigger';

/**
 * Outages longer than the server's event history holds: what the trigger recovers, and what it
 * reports when it cannot. The events store's clock (`now`) is moved on to make an outage long:
 * payloads expire after 10 minutes (events.redis.store.ttl), entity histories hold
 * `eventHistoryPerEntity` events.
 */

const minute = 60_000;
const watchApp1: INodeParameters = {
	watch: 'application',
	applicationId: { __rl: true, mode: 'id', value: 'app1' },
	events: ['uplink'],
	output: 'raw',
};

function gapsOf(trigger: ActiveTrigger): IDataObject[] {
	return trigger.items().flatMap((item) => (item.json.streamGaps as IDataObject[]) ?? []);
}

function asSaved(staticData: IDataObject): IDataObject {
	return JSON.parse(JSON.stringify(staticData)) as IDataObject;
}

describe('The Things Stack Trigger after long outages, without a Storage Integration', () => {
	let sim: Simulator;
	let key: string;
	let clockOffsetMs = 0;
	const active: ActiveTrigger[] = [];

	const start = async (options: SimulatorOptions = {}) => {
		clockOffsetMs = 0;
		sim = await startSimulator({ port: 0, now: () => Date.now() + clockOffsetMs, ...options });
		sim.seed({
			applications: [{ applicationId: 'app1' }],
			devices: [{ applicationId: 'app1', deviceId: 'dev1', joined: true }],
		});
		key = sim.createApiKey({
			owner: { application: 'app1' },
			rights: ['RIGHT_APPLICATION_ALL'],
		}).key;
	};

	const activate = async (parameters: INodeParameters, staticData?: IDataObject) => {
		const trigger = await activateTrigger({
			parameters,
			credentials: { apiKey: key, serverAddress: sim.url },
			staticData,
		});
		active.push(trigger);
		return trigger;
	};

	const uplink = () => sim.sendUplink({ applicationId: 'app1', deviceId: 'dev1' });

	afterEach(async () => {
		for (const trigger of active.splice(0)) await trigger.close();
		expect(sim.contractViolations()).toEqual([]);
		await sim.close();
	});

	it('says once, at activation, that missed uplinks cannot be read back', async () => {
		await start();
		const logsFrom = capturedLogs().length;
		const trigger = await activate(watchApp1);
		uplink();
		uplink();
		await waitFor(() => trigger.items().length === 2);
		expect(trigger.items().map((item) => item.json.streamGaps)).toEqual([
			[
				{
					reason: 'no_storage_integration',
					server: `cluster (${sim.url})`,
					from: expect.any(String),
					to: expect.any(String),
					entities: ['application:app1'],
					message: expect.stringMatching(
						/^Missed uplinks cannot be recovered \(application "app1": the server offers no Storage Integration \(HTTP 501\)\)\. /,
					),
				},
			],
			undefined,
		]);
		// A notice, not a loss: no failed execution.
		expect(trigger.failedExecutions).toEqual([]);
		const warnings = capturedLogs()
			.slice(logsFrom)
			.filter((entry) => entry.level === 'warn' && /Storage Integration/.test(entry.message));
		expect(warnings).toHaveLength(1);
	});

	it('reports the uplinks of a restart longer than the payloads are kept, which come back without data', async () => {
		await start();
		const first = await activate(watchApp1);
		uplink();
		await waitFor(() => first.items().length === 1);
		await first.close();
		for (let index = 0; index < 3; index++) uplink();
		clockOffsetMs = 20 * minute;

		const second = await activate(watchApp1, asSaved(first.staticData));
		uplink();
		await waitForItemsOrQuiet(second, 4);
		const items = second.items().map((item) => item.json);
		// The three missed uplinks as the server replays them (no data, the application's
		// identifiers), then the live one.
		expect(items.map((item) => [item.name, item.data === undefined])).toEqual([
			['as.up.data.forward', true],
			['as.up.data.forward', true],
			['as.up.data.forward', true],
			['as.up.data.forward', false],
		]);
		expect(gapsOf(second).map((gap) => gap.reason)).toEqual([
			'no_storage_integration',
			'history_without_data',
		]);
		expect(gapsOf(second)[1]).toMatchObject({
			from: expect.any(String),
			to: expect.any(String),
			message: expect.stringContaining('came without their payload'),
		});
		expect(second.failedExecutions.map((error) => error.message)).toEqual([
			expect.stringMatching(/^Events may be missing between /),
		]);
	});

	it('reports the events a restart missed beyond what the history of the application holds', async () => {
		await start({ eventHistoryPerEntity: 5 });
		const first = await activate(watchApp1);
		uplink();
		await waitFor(() => first.items().length === 1);
		await first.close();
		for (let index = 0; index < 10; index++) uplink();

		const second = await activate(watchApp1, asSaved(first.staticData));
		await waitForItemsOrQuiet(second, 5);
		expect(
			second
				.items()
				.map((item) =>
					Number(((item.json.data as IDataObject).uplink_message as IDataObject).f_cnt),
				),
		).toEqual([7, 8, 9, 10, 11]);
		expect(gapsOf(second)).toEqual([
			expect.objectContaining({ reason: 'no_storage_integration' }),
			expect.objectContaining({
				reason: 'history_truncated',
				entities: ['application:app1'],
				// From the last event emitted before the restart.
				from: new Date(Date.parse(String(first.items()[0].json.time))).toISOString(),
			}),
		]);
	});
});
