import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { Simulator } from '../../../simulator';
import { startSimulator } from '../../../simulator';
import { N8nWebhookHost } from '../../support/webhookTrigger';

const locator = (value: string) => ({ __rl: true, mode: 'id', value });
const STORAGE_PATH = '/api/v3/as/applications/app1/packages/storage/uplink_message';

// What the workflow got, in order: `dev1#3` for the uplink of dev1 with frame counter 3.
const keysOf = (items: INodeExecutionData[]) =>
	items.map(({ json }) => `${String(json.deviceId)}#${String(json.fCnt)}`);

describe('The Things Stack Webhook Trigger: nothing lost while n8n was down', () => {
	let sim: Simulator;
	let key: string;
	let host: N8nWebhookHost;

	beforeEach(async () => {
		sim = await startSimulator({
			storageIntegration: { writeLagMs: 200 },
			seed: {
				applications: [{ applicationId: 'app1', owner: { userId: 'webhook-user' } }],
				devices: [
					{ applicationId: 'app1', deviceId: 'dev1', joined: true },
					{ applicationId: 'app1', deviceId: 'dev2', joined: true },
				],
			},
		});
		key = sim.createUserKey('webhook-user').key;
		host = new N8nWebhookHost({
			parameters: {
				applicationId: locator('app1'),
				messageTypes: ['uplink_message'],
				options: { storageDelaySeconds: 0.5 },
			},
			credentials: { apiKey: key, serverAddress: sim.url },
		});
		await host.start();
	});
	afterEach(async () => {
		await sim.webhooksIdle();
		await host.close();
		await sim.close();
		expect(sim.contractViolations()).toEqual([]);
	});

	/** Sends uplinks and waits until the Application Server's requests and n8n's executions are done. */
	const uplinks = async (...deviceIds: string[]) => {
		const sent: string[] = [];
		for (const deviceId of deviceIds) {
			const up = sim.sendUplink({ applicationId: 'app1', deviceId });
			sent.push(`${deviceId}#${String((up.uplink_message as IDataObject).f_cnt)}`);
		}
		await sim.webhooksIdle();
		await host.idle();
		return sent;
	};
	const received = () => host.executions.flatMap((execution) => keysOf(execution.items));
	const storageReads = () => sim.requestLog().filter((entry) => entry.path === STORAGE_PATH);

	/** n8n stops, the devices keep sending, n8n starts again as a new process. */
	const outage = async (...deviceIds: string[]) => {
		await host.stop();
		const missed = await uplinks(...deviceIds);
		expect(
			sim.webhookDeliveries().filter((delivery) => delivery.outcome === 'failed'),
		).toHaveLength(deviceIds.length);
		await host.start();
		await host.restartProcess();
		return missed;
	};

	it('reads the uplinks missed while n8n was down back from the Storage Integration, oldest first, before the first new one', async () => {
		sim.enableStorageIntegration({ applicationId: 'app1' });
		await host.activate();
		const before = await uplinks('dev1', 'dev2');
		const missed = await outage('dev1', 'dev2', 'dev1', 'dev1', 'dev2');
		const after = await uplinks('dev1');
		expect(host.executions).toHaveLength(3);
		expect(keysOf(host.executions[2].items)).toEqual([...missed, ...after]);
		expect(received()).toEqual([...before, ...missed, ...after]);
		expect(host.executions[2].items[0].json).toMatchObject({
			event: 'as.up.data.forward',
			applicationId: 'app1',
			payloadHex: '01',
			raw: { data: { received_at: expect.any(String) } },
		});
		expect(host.executions[2].items.every((item) => item.json.streamGaps === undefined)).toBe(true);
		// The next delivery is live only: no second look at the storage.
		const reads = storageReads().length;
		await uplinks('dev2');
		expect(storageReads()).toHaveLength(reads);
		expect(keysOf(host.executions[3].items)).toHaveLength(1);
	});

	it('reports the gap on the first item after it when the application has no Storage Integration', async () => {
		await host.activate();
		await uplinks('dev1');
		await outage('dev1', 'dev2');
		const after = await uplinks('dev2');
		const [item] = host.executions[1].items;
		expect(keysOf(host.executions[1].items)).toEqual(after);
		expect(item.json.streamGaps).toEqual([
			expect.objectContaining({
				reason: 'deliveries_missed',
				server: 'Application Server webhook of application "app1"',
				message: expect.stringContaining('the Storage Integration is not enabled'),
			}),
		]);
	});

	it('catches up what was sent while the workflow was inactive when it is activated again', async () => {
		sim.enableStorageIntegration({ applicationId: 'app1' });
		await host.activate();
		const before = await uplinks('dev1');
		await host.deactivate();
		const whileInactive = await uplinks('dev2', 'dev1');
		await host.activate();
		const after = await uplinks('dev2');
		expect(received()).toEqual([...before, ...whileInactive, ...after]);
	});

	it('lets deliveries that come during the catch-up wait for it, and emits each uplink once', async () => {
		sim.enableStorageIntegration({ applicationId: 'app1' });
		await host.activate();
		const before = await uplinks('dev1');
		const missed = await outage('dev2', 'dev1');
		const after = await uplinks('dev1', 'dev2', 'dev1');
		expect(received()).toHaveLength(before.length + missed.length + after.length);
		expect(new Set(received())).toEqual(new Set([...before, ...missed, ...after]));
		const afterOutage = host.executions.slice(1).flatMap((execution) => keysOf(execution.items));
		expect(afterOutage.slice(0, missed.length)).toEqual(missed);
	});

	it('starts nothing for a message delivered twice', async () => {
		await host.activate();
		const up = sim.sendUplink({ applicationId: 'app1', deviceId: 'dev1' });
		await sim.webhooksIdle();
		await host.idle();
		const body = { ...up };
		delete body['@type'];
		const answer = await fetch(host.productionUrl, {
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				'X-N8n-Webhook-Secret': String(host.staticData.webhookSecret),
			},
			body: JSON.stringify(body),
		});
		expect(answer.status).toBe(200);
		await host.idle();
		expect(host.executions).toHaveLength(1);
	});

	it('keeps where it stopped in the static data, and leaves it alone in a test run', async () => {
		sim.enableStorageIntegration({ applicationId: 'app1' });
		await host.activate();
		await uplinks('dev1');
		const saved = host.staticData.resumePoint;
		expect(JSON.parse(String(saved)).src.webhook.k).toHaveLength(1);
		await host.deactivate();
		const execution = await host.listenForTestEvent(async () => {
			await uplinks('dev2');
		});
		expect(execution.mode).toBe('manual');
		expect(host.staticData.resumePoint).toBe(saved);
	});
});
