// Bulk provisioning spread over the workers: a CSV of 2,000 devices is posted to the upload
// workflow, which cuts it into chunks of 100 and posts each chunk to the chunk workflow's webhook.
// Each chunk is then an execution of its own that the webhook process enqueues and a free worker
// runs (an Execute Workflow node would run them inside the parent's execution, on one worker:
// n8n's workflow-execute-additional-data.js runs sub-workflows in-process). Device creation is
// rate limited, and every process uses the same API key, so they all draw from one limit.
import { equal, eventually, ok } from '../../lib/assert.mjs';
import { ENDED } from '../database.mjs';
import { executionPlacement } from '../deployment.mjs';
import { queueWorkflow } from '../workflows.mjs';

const upload = queueWorkflow('bulk-provisioning-upload.json');
const chunk = queueWorkflow('bulk-provisioning-chunk.json');
export const workflows = [upload, chunk];

const DEVICES = 2000;
const ROWS_PER_CHUNK = 100; // the Chunks node of the upload workflow
const APPLICATION = 'demo-app';
const RATE_LIMIT = {
	class: 'grpc:method:/ttn.lorawan.v3.EndDeviceRegistry/Create',
	maxPerMinute: 3000,
	maxBurst: 50,
};
const REGISTRIES = {
	'Identity Server': '',
	'Join Server': '/js',
	'Network Server': '/ns',
	'Application Server': '/as',
};

export async function verify({ group, deployment, simulator, database }) {
	const check = (name, fn) => group.check(`bulk: ${name}`, fn);
	const rows = deviceRows(DEVICES);
	const chunks = Math.ceil(DEVICES / ROWS_PER_CHUNK);
	const firstExecution = await database.lastExecutionId();
	await simulator.setRateLimits([RATE_LIMIT]);

	let answer;
	try {
		const uploaded = await check(
			`a CSV of ${DEVICES} devices posted to the webhook process, answered with the report`,
			async () => {
				const response = await fetch(`${deployment.webhookUrl}/webhook/tts-bulk-provisioning`, {
					method: 'POST',
					headers: { 'content-type': 'text/csv' },
					body: csv(rows),
					signal: AbortSignal.timeout(600_000),
				});
				const text = await response.text();
				ok(response.ok, `HTTP ${response.status}: ${text.slice(0, 500)}`);
				answer = JSON.parse(text);
				return `HTTP ${response.status}`;
			},
		);
		if (!uploaded) return;
	} finally {
		await simulator.setRateLimits([]);
	}

	await check(`0 failed rows: ${DEVICES} created in ${chunks} chunks`, () => {
		equal(answer.failedRows, [], 'failed rows');
		equal(
			{ chunks: answer.chunks, rows: answer.rows, created: answer.created, failed: answer.failed },
			{ chunks, rows: DEVICES, created: DEVICES, failed: 0 },
			'report',
		);
	});

	let chunkExecutions;
	await check(
		'each chunk its own execution: the webhook process enqueued it, a worker ran it, both workers took part',
		async () => {
			chunkExecutions = (await database.executions(chunk.id, { afterId: firstExecution })).filter(
				(execution) => ENDED.includes(execution.status),
			);
			equal(chunkExecutions.length, chunks, 'chunk executions');
			equal(
				chunkExecutions.filter((execution) => execution.status !== 'success').length,
				0,
				'chunk executions that did not succeed',
			);
			const [parent] = await database.executions(upload.id, { afterId: firstExecution });
			const ids = [parent.id, ...chunkExecutions.map((execution) => execution.id)];
			const placement = await eventually(
				() => {
					const found = executionPlacement(deployment.logs());
					return ids.every((id) => found.startedBy.has(id)) ? found : undefined;
				},
				{ timeoutMs: 15_000, what: 'every execution in a worker log' },
			);
			const perWorker = {};
			for (const id of ids) {
				equal(
					placement.enqueuedBy.get(id),
					['webhook-1'],
					`processes that enqueued execution ${id}`,
				);
				const [worker, ...more] = placement.startedBy.get(id);
				equal(more, [], `other workers that started execution ${id}`);
				ok(worker.startsWith('worker-'), `execution ${id} started on ${worker}`);
				if (id !== parent.id) perWorker[worker] = (perWorker[worker] ?? 0) + 1;
			}
			const workers = deployment.processes.filter((instance) => instance.role === 'worker');
			for (const { name } of workers)
				ok(perWorker[name] > 0, `${name} ran no chunk: ${JSON.stringify(perWorker)}`);
			return `upload on ${placement.startedBy.get(parent.id)[0]}; chunks: ${Object.entries(
				perWorker,
			)
				.sort()
				.map(([name, count]) => `${name} ${count}`)
				.join(', ')}`;
		},
	);

	await check(
		'0 orphans: every device on all four servers, nothing else created (every registry read back)',
		async () => {
			const missing = await devicesMissing(
				simulator,
				rows.map((row) => row.id),
			);
			equal(missing.slice(0, 10), [], `registrations missing (${missing.length} in all)`);
			const listed = await listDeviceIds(simulator, APPLICATION);
			const bulkIds = listed.filter((id) => id.startsWith('bulk-'));
			equal(bulkIds.length, DEVICES, 'bulk devices the Identity Server lists');
			return `${DEVICES * 4} registrations read`;
		},
	);

	await check(
		'throughput under the rate limit shared by every process (printed, not a target)',
		async () => {
			ok(chunkExecutions?.length, 'no chunk executions');
			const start = Math.min(
				...chunkExecutions.map((execution) => Date.parse(execution.startedAt)),
			);
			const end = Math.max(...chunkExecutions.map((execution) => Date.parse(execution.stoppedAt)));
			const seconds = (end - start) / 1000;
			const allowed = (RATE_LIMIT.maxBurst + (seconds * RATE_LIMIT.maxPerMinute) / 60) / seconds;
			const achieved = DEVICES / seconds;
			const requests = await simulator.requests();
			const rejected = requests.filter(
				(request) => request.status === 429 && request.rpc?.endsWith('EndDeviceRegistry.Create'),
			).length;
			return (
				`${DEVICES} devices in ${seconds.toFixed(1)} s: ${achieved.toFixed(1)} devices/s; ` +
				`the limit (${RATE_LIMIT.maxPerMinute}/min, burst ${RATE_LIMIT.maxBurst}) allows ${allowed.toFixed(1)}/s: ` +
				`share ${(achieved / allowed).toFixed(2)}; ${rejected} creates answered 429 and retried`
			);
		},
	);
}

/** Rows with the columns of The Things Stack's CSV import. */
function deviceRows(count) {
	return Array.from({ length: count }, (_, index) => {
		const number = String(index + 1).padStart(4, '0');
		return {
			id: `bulk-${number}`,
			dev_eui: (0x70b3d57e0f000000n + BigInt(index)).toString(16).toUpperCase(),
			join_eui: '0000000000000000',
			app_key: `2B7E151628AED2A6ABF71588${(0x09cf0000 + index).toString(16).toUpperCase().padStart(8, '0')}`,
			name: `Bulk device ${number}`,
			frequency_plan_id: 'EU_863_870_TTN',
			lorawan_version: '1.0.3',
			lorawan_phy_version: 'PHY_V1_0_3_REV_A',
		};
	});
}

function csv(rows) {
	const columns = Object.keys(rows[0]);
	return [
		columns.join(','),
		...rows.map((row) => columns.map((column) => row[column]).join(',')),
	].join('\n');
}

/** `<server>: <device>` for every registration of the devices that a server does not hold. */
async function devicesMissing(simulator, deviceIds) {
	const reads = deviceIds.flatMap((deviceId) =>
		Object.entries(REGISTRIES).map(([server, prefix]) => ({ deviceId, server, prefix })),
	);
	const missing = [];
	let next = 0;
	const reader = async () => {
		while (next < reads.length) {
			const { deviceId, server, prefix } = reads[next++];
			const { status } = await simulator.api(
				'GET',
				`${prefix}/applications/${APPLICATION}/devices/${deviceId}`,
			);
			if (status !== 200) missing.push(`${server}: ${deviceId} (HTTP ${status})`);
		}
	};
	await Promise.all(Array.from({ length: 32 }, reader));
	return missing;
}

async function listDeviceIds(simulator, applicationId) {
	const ids = [];
	for (let page = 1; ; page++) {
		const { status, body } = await simulator.api(
			'GET',
			`/applications/${applicationId}/devices?limit=1000&page=${page}`,
		);
		equal(status, 200, `listing the devices of ${applicationId}, page ${page}`);
		const devices = body.end_devices ?? [];
		ids.push(...devices.map((device) => device.ids.device_id));
		if (devices.length < 1000) return ids;
	}
}
