import { startSimulator } from '../../../simulator';
import { activateTrigger, waitFor } from '../../support/trigger';
import { seededRandom } from '../../../simulator/faults/seededRandom';

it('scratch cuts', async () => {
	const sim = await startSimulator({ port: 0, eventHistoryPerEntity: 20000 });
	sim.seed({
		applications: [{ applicationId: 'app1' }],
		devices: [{ applicationId: 'app1', deviceId: 'dev1', joined: true }],
	});
	const key = sim.createApiKey({
		owner: { application: 'app1' },
		rights: ['RIGHT_APPLICATION_ALL'],
	});
	const random = seededRandom(42);
	const sample = JSON.stringify({
		result: sim.publishEvent({
			name: 'as.up.data.forward',
			identifiers: [{ application_ids: { application_id: 'other' } }],
		}).event,
	});
	console.log('sample bytes', sample.length);
	for (let i = 0; i < 100; i++)
		sim.faults.cutStreams({ afterBytes: 1 + Math.floor(random() * 400_000) });
	const trigger = await activateTrigger({
		parameters: {
			watch: 'application',
			applicationId: { __rl: true, mode: 'id', value: 'app1' },
			events: ['uplink'],
			output: 'raw',
		},
		credentials: { apiKey: key.key, serverAddress: sim.url },
	});
	const started = Date.now();
	const published: string[] = [];
	for (let i = 0; i < 10_000; i++) {
		const p = sim.publishEvent({
			name: 'as.up.data.forward',
			identifiers: [
				{ device_ids: { device_id: 'dev1', application_ids: { application_id: 'app1' } } },
			],
			data: {
				'@type': 'type.googleapis.com/ttn.lorawan.v3.ApplicationUp',
				uplink_message: { f_cnt: i, frm_payload: 'AQI=' },
			},
		});
		published.push(String(p.event.unique_id));
		if (i % 20 === 19) await new Promise((r) => setTimeout(r, 1));
	}
	console.log('published in', Date.now() - started);
	await waitFor(() => trigger.items().length >= 10_000, { timeoutMs: 120_000 });
	console.log('delivered in', Date.now() - started, trigger.items().length);
	const ids = trigger.items().map((item) => String(item.json.unique_id));
	console.log(
		'unique',
		new Set(ids).size,
		'streams',
		sim.requestLog().filter((e) => e.path.endsWith('/events')).length,
		'remaining cuts',
		(sim.faults as any).streamCuts.length,
	);
	await trigger.close();
	await sim.close();
}, 180_000);
