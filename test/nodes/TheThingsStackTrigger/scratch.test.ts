import { startSimulator } from '../../../simulator';
import { activateTrigger, waitFor } from '../../support/trigger';

it('scratch', async () => {
	const sim = await startSimulator({ port: 0 });
	sim.seed({ applications: [{ applicationId: 'app1' }], devices: [{ applicationId: 'app1', deviceId: 'dev1', joined: true }] });
	const key = sim.createApiKey({ owner: { application: 'app1' }, rights: ['RIGHT_APPLICATION_ALL'] });
	const trigger = await activateTrigger({
		parameters: { watch: 'application', applicationId: { __rl: true, mode: 'id', value: 'app1' }, events: ['uplink'] },
		credentials: { apiKey: key.key, serverAddress: sim.url },
	});
	sim.sendUplink({ applicationId: 'app1', deviceId: 'dev1', payload: Buffer.from([1, 2]) });
	await waitFor(() => trigger.items().length === 1);
	console.log(JSON.stringify(trigger.items()[0].json, null, 1).slice(0, 1500));
	await trigger.close();
	console.log(sim.openStreams, sim.contractViolations(), sim.requestLog().map((e) => `${e.method} ${e.path} ${JSON.stringify(e.query)} ${e.status}`));
	await sim.close();
});
