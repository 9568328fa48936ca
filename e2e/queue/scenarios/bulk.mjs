// Bulk provisioning spread over the workers: a CSV of 2,000 devices is posted to the upload
// workflow, which cuts it into chunks of 100 and posts each chunk to the chunk workflow's webhook.
// Each chunk is then an execution of its own that the webhook process enqueues and a free worker
// runs (an Execute Workflow node would run them inside the parent's execution, on one worker:
// n8n's workflow-execute-additional-data.js runs sub-workflows in-process).
//
// The rows leave the DevEUI empty, so each is issued from the application's DevEUI block. TTS keys
// a method's rate limit by the request's entity and the API key (pkg/ratelimit/resource.go
// grpcMethodResource): creations of distinct devices never share a bucket, IssueDevEUI is one per
// application. Every process uses the same key, so all of them draw from that one limit.
import { equal, eventually, ok } from '../../lib/assert.mjs';
import { ENDED } from '../database.mjs';
import { executionPlacement } from '../deployment.mjs';
import { queueWorkflow } from '../workflows.mjs';

const upload = queueWorkflow('bulk-provisioning-upload.json');
const chunk = queueWorkflow('bulk-provisioning-chunk.json');
export const workflows = [upload, chunk];

export const DEVICES = 2000;
const ROWS_PER_CHUNK = 100; // the Chunks node of the upload workflow
const APPLICATION = 'demo-app';
const RATE_LIMIT = {
	class: 'grpc:method:/ttn.lorawan.v3.ApplicationRegistry/IssueDevEUI',
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
	await skipSeededDevEuis(simulator);
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
			const listed = (await listDevices(simulator, APPLICATION)).filter((device) =>
				device.ids.device_id.startsWith('bulk-'),
			);
			equal(listed.length, DEVICES, 'bulk devices the Identity Server lists');
			const devEuis = new Set(listed.map((device) => device.ids.dev_eui).filter(Boolean));
			equal(devEuis.size, DEVICES, 'distinct DevEUIs issued to the bulk devices');
			return `${DEVICES * 4} registrations read, ${devEuis.size} distinct DevEUIs`;
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
				(request) => request.status === 429 && request.rpc?.endsWith('IssueDevEUI'),
			).length;
			return (
				`${DEVICES} devices in ${seconds.toFixed(1)} s: ${achieved.toFixed(1)} devices/s; ` +
				`the limit (${RATE_LIMIT.maxPerMinute}/min, burst ${RATE_LIMIT.maxBurst}) allows ${allowed.toFixed(1)}/s: ` +
				`share ${(achieved / allowed).toFixed(2)}; ${rejected} IssueDevEUI answered 429 and retried`
			);
		},
	);
}

/**
 * The simulator's demo sensors were seeded with the first DevEUIs of its block (70B3D57ED0000001
 * to …03), without the block knowing: TTS would have issued them. Issuing those first keeps them
 * from going to two devices.
 */
export const SEEDED_DEVEUIS = 3;

async function skipSeededDevEuis(simulator) {
	for (let issued = 0; issued < SEEDED_DEVEUIS; issued++) {
		const { status, body } = await simulator.api(
			'POST',
			`/applications/${APPLICATION}/dev-eui`,
			{},
		);
		equal(status, 200, `issuing a DevEUI (${JSON.stringify(body)})`);
	}
}

/** Rows with the columns of The Things Stack's CSV import. */
function deviceRows(count) {
	return Array.from({ length: count }, (_, index) => {
		const number = String(index + 1).padStart(4, '0');
		return {
			id: `bulk-${number}`,
			dev_eui: '',
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

async function listDevices(simulator, applicationId) {
	const listed = [];
	for (let page = 1; ; page++) {
		const { status, body } = await simulator.api(
			'GET',
			`/applications/${applicationId}/devices?limit=1000&page=${page}`,
		);
		equal(status, 200, `listing the devices of ${applicationId}, page ${page}`);
		const devices = body.end_devices ?? [];
		listed.push(...devices);
		if (devices.length < 1000) return listed;
	}
}
