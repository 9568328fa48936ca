// examples/uplink-threshold-downlink.json: trigger on uplinks → If temperature > 22 → downlink push.
// One warm and one cool uplink: only the warm device gets the downlink, each uplink is one execution.
export const mode = 'active';

const warm = {
	deviceId: 'demo-sensor-2',
	reading: { temperature: 30, humidity: 50, battery: 3.2 },
};
const cool = {
	deviceId: 'demo-sensor-3',
	reading: { temperature: 15, humidity: 50, battery: 3.2 },
};

export async function verify(t) {
	const { assert } = t;
	if (!(await t.check('the trigger opened an event stream', () => t.openStreams()))) return;
	await t.simulator.sendUplink(warm);
	await t.simulator.sendUplink(cool);
	const executions = await t.check('one successful execution per uplink', async () => {
		const found = await t.executions({
			count: 2,
			where: (execution) =>
				[warm.deviceId, cool.deviceId].includes(t.output(execution, 'On uplink')[0]?.deviceId),
		});
		assert.equal(
			found.map((execution) => execution.status),
			['success', 'success'],
			'statuses',
		);
		return found;
	});
	if (!executions) return;
	const byDevice = (deviceId) =>
		executions.find((execution) => t.output(execution, 'On uplink')[0]?.deviceId === deviceId);

	await t.check('the warm uplink queued the fan-on downlink (FPort 2, payload 01)', async () => {
		const execution = assert.ok(byDevice(warm.deviceId), `no execution for ${warm.deviceId}`);
		assert.equal(
			t.output(execution, 'On uplink')[0].decodedPayload?.temperature,
			30,
			'temperature',
		);
		assert.equal(t.output(execution, 'Fan on').length, 1, 'items out of "Fan on"');
		const queue = await t.simulator.downlinkQueue('demo-app', warm.deviceId);
		assert.equal(queue.length, 1, `downlinks queued for ${warm.deviceId}`);
		assert.subset(queue[0], { f_port: 2, frm_payload: 'AQ==' }, 'queued downlink');
	});
	await t.check('the cool uplink stopped at the threshold', async () => {
		const execution = assert.ok(byDevice(cool.deviceId), `no execution for ${cool.deviceId}`);
		assert.ok(!execution.data.resultData.runData['Fan on'], '"Fan on" ran for the cool uplink');
		assert.equal(
			await t.simulator.downlinkQueue('demo-app', cool.deviceId),
			[],
			`queue of ${cool.deviceId}`,
		);
	});
}
