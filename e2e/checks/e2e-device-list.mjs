// e2e/workflows/e2e-device-list.json: Manual Trigger → The Things Stack (Device → Get Many) on the
// seeded application. Proves the action node loads, gets its credential and talks to the stack.
export const mode = 'execute';

export async function verify(t) {
	const { assert } = t;
	await t.check('workflow succeeded', () => {
		const error = t.run.data.resultData.error;
		if (error) assert.fail(`workflow failed: ${error.message}`);
	});
	await t.check('lists the three seeded devices', () => {
		const items = t.output('List devices');
		const ids = items.map((item) => item.ids?.device_id ?? item.device_id).sort();
		assert.equal(ids, ['demo-sensor-1', 'demo-sensor-2', 'demo-sensor-3'], 'device IDs');
		return `${items.length} items`;
	});
	await t.check('asked the Identity Server of the simulator for them', async () => {
		const requests = await t.simulator.requests();
		assert.ok(
			requests.some(
				(request) =>
					request.method === 'GET' &&
					request.path === '/api/v3/applications/demo-app/devices' &&
					request.status === 200,
			),
			`no GET /api/v3/applications/demo-app/devices in the request log:\n${requests.map((r) => `${r.method} ${r.path} ${r.status}`).join('\n')}`,
		);
	});
}
