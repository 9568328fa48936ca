// e2e/workflows/e2e-webhook-outage.json: The Things Stack Webhook Trigger across n8n outages.
// n8n is stopped for two minutes while the devices of demo-app keep sending: with the Storage
// Integration every uplink must still reach the workflow exactly once; without it the loss must
// be reported. A webhook that went unhealthy while n8n was down must deliver again (reset on
// activation where n8n runs checkExists at start-up, after its retry interval where it does not),
// and deactivating the workflow removes the webhook.
import { countDeliveries, expectDeliveries } from '../lib/delivery.mjs';

export const mode = 'scenario';

const applicationId = 'demo-app';
const devices = ['demo-sensor-1', 'demo-sensor-2', 'demo-sensor-3'];
const OUTAGE_MS = 120_000;
const ROUND_INTERVAL_MS = 10_000;
// The FPort of the Storage Integration's default association (docs integrations/storage/enable.md).
const STORAGE_F_PORT = 100;
const RETRY_INTERVAL_MS = 30_000;

export async function verify(t) {
	const { assert } = t;
	const trigger = t.workflow.nodes.find((node) =>
		node.type.endsWith('.theThingsStackWebhookTrigger'),
	);
	const productionUrl = `${t.n8n.url}/webhook/${trigger.webhookId}/tts`;
	const keyOf = (item) => `${item.deviceId}#${item.fCnt}`;
	const webhook = async () => {
		const { body } = await t.simulator.api(
			'GET',
			`/as/webhooks/${applicationId}?field_mask=health_status`,
		);
		return (body?.webhooks ?? []).find((each) => each.base_url === productionUrl);
	};
	/** Every item of every finished execution so far, with the execution it came in. */
	const received = async () =>
		(await t.n8n.executions())
			.filter((execution) => execution.mode === 'webhook' && execution.stoppedAt)
			.flatMap((execution) => t.output(execution, trigger.name));
	const sendRound = async () => {
		const keys = [];
		for (const deviceId of devices) {
			const up = await t.simulator.sendUplink({ deviceId, reading: reading(keys.length) });
			keys.push(`${deviceId}#${up.uplink_message.f_cnt}`);
		}
		return keys;
	};
	/** Stops n8n, sends a round every 10 s for two minutes, starts n8n again. */
	const outage = async () => {
		await t.n8n.stop();
		const keys = [];
		const end = Date.now() + OUTAGE_MS;
		while (Date.now() < end) {
			keys.push(...(await sendRound()));
			await sleep(Math.min(ROUND_INTERVAL_MS, Math.max(0, end - Date.now())));
		}
		await t.n8n.start();
		return keys;
	};
	/** Waits until the workflow got every key (or the time is up), then counts what it got. */
	const deliveries = async (sent, before, { waitFor = sent, timeoutMs = 90_000 } = {}) => {
		await assert
			.eventually(
				async () => {
					const keys = new Set((await received()).slice(before).map(keyOf));
					return waitFor.every((key) => keys.has(key)) || undefined;
				},
				{ timeoutMs, what: `${waitFor.length} uplinks in executions` },
			)
			.catch(() => undefined);
		await sleep(3_000);
		const items = (await received()).slice(before);
		return countDeliveries({
			sent,
			received: items.map(keyOf),
			reportedGaps: items.reduce((sum, item) => sum + (item.streamGaps?.length ?? 0), 0),
		});
	};
	const setStorage = async (enabled) => {
		const path = `/as/applications/${applicationId}/packages/associations/${STORAGE_F_PORT}`;
		const response = enabled
			? await t.simulator.api('PUT', path, {
					default: { package_name: 'storage-integration' },
					field_mask: { paths: ['package_name'] },
				})
			: await t.simulator.api('DELETE', path);
		assert.equal(response.status, 200, `storage association ${enabled ? 'set' : 'deleted'}`);
	};

	const registered = await t.check(
		'activated, it registers its webhook when n8n starts',
		async () => {
			await t.activate();
			await t.n8n.start();
			await assert.eventually(webhook, {
				what: `a webhook posting to ${productionUrl}`,
				timeoutMs: 60_000,
			});
		},
	);
	if (!registered) return;

	await t.check(
		'n8n down for two minutes with the Storage Integration: every uplink exactly once (webhook-outage-storage)',
		async () => {
			await setStorage(true);
			const before = (await received()).length;
			const live = await sendRound();
			await deliveries(live, before, { timeoutMs: 30_000 });
			const down = await outage();
			const after = await sendRound();
			const counts = await deliveries([...live, ...down, ...after], before);
			return expectDeliveries('webhook-outage-storage', counts);
		},
	);

	await t.check(
		'n8n down for two minutes without the Storage Integration: the loss is reported (webhook-outage-no-storage)',
		async () => {
			await setStorage(false);
			const before = (await received()).length;
			const live = await sendRound();
			await deliveries(live, before, { timeoutMs: 30_000 });
			const down = await outage();
			const after = await sendRound();
			const counts = await deliveries([...live, ...down, ...after], before, {
				waitFor: [...live, ...after],
			});
			return expectDeliveries('webhook-outage-no-storage', counts, {
				lost: down.length,
				gaps: 1,
			});
		},
	);

	await t.check(
		'a webhook that went unhealthy while n8n was down delivers again, and nothing is lost (webhook-unhealthy)',
		async () => {
			await setStorage(true);
			await t.simulator.configureWebhooks({
				unhealthyAttemptsThreshold: 2,
				unhealthyRetryIntervalMs: RETRY_INTERVAL_MS,
			});
			try {
				const before = (await received()).length;
				await t.n8n.stop();
				const down = [...(await sendRound()), ...(await sendRound())];
				const health = (await webhook())?.health_status;
				assert.ok(health?.unhealthy, `the webhook is unhealthy (${JSON.stringify(health)})`);
				const outcomes = (await t.simulator.webhookDeliveries()).map((each) => each.outcome);
				assert.ok(outcomes.includes('disabled'), 'the Application Server stopped sending');
				const requestsBefore = (await t.simulator.requests()).length;
				await t.n8n.start();
				const readAtStart = (await t.simulator.requests())
					.slice(requestsBefore)
					.some((request) => request.rpc === 'ApplicationWebhookRegistry.Get');
				let how;
				if (readAtStart) {
					await assert.eventually(async () => !(await webhook())?.health_status?.unhealthy, {
						what: 'the webhook reactivated',
					});
					how = 'reactivated by checkExists at start-up';
				} else {
					how = `no checkExists at start-up: delivered again after the ${RETRY_INTERVAL_MS / 1000} s retry interval`;
					await sleep(RETRY_INTERVAL_MS + 1_000);
				}
				const after = await sendRound();
				const counts = await deliveries([...down, ...after], before);
				return `${expectDeliveries('webhook-unhealthy', counts)} (${how})`;
			} finally {
				await t.simulator.configureWebhooks({
					unhealthyAttemptsThreshold: 0,
					unhealthyRetryIntervalMs: 0,
				});
			}
		},
	);

	await t.check('deactivating the workflow deletes its webhook', async () => {
		const session = await t.session();
		await session.post(`/rest/workflows/${t.workflow.id}/deactivate`, {});
		await assert.eventually(async () => !(await webhook()) || undefined, {
			what: 'the webhook deleted',
		});
	});
}

function reading(index) {
	return { temperature: 15 + index, humidity: 50, battery: 3.1 };
}

function sleep(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}
