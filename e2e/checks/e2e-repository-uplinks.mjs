// e2e/workflows/e2e-repository-uplinks.json: The Things Stack Trigger on the uplinks of
// repo-node-1, the device e2e-repository-provision created from the Device Repository. Its uplink
// is decoded by the Application Server with the repository's codec (FORMATTER_REPOSITORY).
export const mode = 'active';

const deviceId = 'repo-node-1';

export async function verify(t) {
	const { assert } = t;
	const streamOpen = await t.check('the trigger opened an event stream', () => t.openStreams());
	if (!streamOpen) return;
	await t.check('the Application Server accepts a simulated uplink of the device', async () => {
		const { status } = await t.simulator.api(
			'POST',
			`/as/applications/demo-app/devices/${deviceId}/up/simulate`,
			{
				uplink_message: {
					f_port: 1,
					frm_payload: Buffer.from('00E45B0CF001', 'hex').toString('base64'),
					settings: { data_rate: { lora: { bandwidth: 125000, spreading_factor: 7 } } },
				},
			},
		);
		assert.equal(status, 200, 'simulate uplink');
	});
	await t.check('the uplink arrives decoded by the repository’s codec', async () => {
		const [execution] = await t.executions({
			count: 1,
			where: (candidate) =>
				t.output(candidate, 'Repository node uplinks')[0]?.deviceId === deviceId,
		});
		const [item] = t.output(execution, 'Repository node uplinks');
		assert.equal(
			item.decodedPayload,
			{ temperature: 22.8, humidity: 45.5, battery_voltage: 3.312, button_pressed: true },
			'decodedPayload',
		);
		assert.equal(item.fPort, 1, 'fPort');
		return `execution ${execution.status}`;
	});
}
