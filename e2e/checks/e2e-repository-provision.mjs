// e2e/workflows/e2e-repository-provision.json: Device Repository → Search Models finds a sensor,
// Device → Create registers a device of it from the repository, Device → Get shows its
// repository info, Device Repository → Get Payload Formatter its decoder. The uplinks of that
// device are decoded by the repository's codec in e2e-repository-uplinks.
export const mode = 'execute';

const versionIds = {
	brand_id: 'the-things-industries',
	model_id: 'generic-node-sensor-edition',
	hardware_version: '1.1',
	firmware_version: '1.0',
	band_id: 'EU_863_870',
};

export async function verify(t) {
	const { assert } = t;
	await t.check('workflow succeeded', () => {
		const error = t.run.data.resultData.error;
		if (error) assert.fail(`workflow failed: ${error.message}`);
	});
	await t.check('finds the model by the words of its sensors, with names', () => {
		const [model] = t.output('Find the model');
		assert.subset(
			model,
			{
				brand_id: 'the-things-industries',
				model_id: 'generic-node-sensor-edition',
				name: 'Generic Node (Sensor Edition)',
			},
			'model',
		);
	});
	await t.check('creates the device with the template, as the Console does', async () => {
		const [device] = t.output('Create from the repository');
		assert.subset(
			device,
			{
				ids: { device_id: 'repo-node-1' },
				version_ids: versionIds,
				frequency_plan_id: 'EU_863_870_TTN',
				lorawan_version: 'MAC_V1_0_3',
				lorawan_phy_version: 'PHY_V1_0_3_REV_A',
			},
			'created device',
		);
		for (const prefix of ['', '/js', '/ns', '/as']) {
			const { status } = await t.simulator.api(
				'GET',
				`${prefix}/applications/demo-app/devices/repo-node-1`,
			);
			assert.equal(status, 200, `repo-node-1 on ${prefix || '/is'}`);
		}
		const as = await t.simulator.api(
			'GET',
			'/as/applications/demo-app/devices/repo-node-1?field_mask=formatters,version_ids',
		);
		assert.subset(
			as.body,
			{
				formatters: {
					up_formatter: 'FORMATTER_REPOSITORY',
					down_formatter: 'FORMATTER_REPOSITORY',
				},
				version_ids: versionIds,
			},
			'on the Application Server',
		);
	});
	await t.check('Get names the brand and model from the repository', () => {
		const [device] = t.output('Get with repository info');
		assert.subset(
			device.device_repository,
			{
				found: true,
				brand_name: 'The Things Industries',
				model_name: 'Generic Node (Sensor Edition)',
				firmware_version: '1.0',
				band_id: 'EU_863_870',
				codec_id: 'generic-node-sensor-edition-codec',
			},
			'device_repository',
		);
	});
	await t.check('the uplink decoder comes with its examples', () => {
		const [formatter] = t.output('Uplink decoder');
		assert.equal(formatter.formatter, 'FORMATTER_JAVASCRIPT', 'formatter');
		assert.subset(
			formatter.examples[0],
			{ input: { f_port: 1, frm_payload_hex: '00E45B0CF001' } },
			'first example',
		);
	});
}
