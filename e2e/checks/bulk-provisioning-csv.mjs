// examples/bulk-provisioning-csv.json: a CSV with every column of the Console's import template
// (manual rows, rows that name a Device Repository model, an ABP row) → Device → Create with
// Continue On Fail (error output) → provisioned devices, and a CSV report of the failed rows.
export const mode = 'execute';

const good = [
	'cold-room-1',
	'cold-room-2',
	'freezer-1',
	'office-node-1',
	'office-node-2',
	'warehouse-1',
	'air-1',
];
const abp = new Set(['air-1']);
const failedRows = ['cold-room-3', 'cold-room-4', 'warehouse-2'];

export async function verify(t) {
	const { assert } = t;
	await t.check('workflow succeeded', () => {
		const error = t.run.data.resultData.error;
		if (error) assert.fail(`workflow failed: ${error.message}`);
	});
	await t.check('the valid rows are provisioned, in input order', () => {
		const rows = t.output('Provisioned');
		assert.equal(
			rows.map((row) => row.device),
			good,
			'provisioned devices',
		);
		assert.equal(
			rows.map((row) => row.model),
			[
				'',
				'',
				'',
				...Array(2).fill('the-things-industries/generic-node-sensor-edition'),
				'dragino/lht65',
				'dragino/laq4-abp',
			],
			'models from the repository',
		);
	});
	await t.check('each valid row is registered on every server it needs', async () => {
		for (const device of good) {
			for (const prefix of ['', '/js', '/ns', '/as']) {
				const { status } = await t.simulator.api(
					'GET',
					`${prefix}/applications/demo-app/devices/${device}`,
				);
				const expected = prefix === '/js' && abp.has(device) ? 404 : 200;
				assert.equal(status, expected, `${device} on ${prefix || '/is'}`);
			}
		}
	});
	await t.check(
		'a repository row gets the profile, the repository formatter and the band’s plan',
		async () => {
			const ns = await t.simulator.api(
				'GET',
				'/ns/applications/demo-app/devices/office-node-1?field_mask=frequency_plan_id,lorawan_version,version_ids',
			);
			assert.subset(
				ns.body,
				{
					frequency_plan_id: 'EU_863_870_TTN',
					lorawan_version: 'MAC_V1_0_3',
					version_ids: {
						brand_id: 'the-things-industries',
						model_id: 'generic-node-sensor-edition',
						hardware_version: '1.1',
						firmware_version: '1.0',
						band_id: 'EU_863_870',
					},
				},
				'office-node-1 on the Network Server',
			);
			const as = await t.simulator.api(
				'GET',
				'/as/applications/demo-app/devices/office-node-1?field_mask=formatters',
			);
			assert.subset(
				as.body,
				{
					formatters: {
						up_formatter: 'FORMATTER_REPOSITORY',
						down_formatter: 'FORMATTER_REPOSITORY',
					},
				},
				'office-node-1 on the Application Server',
			);
		},
	);
	await t.check('the failed rows are reported with their reason, and left nowhere', async () => {
		const failed = t.output('Failed rows');
		assert.equal(
			failed.map((row) => row.row),
			failedRows,
			'failed rows',
		);
		assert.match(
			failed[0].reason,
			/DevEUI "70B3D57ED001003" has 15 hex digits/,
			'reason of cold-room-3',
		);
		assert.equal(failed[0].step, 'validation', 'step of cold-room-3');
		assert.match(failed[1].reason, /Identity Server/, 'reason of cold-room-4');
		assert.equal(
			failed[1].ttsError,
			'pkg/identityserver:end_device_euis_taken',
			'TTS error of cold-room-4',
		);
		assert.match(
			failed[2].reason,
			/The Device Repository has no firmware version "2\.0" of model dragino\/lht65/,
			'reason of warehouse-2',
		);
		assert.equal(failed[2].step, 'Device Repository', 'step of warehouse-2');
		assert.equal(
			failed[2].ttsError,
			'pkg/devicerepository/store/remote:firmware_version_not_found',
			'TTS error of warehouse-2',
		);
		for (const device of failedRows) {
			for (const prefix of ['', '/js', '/ns', '/as']) {
				const { status } = await t.simulator.api(
					'GET',
					`${prefix}/applications/demo-app/devices/${device}`,
				);
				assert.equal(status, 404, `${device} on ${prefix || '/is'}`);
			}
		}
		const report = t.output('Report of failed rows');
		assert.equal(report.length, 1, 'one report file');
		return `${failed.length} failed rows reported`;
	});
}
