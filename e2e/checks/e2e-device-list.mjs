// e2e/workflows/e2e-device-list.json: Manual Trigger → The Things Stack (Device → Get Many) on the
// seeded application. Proves the action node loads, gets its credential and talks to the stack.
export const mode = 'execute';

export async function verify(t) {
	const { assert } = t;
	await t.check('workflow succeeded', () => {
		const error = t.run.data.resultData.error;
		if (error) assert.fail(`workflow failed: ${error.message}`);
	});
	await t.check('lists every device of the application, the seeded ones too', async () => {
		const items = t.output('List devices');
		const ids = items.map((item) => item.ids?.device_id).sort();
		// workflows run before this one may have added devices: compare with the stack's own list
		const { body } = await t.simulator.api('GET', '/applications/demo-app/devices');
		const expected = body.end_devices.map((device) => device.ids.device_id).sort();
		assert.equal(ids, expected, 'device IDs');
		for (const seeded of ['demo-sensor-1', 'demo-sensor-2', 'demo-sensor-3']) {
			assert.ok(ids.includes(seeded), `${seeded} missing`);
		}
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
