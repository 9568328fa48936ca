import { startSimulator, Simulator } from '../../../../simulator';
import { api, errorName, openEventStream } from '../../helpers';

describe('Gateway Server connections', () => {
	let sim: Simulator;
	let key: string;
	beforeAll(async () => {
		sim = await startSimulator({
			seed: {
				gateways: [{ gatewayId: 'gw1', eui: 'B827EBFFFE000001', owner: { userId: 'alice' } }],
			},
		});
		key = sim.createApiKey({ owner: { gateway: 'gw1' }, rights: ['RIGHT_GATEWAY_ALL'] }).key;
	});
	afterAll(() => sim.close());

	it('answers 404 not_connected for a gateway that is not connected', async () => {
		const response = await api(sim, 'GET', '/gs/gateways/gw1/connection/stats', { key });
		expect(response.status).toBe(404);
		expect(errorName(response)).toBe('pkg/gatewayserver:not_connected');
		expect(response.body.details[0].attributes).toEqual({ gateway_uid: 'gw1' });
	});

	it('publishes gs.gateway.connect/disconnect and serves connection stats while connected', async () => {
		const stream = await openEventStream(sim.url, key, {
			identifiers: [{ gateway_ids: { gateway_id: 'gw1' } }],
		});
		await stream.messages(1);
		sim.connectGateway('gw1');
		const [connect] = await stream.messages(1);
		expect((connect.result as { name: string }).name).toBe('gs.gateway.connect');
		const stats = await api(sim, 'GET', '/gs/gateways/gw1/connection/stats', { key });
		expect(stats.status).toBe(200);
		expect(stats.body.protocol).toBe('udp');
		expect(stats.body.connected_at).toMatch(/Z$/);
		sim.createApplication({ applicationId: 'app1' });
		sim.createDevice({ applicationId: 'app1', deviceId: 'dev1', joined: true });
		sim.sendUplink({ applicationId: 'app1', deviceId: 'dev1', gatewayId: 'gw1' });
		const [uplink] = await stream.messages(1);
		expect((uplink.result as { name: string }).name).toBe('gs.up.receive');
		const after = await api(sim, 'GET', '/gs/gateways/gw1/connection/stats', { key });
		expect(after.body.uplink_count).toBe('1');
		const batch = await api(sim, 'POST', '/gs/gateways/connection/stats', {
			key,
			body: { gateway_ids: [{ gateway_id: 'gw1' }] },
		});
		expect(Object.keys(batch.body.entries)).toEqual(['gw1']);
		sim.disconnectGateway('gw1');
		const [disconnect] = await stream.messages(1);
		expect((disconnect.result as { name: string }).name).toBe('gs.gateway.disconnect');
		expect(errorName(await api(sim, 'GET', '/gs/gateways/gw1/connection/stats', { key }))).toBe(
			'pkg/gatewayserver:not_connected',
		);
		stream.close();
	});

	it('needs GATEWAY_STATUS_READ for connection stats', async () => {
		const infoOnly = sim.createApiKey({
			owner: { gateway: 'gw1' },
			rights: ['RIGHT_GATEWAY_INFO'],
		}).key;
		const response = await api(sim, 'GET', '/gs/gateways/gw1/connection/stats', { key: infoOnly });
		expect(response.body.details[0].attributes.missing).toEqual(['RIGHT_GATEWAY_STATUS_READ']);
	});
});

describe('Gateway Server with a connection-stats registry', () => {
	let sim: Simulator;
	let key: string;
	let now = Date.now();
	beforeAll(async () => {
		sim = await startSimulator({
			gatewayStatsRegistry: true,
			now: () => now,
			seed: { gateways: [{ gatewayId: 'gw1', owner: { userId: 'alice' } }] },
		});
		key = sim.createUserKey('alice').key;
	});
	afterAll(() => sim.close());

	// pkg/gatewayserver/gatewayserver.go updateConnStats: on disconnect the registry keeps the stats with
	// connected_at cleared and disconnected_at set, for connection-stats-disconnect-ttl (48 h).
	it('keeps the stats of a disconnected gateway for 48 hours', async () => {
		sim.connectGateway('gw1');
		sim.disconnectGateway('gw1');
		const kept = await api(sim, 'GET', '/gs/gateways/gw1/connection/stats', { key });
		expect(kept.status).toBe(200);
		expect(kept.body.connected_at).toBeUndefined();
		expect(kept.body.disconnected_at).toMatch(/Z$/);
		expect(kept.body.protocol).toBe('udp');
		now += 49 * 60 * 60 * 1000;
		const expired = await api(sim, 'GET', '/gs/gateways/gw1/connection/stats', { key });
		expect(errorName(expired)).toBe('pkg/gatewayserver:not_connected');
	});
});
