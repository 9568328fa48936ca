// What the benchmark sends n8n, at a steady rate, and what it finds again in the executions:
//
//   uplinks   the simulator sends radio uplinks from many devices (its own timer, in its own
//             process, as TTS would); the trigger's item carries the event's `time`
//   webhook   this process posts to a Webhook → No Operation workflow, without waiting for the
//             answers (an open loop, like uplinks that do not wait for n8n); the body carries the
//             send time
//
// Both resolve with how many items they sent once the last one is out.
import { setTimeout as sleep } from 'node:timers/promises';

/** `deviceIds`: the simulator's devices (createDevices). */
export function uplinkLoad({ simulator, applicationId, deviceIds }) {
	return {
		name: 'uplinks',
		triggerNode: 'Uplinks',
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
	return {
		name: 'webhook',
		triggerNode: 'Webhook',
		async send(rate, seconds) {
			const total = Math.round(rate * seconds);
			const started = performance.now();
			const inFlight = new Set();
			let sent = 0;
			let failed = 0;
			const post = () => {
				const request = fetch(url, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ sentAt: Date.now(), n: sent }),
					signal: AbortSignal.timeout(60_000),
				})
					.then(async (response) => {
						await response.arrayBuffer();
						if (!response.ok) failed++;
					})
					.catch(() => failed++)
					.finally(() => inFlight.delete(request));
				inFlight.add(request);
				sent++;
			};
			while (sent < total) {
				const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate));
				while (sent < due) post();
				await sleep(5);
			}
			await Promise.all(inFlight);
			return { sent, expected: total, failed };
		},
		/** When each call an execution's Webhook items carry was sent (in the body). */
		sendTimes(items) {
			return items.map((item) => Number(item.body?.sentAt));
		},
	};
}
