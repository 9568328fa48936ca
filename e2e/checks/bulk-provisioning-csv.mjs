// examples/bulk-provisioning-csv.json: CSV rows (TTS import columns) → Device → Create with
// Continue On Fail (error output) → provisioned devices, and a CSV report of the failed rows.
export const mode = 'execute';

const good = ['cold-room-1', 'cold-room-2', 'freezer-1'];

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
	});
	await t.check('each valid row is registered on all four servers', async () => {
		for (const device of good) {
			for (const prefix of ['', '/js', '/ns', '/as']) {
				const { status } = await t.simulator.api(
					'GET',
					`${prefix}/applications/demo-app/devices/${device}`,
				);
				assert.equal(status, 200, `${device} on ${prefix || '/is'}`);
			}
		}
	});
	await t.check('the failed rows are reported with their reason, and left nowhere', async () => {
		const failed = t.output('Failed rows');
		assert.equal(
			failed.map((row) => row.row),
			['cold-room-3', 'cold-room-4'],
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
		for (const device of ['cold-room-3', 'cold-room-4']) {
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
