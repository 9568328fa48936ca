import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { Simulator } from '../../../simulator';
import { startSimulator } from '../../../simulator';
import type { ActiveTrigger } from '../../support/trigger';
import { activateTrigger, waitFor, waitForItemsOrQuiet } from '../../support/trigger';

const locator = (value: string) => ({ __rl: true, mode: 'id', value });
const watchApplication = (applicationId = 'app1'): INodeParameters => ({
	watch: 'application',
	applicationId: locator(applicationId),
});

const UNKNOWN_KEY =
	'NNSXS.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB';

function eventRequests(sim: Simulator) {
	return sim.requestLog().filter((entry) => entry.path === '/api/v3/events');
}

async function errorOf(promise: Promise<unknown>): Promise<Error & { description?: string }> {
	return await promise.then(
		() => {
			throw new Error('activation succeeded');
		},
		(error: Error) => error,
	);
}

describe('The Things Stack Trigger', () => {
	let sim: Simulator;
	let key: string;
	let trigger: ActiveTrigger | undefined;

	const activate = async (parameters: INodeParameters, credentials: IDataObject = {}) => {
		trigger = await activateTrigger({
			parameters,
			credentials: { apiKey: key, serverAddress: sim.url, ...credentials },
		});
		return trigger;
	};

	beforeEach(async () => {
		sim = await startSimulator({ port: 0 });
		sim.seed({
			applications: [{ applicationId: 'app1' }, { applicationId: 'app2' }],
			devices: [
				{ applicationId: 'app1', deviceId: 'dev1', joined: true },
				{ applicationId: 'app1', deviceId: 'dev2', joined: true },
			],
			gateways: [{ gatewayId: 'gw1' }],
		});
		key = sim.createApiKey({
			owner: { application: 'app1' },
			rights: ['RIGHT_APPLICATION_ALL'],
		}).key;
	});

	afterEach(async () => {
		await trigger?.close();
		trigger = undefined;
		expect(sim.contractViolations()).toEqual([]);
		await sim.close();
	});

	describe('delivery', () => {
		it('emits each uplink as a simplified item, subscribing to the application only', async () => {
			const activatedAt = Date.now();
			const active = await activate({ ...watchApplication(), events: ['uplink'] });
			sim.sendUplink({
				applicationId: 'app1',
				deviceId: 'dev1',
				fPort: 7,
				payload: Buffer.from([0xca, 0xfe]),
				rssi: -87,
				snr: 4.5,
			});
			sim.sendUplink({ applicationId: 'app1', deviceId: 'dev2', payload: Buffer.from([1]) });
			await waitFor(() => active.items().length === 2, { what: 'two uplinks' });
			expect(active.emits).toHaveLength(2);
			const [first, second] = active.items().map((item) => item.json);
			expect(first).toMatchObject({
				event: 'as.up.data.forward',
				applicationId: 'app1',
				deviceId: 'dev1',
				devEui: expect.stringMatching(/^[0-9A-F]{16}$/),
				fPort: 7,
				fCnt: 1,
				payloadHex: 'CAFE',
				payloadBase64: 'yv4=',
				rssi: -87,
				snr: 4.5,
				gatewayCount: 1,
			});
			expect((first.raw as IDataObject).name).toBe('as.up.data.forward');
			expect(second).toMatchObject({ deviceId: 'dev2', payloadHex: '01' });
			const [subscription] = eventRequests(sim);
			// The largest buffer TTS gives a stream, and no history from before the activation.
			expect(subscription.body).toEqual({
				identifiers: [{ application_ids: { application_id: 'app1' } }],
				names: ['as.up.data.forward'],
				tail: 1024,
				after: expect.any(String),
			});
			expect(Date.parse(String((subscription.body as IDataObject).after))).toBeGreaterThanOrEqual(
				activatedAt,
			);
			expect(subscription.headers['user-agent']).toMatch(/^n8n-nodes-the-things-stack\//);
			expect(active.errors).toEqual([]);
		});

		it('emits the event exactly as The Things Stack sent it with output "Raw Event"', async () => {
			const active = await activate({ ...watchApplication(), events: ['uplink'], output: 'raw' });
			const published: IDataObject[] = [];
			const stop = sim.events.onPublish((event) => {
				if (event.name === 'as.up.data.forward') published.push(event.event as IDataObject);
			});
			sim.sendUplink({ applicationId: 'app1', deviceId: 'dev1', payload: Buffer.from([1]) });
			await waitFor(() => active.items().length === 1);
			stop();
			// The first item of an activation also says that missed uplinks cannot be read back
			// (the application has no Storage Integration); the rest is the event as it was sent.
			const { streamGaps, ...event } = active.items()[0].json;
			expect(event).toEqual(published[0]);
			expect(streamGaps).toEqual([expect.objectContaining({ reason: 'no_storage_integration' })]);
		});

		it('only emits the chosen events', async () => {
			const active = await activate({ ...watchApplication(), events: ['join'] });
			sim.sendUplink({ applicationId: 'app1', deviceId: 'dev1', payload: Buffer.from([1]) });
			sim.joinDevice('app1', 'dev2');
			await waitFor(() => active.items().length === 1);
			sim.sendUplink({ applicationId: 'app1', deviceId: 'dev1', payload: Buffer.from([2]) });
			sim.joinDevice('app1', 'dev1');
			await waitFor(() => active.items().length === 2);
			expect(active.items().map((item) => [item.json.event, item.json.deviceId])).toEqual([
				['as.up.join.forward', 'dev2'],
				['as.up.join.forward', 'dev1'],
			]);
		});

		it('subscribes to the devices as well for events not passed on to the application', async () => {
			const active = await activate({
				...watchApplication(),
				events: ['uplink'],
				customEvents: ['ns.up.data.receive'],
			});
			sim.sendUplink({ applicationId: 'app1', deviceId: 'dev2', payload: Buffer.from([1]) });
			await waitFor(() => active.items().length === 2, { what: 'uplink and ns.up.data.receive' });
			expect(
				active
					.items()
					.map((item) => item.json.event)
					.sort(),
			).toEqual(['as.up.data.forward', 'ns.up.data.receive']);
			expect(eventRequests(sim)[0].body).toEqual({
				identifiers: [
					{ application_ids: { application_id: 'app1' } },
					{ device_ids: { device_id: 'dev1', application_ids: { application_id: 'app1' } } },
					{ device_ids: { device_id: 'dev2', application_ids: { application_id: 'app1' } } },
				],
				names: ['as.up.data.forward', 'ns.up.data.receive'],
				tail: 1024,
				after: expect.any(String),
			});
		});

		it('replays recent events on activation when asked, once each', async () => {
			for (const payload of [1, 2, 3]) {
				sim.sendUplink({
					applicationId: 'app1',
					deviceId: 'dev1',
					payload: Buffer.from([payload]),
				});
			}
			const active = await activate({
				...watchApplication(),
				events: ['uplink'],
				options: { replayOnActivation: 20 },
			});
			await waitFor(() => active.items().length === 3);
			sim.sendUplink({ applicationId: 'app1', deviceId: 'dev1', payload: Buffer.from([4]) });
			await waitFor(() => active.items().length === 4);
			expect(active.items().map((item) => item.json.payloadHex)).toEqual(['01', '02', '03', '04']);
			// TTS replays the last `tail` events of each entity when `after` is left out.
			expect(eventRequests(sim)[0].body).toMatchObject({ tail: 1024 });
			expect(eventRequests(sim)[0].body).not.toHaveProperty('after');
		});

		it('replays only as many of the most recent events as asked', async () => {
			for (const payload of [1, 2, 3, 4, 5]) {
				sim.sendUplink({
					applicationId: 'app1',
					deviceId: payload % 2 === 0 ? 'dev2' : 'dev1',
					payload: Buffer.from([payload]),
				});
			}
			const active = await activate({
				...watchApplication(),
				events: ['uplink'],
				customEvents: ['ns.up.data.receive'],
				output: 'simplified',
				options: { replayOnActivation: 2 },
			});
			await waitFor(() => active.items().length === 2, { what: 'two replayed events' });
			sim.sendUplink({ applicationId: 'app1', deviceId: 'dev2', payload: Buffer.from([6]) });
			// Two live events, and nothing more.
			await waitForItemsOrQuiet(active, 5, { quietMs: 500 });
			// The newest two replayed events overall are the two of the fifth uplink (dev1), whatever
			// entity's history they came from; they come before the live ones. Events of different
			// entities come in no set order.
			const events = active
				.items()
				.map((item) => `${String(item.json.event)} ${String(item.json.deviceId)}`);
			expect(events.slice(0, 2).sort()).toEqual([
				'as.up.data.forward dev1',
				'ns.up.data.receive dev1',
			]);
			expect(events.slice(2).sort()).toEqual([
				'as.up.data.forward dev2',
				'ns.up.data.receive dev2',
			]);
			expect(active.items()[events.indexOf('as.up.data.forward dev1')].json.payloadHex).toBe('05');
		});

		it('watches a gateway: connections and disconnections', async () => {
			key = sim.createApiKey({ owner: { gateway: 'gw1' }, rights: ['RIGHT_GATEWAY_ALL'] }).key;
			const active = await activate({
				watch: 'gateway',
				gatewayId: locator('gw1'),
				events: ['gatewayConnected', 'gatewayDisconnected'],
			});
			sim.connectGateway('gw1');
			sim.disconnectGateway('gw1');
			await waitFor(() => active.items().length === 2);
			expect(active.items().map((item) => [item.json.event, item.json.gatewayId])).toEqual([
				['gs.gateway.connect', 'gw1'],
				['gs.gateway.disconnect', 'gw1'],
			]);
		});

		it('watches several entities in one stream', async () => {
			key = sim.createUserKey('demo-user', ['RIGHT_ALL']).key;
			sim.createGateway({ gatewayId: 'gw2', owner: { userId: 'demo-user' } });
			const active = await activate({
				watch: 'entities',
				entities: {
					devices: [{ applicationId: locator('app1'), deviceId: locator('dev1') }],
					gateways: [{ gatewayId: locator('gw2') }],
				},
				events: ['uplink', 'gatewayConnected'],
			});
			sim.sendUplink({ applicationId: 'app1', deviceId: 'dev2', payload: Buffer.from([2]) });
			sim.sendUplink({ applicationId: 'app1', deviceId: 'dev1', payload: Buffer.from([1]) });
			sim.connectGateway('gw2');
			await waitFor(() => active.items().length === 2);
			// Events of different entities come in no set order: the server reads the entities'
			// event streams in a shuffled order (pkg/events/redis/store.go partitionStreamStates).
			expect(
				active
					.items()
					.map((item) => [item.json.event, item.json.deviceId ?? item.json.gatewayId])
					.sort(),
			).toEqual([
				['as.up.data.forward', 'dev1'],
				['gs.gateway.connect', 'gw2'],
			]);
			expect(eventRequests(sim)).toHaveLength(1);
		});
	});

	describe('activation', () => {
		it('fails with a clear message when the API key is not accepted', async () => {
			key = UNKNOWN_KEY;
			const error = await errorOf(activate({ ...watchApplication(), events: ['uplink'] }));
			expect(error.message).toMatch(
				/^Could not subscribe to the events of the application "app1": /,
			);
			expect(error.description).toMatch(/API key in the credential was not accepted/);
			expect(sim.openStreams).toBe(0);
		});

		it('fails with a clear message when the key has no rights on the application', async () => {
			const error = await errorOf(activate({ ...watchApplication('app2'), events: ['uplink'] }));
			expect(error.message).toBe(
				'Could not subscribe to the events of the application "app2": No rights for application `app2`',
			);
			expect(error.description).toMatch(
				/Either it does not exist, or the key belongs to another application/,
			);
		});

		it('fails with a clear message when the application does not exist', async () => {
			key = sim.createAdminKey().key;
			const error = await errorOf(
				activate({ ...watchApplication('no-such-app'), events: ['uplink'] }),
			);
			expect(error.message).toBe('The application "no-such-app" does not exist');
			expect(eventRequests(sim)).toHaveLength(0);
		});

		it('fails with a clear message when the key lacks the rights to see the chosen events', async () => {
			key = sim.createApiKey({
				owner: { application: 'app1' },
				rights: ['RIGHT_APPLICATION_INFO'],
			}).key;
			const error = await errorOf(
				activate({ ...watchApplication(), events: ['uplink', 'deviceCreated'] }),
			);
			expect(error.message).toBe(
				'The API key may not see as.up.data.forward, end_device.create of the application "app1"',
			);
			expect(error.description).toMatch(
				/RIGHT_APPLICATION_TRAFFIC_READ, and RIGHT_APPLICATION_DEVICES_READ/,
			);
		});

		it('fails when none of the chosen events concerns the watched entity', async () => {
			key = sim.createApiKey({ owner: { gateway: 'gw1' }, rights: ['RIGHT_GATEWAY_ALL'] }).key;
			const error = await errorOf(
				activate({ watch: 'gateway', gatewayId: locator('gw1'), events: ['uplink'] }),
			);
			expect(error.message).toBe('None of the chosen events concerns the gateway "gw1"');
		});

		it('refuses malformed IDs and event names before sending anything', async () => {
			expect(
				(await errorOf(activate({ ...watchApplication('App_1'), events: ['uplink'] }))).message,
			).toMatch(/Application ID "App_1" is not valid/);
			expect(
				(
					await errorOf(
						activate({ ...watchApplication(), events: [], customEvents: ['/^as\\.up'] }),
					)
				).message,
			).toMatch(/does not end with one/);
			expect((await errorOf(activate({ ...watchApplication(), events: [] }))).message).toBe(
				'No events chosen',
			);
			expect(sim.requestLog()).toHaveLength(0);
		});

		it('refuses flow control options that are not numbers, naming the option', async () => {
			for (const [name, label] of [
				['maxExecutionsInFlight', 'Max Executions in Flight'],
				['batchSize', 'Events per Execution'],
				['batchWindowMs', 'Batch Window (Milliseconds)'],
			]) {
				const error = await errorOf(
					activate({ ...watchApplication(), events: ['uplink'], options: { [name]: 'ten' } }),
				);
				expect(error.message).toBe(`The option "${label}" is not a number: "ten"`);
			}
			expect(sim.requestLog()).toHaveLength(0);
		});

		it('reports an event name the server does not know', async () => {
			const error = await errorOf(
				activate({ ...watchApplication(), events: [], customEvents: ['as.up.data.nope'] }),
			);
			expect(error.message).toMatch(/as\.up\.data\.nope/);
		});

		it('retries 5xx answers while activating, then streams', async () => {
			sim.faults.burst({ count: 2, status: 503, rpc: 'Events.Stream' });
			const active = await activate({ ...watchApplication(), events: ['uplink'] });
			expect(eventRequests(sim).map((entry) => entry.status)).toEqual([503, 503, 200]);
			sim.sendUplink({ applicationId: 'app1', deviceId: 'dev1', payload: Buffer.from([1]) });
			await waitFor(() => active.items().length === 1);
		});
	});

	describe('split deployments', () => {
		let split: Simulator;

		beforeEach(async () => {
			split = await startSimulator({ port: 0, identityServerPort: 0 });
			split.seed({
				applications: [{ applicationId: 'app1' }],
				devices: [{ applicationId: 'app1', deviceId: 'dev1', joined: true }],
			});
		});
		afterEach(async () => {
			await trigger?.close();
			trigger = undefined;
			expect(split.contractViolations()).toEqual([]);
			await split.close();
		});

		it('merges Identity Server and cluster events from both hosts', async () => {
			const { key: splitKey } = split.createApiKey({
				owner: { application: 'app1' },
				rights: ['RIGHT_APPLICATION_ALL'],
			});
			trigger = await activateTrigger({
				parameters: { ...watchApplication(), events: ['uplink', 'deviceCreated'] },
				credentials: {
					apiKey: splitKey,
					serverAddress: split.url,
					identityServerAddress: split.identityServerUrl,
				},
			});
			const active = trigger;
			expect(split.openStreams).toBe(2);
			const created = await fetch(`${split.identityServerUrl}/api/v3/applications/app1/devices`, {
				method: 'POST',
				headers: { Authorization: `Bearer ${splitKey}`, 'Content-Type': 'application/json' },
				body: JSON.stringify({
					end_device: { ids: { device_id: 'dev9', application_ids: { application_id: 'app1' } } },
				}),
			});
			expect(created.status).toBe(200);
			split.sendUplink({ applicationId: 'app1', deviceId: 'dev1', payload: Buffer.from([1]) });
			await waitFor(() => active.items().length === 2);
			expect(
				active
					.items()
					.map((item) => item.json.event)
					.sort(),
			).toEqual(['as.up.data.forward', 'end_device.create']);
			const streams = split.requestLog().filter((entry) => entry.path === '/api/v3/events');
			expect(streams.map((entry) => [entry.host, (entry.body as IDataObject).names])).toEqual(
				expect.arrayContaining([
					['identity', ['end_device.create']],
					['cluster', ['as.up.data.forward']],
				]),
			);
		});

		it('opens only the cluster stream when only traffic events are chosen', async () => {
			const { key: splitKey } = split.createApiKey({
				owner: { application: 'app1' },
				rights: ['RIGHT_APPLICATION_ALL'],
			});
			trigger = await activateTrigger({
				parameters: { ...watchApplication(), events: ['uplink'] },
				credentials: {
					apiKey: splitKey,
					serverAddress: split.url,
					identityServerAddress: split.identityServerUrl,
				},
			});
			const streams = split.requestLog().filter((entry) => entry.path === '/api/v3/events');
			expect(streams.map((entry) => entry.host)).toEqual(['cluster']);
		});
	});
});
