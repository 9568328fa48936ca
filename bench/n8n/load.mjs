// What the benchmark sends n8n, at a steady rate, and what it finds again in the executions:
//
//   uplinks   the simulator sends radio uplinks from many devices (its own timer, in its own
//             process, as TTS would); the trigger's item carries the event's `time`
//   webhook   this process posts to a Webhook → No Operation workflow, without waiting for the
//             answers (an open loop, like uplinks that do not wait for n8n); the body carries the
//             send time
//
// `ready()` resolves once n8n listens (the trigger's stream is open, the webhook answers); `send`
// resolves with how many items it sent once the last one is out.
import { setTimeout as sleep } from 'node:timers/promises';

const READY_TIMEOUT_MS = 60_000;

/** `deviceIds`: the simulator's devices (createDevices). */
export function uplinkLoad({ simulator, applicationId, deviceIds }) {
	return {
		name: 'uplinks',
		triggerNode: 'Uplinks',
		async ready() {
			await until(async () => (await simulator.stats()).openStreams >= 1, 'an open event stream');
		},
		async send(rate, seconds) {
			const started = await simulator.startUplinkLoad({
				applicationId,
				deviceIds,
				perSecond: rate,
				seconds,
			});
			for (;;) {
				await sleep(500);
				const load = await simulator.uplinkLoad();
				if (!load.running) return { sent: load.sent, expected: started.total, failed: 0 };
			}
		},
		/** When each uplink an execution's trigger items carry was sent (TTS's event time). */
		sendTimes(items) {
			return items.map((item) => Date.parse(item.time));
		},
	};
}

/** `url`: the production URL of the Webhook node. */
export function webhookLoad({ url }) {
	/** Resolves with { ok, failure }: failure names the HTTP status or the network error. */
	const post = (body) =>
		fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
			signal: AbortSignal.timeout(60_000),
		}).then(
			async (response) => {
				await response.arrayBuffer();
				return { ok: response.ok, failure: `HTTP ${response.status}` };
			},
			(error) => ({ ok: false, failure: error.cause?.code ?? error.message }),
		);
	return {
		name: 'webhook',
		triggerNode: 'Webhook',
		/** n8n registers the webhook after it says it is up: until then it answers 404. */
		async ready() {
			await until(async () => (await post({ warmUp: true })).ok, `an answer from ${url}`);
		},
		async send(rate, seconds) {
			const total = Math.round(rate * seconds);
			const started = performance.now();
			const inFlight = new Set();
			let sent = 0;
			const failures = [];
			const call = () => {
				const request = post({ sentAt: Date.now(), n: sent })
					.then((answer) => {
						if (!answer.ok) failures.push(answer.failure);
					})
					.finally(() => inFlight.delete(request));
				inFlight.add(request);
				sent++;
			};
			while (sent < total) {
				const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate));
				while (sent < due) call();
				await sleep(5);
			}
			await Promise.all(inFlight);
			return { sent, expected: total, failed: failures.length, firstFailure: failures[0] };
		},
		/**
		 * Keeps `concurrency` calls open for `seconds` (a closed loop: with the webhook answering
		 * when its execution ended, n8n runs as many executions at once, as fast as it can).
		 */
		async saturate(concurrency, seconds) {
			const endsAt = performance.now() + seconds * 1000;
			let completed = 0;
			let failed = 0;
			const caller = async () => {
				while (performance.now() < endsAt) {
					const answer = await post({ sentAt: Date.now() });
					if (answer.ok) completed++;
					else failed++;
				}
			};
			await Promise.all(Array.from({ length: concurrency }, caller));
			return { completed, failed };
		},
		/** When each call an execution's Webhook items carry was sent (in the body). */
		sendTimes(items) {
			return items.map((item) => Number(item.body?.sentAt));
		},
	};
}

async function until(probe, what) {
	const deadline = Date.now() + READY_TIMEOUT_MS;
	while (!(await probe().catch(() => false))) {
		if (Date.now() > deadline) throw new Error(`no ${what} within ${READY_TIMEOUT_MS / 1000} s`);
		await sleep(500);
	}
}
