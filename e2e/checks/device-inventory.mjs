// examples/device-inventory.json: Manual Trigger (next to a nightly Schedule Trigger) → Device →
// Get Many with last-seen times → one inventory row per device.
export const mode = 'execute';

export async function before(t) {
	// demo-sensor-1 has been heard just now; the others were last seen when they joined
	await t.simulator.sendUplink({
		deviceId: 'demo-sensor-1',
		reading: { temperature: 20, humidity: 40, battery: 3.3 },
	});
}

export async function verify(t) {
	const { assert } = t;
	await t.check('workflow succeeded', () => {
		const error = t.run.data.resultData.error;
		if (error) assert.fail(`workflow failed: ${error.message}`);
	});
	await t.check('one row per device, with its name, DevEUI and last-seen time', async () => {
		const rows = t.output('Inventory rows');
		// workflows run before this one may have added devices: compare with the stack's own list
		const { body } = await t.simulator.api(
			'GET',
			'/applications/demo-app/devices?field_mask=name,last_seen_at',
		);
		assert.equal(
			rows.map((row) => row.device).sort(),
			body.end_devices.map((device) => device.ids.device_id).sort(),
			'devices',
		);
		assert.ok(rows.length >= 3, 'the three seeded devices are missing');
		for (const device of body.end_devices) {
			const row = rows.find((candidate) => candidate.device === device.ids.device_id);
			assert.subset(
				row,
				{ devEui: device.ids.dev_eui, name: device.name, lastSeenAt: device.last_seen_at ?? '' },
				`row of ${device.ids.device_id}`,
			);
		}
		const heard = rows.find((row) => row.device === 'demo-sensor-1');
		assert.match(heard.lastSeenAt, /^\d{4}-\d\d-\d\dT/, 'lastSeenAt of demo-sensor-1');
		assert.equal(heard.hoursSinceLastSeen, 0, 'hoursSinceLastSeen of demo-sensor-1');
		return `${rows.length} rows`;
	});
}
