// Starts e2e/simulator/host.mjs (the TTS simulator plus a control API) in its own process and
// gives a client for it: the control API, and the real TTS API with the seeded keys.
import { join } from 'node:path';

import { e2eDir, repoRoot } from './paths.mjs';
import { startProcess } from './proc.mjs';

/**
 * `options`: { port, uplinkInterval, requestLogLimit, devEuiLimit, log, echo }. Resolves with a
 * client; `stop()` ends it.
 */
export async function startSimulatorProcess({
	port = 0,
	uplinkInterval = 0,
	requestLogLimit,
	devEuiLimit,
	log,
	echo,
} = {}) {
	const tsx = join(repoRoot, 'node_modules', '.bin', 'tsx');
	const handle = startProcess(
		tsx,
		[
			join(e2eDir, 'simulator', 'host.mjs'),
			'--port',
			String(port),
			'--uplink-interval',
			String(uplinkInterval),
			...(requestLogLimit ? ['--request-log-limit', String(requestLogLimit)] : []),
			...(devEuiLimit ? ['--dev-eui-limit', String(devEuiLimit)] : []),
		],
		{ cwd: repoRoot, log, echo },
	);
	const match = await handle.waitFor(/^SIMULATOR_READY (.*)$/m, 60_000, 'the simulator to start');
	const info = JSON.parse(match[1]);
	return createClient(info, handle);
}

function createClient(info, handle) {
	async function control(method, path, body) {
		const response = await fetch(`${info.controlUrl}/control/${path}`, {
			method,
			headers: body ? { 'content-type': 'application/json' } : {},
			body: body ? JSON.stringify(body) : undefined,
		});
		const json = await response.json();
		if (!response.ok) throw new Error(`simulator control ${method} ${path}: ${json.error}`);
		return json;
	}
	return {
		info,
		handle,
		stats: () => control('GET', 'stats'),
		requests: () => control('GET', 'requests'),
		contractViolations: () => control('GET', 'contract'),
		sendUplink: (uplink) => control('POST', 'uplink', uplink),
		setGatewayConnected: (gatewayId, connected) =>
			control('POST', 'gateway', { gatewayId, connected }),
		downlinkQueue: (applicationId, deviceId) =>
			control(
				'GET',
				`downlinks?applicationId=${encodeURIComponent(applicationId)}&deviceId=${encodeURIComponent(deviceId)}`,
			),
		/** Replaces the rate-limit profiles ({ class, maxPerMinute, maxBurst }, simulator README). */
		setRateLimits: (profiles) => control('POST', 'rate-limits', { profiles }),
		/** Joined devices `<prefix>-1..count` (and the application if new); resolves with { deviceIds }. */
		createDevices: (applicationId, prefix, count) =>
			control('POST', 'devices', { applicationId, prefix, count }),
		/** Associates the Storage Integration with an application (all its devices). */
		enableStorageIntegration: (applicationId) =>
			control('POST', 'storage-integration', { applicationId }),
		/** Starts uplinks at a steady rate: { applicationId, deviceIds, perSecond, seconds }. */
		startUplinkLoad: (load) => control('POST', 'uplink-load', load),
		/** How far the uplink load got: { sent, total, running, startedAt, finishedAt }. */
		uplinkLoad: () => control('GET', 'uplink-load'),
		/** A webhook as the Application Server stores it (with its health), or null. */
		webhook: (applicationId, webhookId) =>
			control(
				'GET',
				`webhook?applicationId=${encodeURIComponent(applicationId)}&webhookId=${encodeURIComponent(webhookId)}`,
			),
		/** Every webhook request the Application Server made: outcome, status, webhook, device. */
		webhookDeliveries: () => control('GET', 'webhook-deliveries'),
		/** The Application Server's webhook timeout and health settings. */
		configureWebhooks: (settings) => control('POST', 'webhook-settings', settings),
		/** Uplinks at a steady rate from `devices` flow sensors of demo-app; a rate of 0 stops them. */
		startFlow: ({ devices, ratePerSecond }) => control('POST', 'flow', { devices, ratePerSecond }),
		stopFlow: () => control('POST', 'flow', { ratePerSecond: 0 }),
		/** `count` uplinks from the flow sensors within `withinMs`; resolves with their keys. */
		burst: ({ count, withinMs, fPort }) => control('POST', 'burst', { count, withinMs, fPort }),
		/** Keys (`deviceId#fCnt`) of the flow's and bursts' uplinks from index `from` on, and the total. */
		flowSent: (from = 0) => control('GET', `flow-sent?from=${from}`),
		/** Cuts every open event stream now; resolves with { cut: how many }. */
		cutStreams: () => control('POST', 'cut-streams', {}),
		/** The events store's payload TTL from now on (applies to the events already stored). */
		setEventPayloadTtl: (payloadTtlMs) => control('POST', 'events-store', { payloadTtlMs }),
		/** A call of the real TTS API (`path` below /api/v3); resolves with { status, body }. */
		async api(method, path, body, { key = info.adminApiKey } = {}) {
			const response = await fetch(`${info.url}/api/v3${path}`, {
				method,
				headers: {
					authorization: `Bearer ${key}`,
					...(body ? { 'content-type': 'application/json' } : {}),
				},
				body: body ? JSON.stringify(body) : undefined,
			});
			const text = await response.text();
			let parsed;
			try {
				parsed = text ? JSON.parse(text) : undefined;
			} catch {
				parsed = text;
			}
			return { status: response.status, body: parsed };
		},
		stop: () => handle.stop({ graceMs: 5_000 }),
	};
}
