// The webhook trigger in queue mode: the main activates the workflow and registers the TTS webhook
// with the URL of the webhook process (N8N_WEBHOOK_URL); the Application Server delivers every
// uplink there; the webhook process checks the secret and enqueues; the workers run the
// executions. The main serves no production webhook (N8N_DISABLE_PRODUCTION_MAIN_PROCESS).
import { equal, eventually, match, ok } from '../../lib/assert.mjs';
import { countDeliveries, expectDeliveries } from '../../lib/delivery.mjs';
import { nodeOutput } from '../../lib/workflow-checks.mjs';
import { ENDED } from '../database.mjs';
import { executionPlacement } from '../deployment.mjs';
import { queueWorkflow } from '../workflows.mjs';

const webhookWorkflow = queueWorkflow('queue-webhook-uplinks.json');
export const workflows = [webhookWorkflow];

const APPLICATION = 'demo-app';
const ROUNDS = 6;

export async function verify({ group, deployment, simulator, database }) {
	const check = (name, fn) => group.check(`webhook: ${name}`, fn);
	const trigger = webhookWorkflow.workflow.nodes.find((node) =>
		node.type.endsWith('.theThingsStackWebhookTrigger'),
	);
	const path = `/webhook/${trigger.webhookId}/tts`;
	const productionUrl = `${deployment.webhookUrl}${path}`;

	const registered = await check(
		'the main registered the TTS webhook with the URL of the webhook process',
		async () => {
			const webhook = await eventually(
				async () => {
					const { body } = await simulator.api(
						'GET',
						`/as/webhooks/${APPLICATION}?field_mask=base_url,headers,uplink_message`,
					);
					return body?.webhooks?.find((each) => each.base_url === productionUrl);
				},
				{ timeoutMs: 60_000, what: `a webhook of ${APPLICATION} posting to ${productionUrl}` },
			);
			match(webhook.headers?.['X-N8n-Webhook-Secret'] ?? '', /^[0-9a-f]{64}$/, 'secret header');
			return `${webhook.ids.webhook_id} → ${productionUrl}`;
		},
	);
	if (!registered) return;

	const sent = [];
	const sentAt = new Date().toISOString();
	for (let round = 0; round < ROUNDS; round++) {
		for (const deviceId of simulator.info.devices) {
			const up = await simulator.sendUplink({ deviceId, reading: { temperature: 21 } });
			sent.push(`${deviceId}#${up.uplink_message.f_cnt}`);
		}
	}
	const keyOf = (item) => `${item.device}#${item.fCnt}`;

	let executions;
	const delivered = await check(
		`every pushed uplink (${sent.length}) is one successful execution`,
		async () => {
			const sentKeys = new Set(sent);
			const mine = (all) =>
				all.filter((execution) => readings(execution).some((item) => sentKeys.has(keyOf(item))));
			executions = await eventually(
				async () => {
					const all = await database.executions(webhookWorkflow.id);
					const ended = all.filter((execution) => ENDED.includes(execution.status));
					return mine(ended).length >= sent.length ? mine(all) : undefined;
				},
				{ timeoutMs: 90_000, what: `${sent.length} ended executions of ${webhookWorkflow.id}` },
			);
			equal(
				executions.filter((execution) => execution.status !== 'success').map((e) => e.status),
				[],
				'statuses other than success',
			);
			equal([...new Set(executions.map((execution) => execution.mode))], ['webhook'], 'modes');
			const ours = (await simulator.webhookDeliveries()).filter(
				(delivery) => delivery.url === productionUrl && delivery.receivedAt >= sentAt,
			);
			equal(
				ours.filter((delivery) => delivery.status !== 200).map((d) => d.status ?? d.error),
				[],
				'webhook deliveries not answered 200',
			);
			return expectDeliveries(
				'queue-webhook',
				countDeliveries({ sent, received: executions.flatMap(readings).map(keyOf) }),
			);
		},
	);

	if (delivered) {
		await check(
			'the webhook process enqueued every execution, a worker ran each, both workers took part',
			async () => {
				const ids = executions.map((execution) => execution.id);
				const workers = deployment.processes.filter((instance) => instance.role === 'worker');
				const placement = await eventually(
					() => {
						const found = executionPlacement(deployment.logs());
						return ids.every((id) => found.startedBy.has(id)) ? found : undefined;
					},
					{ timeoutMs: 15_000, what: 'every execution in a worker log' },
				);
				const perWorker = Object.fromEntries(workers.map((worker) => [worker.name, 0]));
				for (const id of ids) {
					equal(
						placement.enqueuedBy.get(id),
						['webhook-1'],
						`processes that enqueued execution ${id}`,
					);
					const ranOn = placement.startedBy.get(id);
					equal(ranOn.length, 1, `workers that started execution ${id}`);
					ok(ranOn[0] in perWorker, `execution ${id} started on ${ranOn[0]}, not a worker`);
					perWorker[ranOn[0]]++;
				}
				for (const [name, count] of Object.entries(perWorker)) {
					ok(count > 0, `${name} ran none of the ${ids.length} executions`);
				}
				return Object.entries(perWorker)
					.map(([name, count]) => `${name}: ${count}`)
					.join(', ');
			},
		);
	}

	await check(
		'the webhook process answers 401 to a delivery without the secret and starts nothing; the main serves no production webhook',
		async () => {
			const count = async () =>
				Object.values(await database.statusCounts(webhookWorkflow.id)).reduce((a, b) => a + b, 0);
			const before = await count();
			const body = JSON.stringify({
				end_device_ids: {
					device_id: simulator.info.devices[0],
					application_ids: { application_id: APPLICATION },
				},
				received_at: new Date().toISOString(),
				uplink_message: { f_port: 1, f_cnt: 999999, frm_payload: 'AQI=' },
			});
			for (const headers of [{}, { 'X-N8n-Webhook-Secret': 'guessed' }]) {
				const response = await fetch(productionUrl, {
					method: 'POST',
					headers: { 'content-type': 'application/json', ...headers },
					body,
				});
				equal(response.status, 401, `status without the right secret (${JSON.stringify(headers)})`);
			}
			const onMain = await fetch(`${deployment.editorUrl}${path}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body,
			});
			// n8n's server.js: no production webhook routes when disableProductionWebhooksOnMainProcess
			equal(onMain.status, 404, "the main's answer to a production webhook request");
			await new Promise((resolve) => setTimeout(resolve, 3_000));
			equal(await count(), before, `executions of ${webhookWorkflow.id}`);
			return `webhook process 401, main ${onMain.status}`;
		},
	);
}

function readings(execution) {
	try {
		return nodeOutput({ data: execution.data }, 'Reading');
	} catch {
		return [];
	}
}
