// e2e/workflows/e2e-trigger-uplinks.json: The Things Stack Trigger alone, active under `n8n start`.
// The simulator sends uplinks; each must become an execution carrying the decoded payload.
export const mode = 'active';

const deviceId = 'demo-sensor-1';
const readings = [
	{ temperature: 21.5, humidity: 40, battery: 3.3 },
	{ temperature: 30.25, humidity: 55, battery: 3.1 },
];

export async function verify(t) {
	const { assert } = t;
	const streamOpen = await t.check('the trigger opened an event stream', () => t.openStreams());
	if (!streamOpen) return;
	for (const reading of readings) {
		await t.simulator.sendUplink({ deviceId, reading });
	}
	await t.check('one execution per uplink, with the decoded payload', async () => {
		const executions = await t.executions({
			count: readings.length,
			where: (execution) => t.output(execution, 'Uplinks')[0]?.deviceId === deviceId,
		});
		assert.equal(
			executions.map((execution) => execution.status),
			readings.map(() => 'success'),
			'execution statuses',
		);
		const decoded = executions.map((execution) => {
			const [item] = t.output(execution, 'Uplinks');
			return findDecodedPayload(item);
		});
		// n8n numbers executions as it saves them, and 2.x starts the two concurrently: the IDs
		// need not follow the order the trigger emitted them in. Each uplink exactly once is the claim.
		assert.equal(
			decoded.map((payload) => payload?.temperature).sort((a, b) => a - b),
			readings.map((reading) => reading.temperature).sort((a, b) => a - b),
			'decoded_payload.temperature of the executions',
		);
		assert.equal(
			executions.map((execution) => execution.mode),
			readings.map(() => 'trigger'),
			'execution modes',
		);
		return `${executions.length} executions`;
	});
}

function findDecodedPayload(value) {
	if (!value || typeof value !== 'object') return undefined;
	if (value.decoded_payload && typeof value.decoded_payload === 'object')
		return value.decoded_payload;
	for (const child of Object.values(value)) {
		const found = findDecodedPayload(child);
		if (found) return found;
	}
	return undefined;
}
