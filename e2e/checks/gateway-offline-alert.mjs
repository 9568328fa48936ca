// examples/gateway-offline-alert.json: trigger on gs.gateway.disconnect → Gateway → Get Connection
// Stats → still offline → an alert item. The gateway is connected again afterwards, since the
// other workflows of this line share the simulator.
export const mode = 'active';

export async function verify(t) {
	const { assert } = t;
	if (!(await t.check('the trigger opened an event stream', () => t.openStreams()))) return;
	await t.simulator.setGatewayConnected('demo-gateway', false);
	try {
		const [execution] =
			(await t.check('one successful execution for the disconnect', async () => {
				const found = await t.executions({ count: 1 });
				assert.equal(found[0].status, 'success', 'status');
				return found;
			})) ?? [];
		if (!execution) return;
		await t.check('the trigger gave the gateway and the event', () => {
			assert.subset(
				t.output(execution, 'On gateway disconnect')[0],
				{ event: 'gs.gateway.disconnect', gatewayId: 'demo-gateway' },
				'trigger item',
			);
		});
		await t.check('the connection stats said offline, and the alert names the gateway', () => {
			assert.subset(
				t.output(execution, 'Still offline?')[0],
				{ gateway_id: 'demo-gateway', connected: false },
				'stats',
			);
			const [alert] = t.output(execution, 'Alert');
			assert.equal(alert.gateway, 'demo-gateway', 'gateway');
			assert.match(alert.message, /^Gateway demo-gateway went offline at \d{4}-/, 'message');
		});
	} finally {
		await t.simulator.setGatewayConnected('demo-gateway', true);
	}
}
