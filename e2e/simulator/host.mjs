// Runs the TTS simulator (simulator/, TypeScript: start this file with tsx) for the end-to-end tests
// and the demo, and serves a small control API next to it so that another process can drive it:
//
//   GET  /control/info                         URLs and API keys
//   GET  /control/stats                        open event streams and sockets, requests so far
//   GET  /control/requests                     the request log (method, path, status, rpc)
//   GET  /control/contract                     requests the real TTS would reject (violations)
//   POST /control/uplink     {applicationId, deviceId, reading?, payloadHex?, fPort?}
//   POST /control/gateway    {gatewayId, connected}
//   GET  /control/downlinks?applicationId=&deviceId=
//   POST /control/rate-limits {profiles}       replace the rate-limit profiles (simulator README)
//   POST /control/devices    {applicationId, prefix, count}
//                                              joined OTAA devices <prefix>-1..count, written
//                                              straight into the registries; the application
//                                              (of the demo user, no payload formatter) if new
//   POST /control/storage-integration {applicationId}
//                                              the Storage Integration for the application
//   POST /control/uplink-load {applicationId, deviceIds, perSecond, seconds}
//                                              radio uplinks at a steady rate, the devices in turn
//   GET  /control/uplink-load                  how far it got: {sent, total, running, ...}
//   GET  /control/webhook?applicationId=&webhookId=   a webhook as the Application Server stores it
//   GET  /control/webhook-deliveries               every webhook request made (outcome, status)
//   POST /control/webhook-settings {timeoutMs?, unhealthyAttemptsThreshold?, unhealthyRetryIntervalMs?}
//   POST /control/flow       {devices, ratePerSecond}  uplinks at a steady rate from `devices`
//                            devices (flow-sensor-1..n of application delivery-app, created when
//                            needed, so that no other workflow sees them), in turn, through
//                            demo-gateway; 0 stops the flow
//   POST /control/burst      {count, withinMs, fPort?}  `count` uplinks from the flow's devices,
//                            spread evenly over `withinMs`; answers when the last was sent
//   GET  /control/flow-sent?from=  keys (`deviceId#fCnt`) of the flow's and bursts' uplinks, in
//                            the order sent, from that index on, and how many were sent in all
//   POST /control/cut-streams                  cuts every open event stream now
//   POST /control/events-store {payloadTtlMs}  the events store's payload TTL from now on
//
// Options: --port (0 = any), --control-port (0 = any), --uplink-interval <s> (0 = off),
// --request-log-limit <n> (requests kept for /control/requests and the contract check),
// --dev-eui-limit <n> (DevEUIs the application's block issues per application).
// When ready it prints one line: `SIMULATOR_READY {json of /control/info}`.
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';

import { demo, demoReading, demoSeed, startSimulator } from '../../simulator/index.ts';

const { values } = parseArgs({
	options: {
		port: { type: 'string', default: '0' },
		'control-port': { type: 'string', default: '0' },
		'uplink-interval': { type: 'string', default: '0' },
		'request-log-limit': { type: 'string' },
		'dev-eui-limit': { type: 'string' },
	},
});

const simulator = await startSimulator({
	port: Number(values.port),
	seed: demoSeed(),
	...(values['request-log-limit'] ? { requestLogLimit: Number(values['request-log-limit']) } : {}),
	...(values['dev-eui-limit']
		? { devEuiBlock: { applicationLimit: Number(values['dev-eui-limit']) } }
		: {}),
});
const userKey = simulator.createUserKey(demo.user, ['RIGHT_ALL']);
const adminKey = simulator.createAdminKey();

let uplinksSent = 0;
let round = 0;
function sendDemoUplinks() {
	round++;
	for (const deviceId of demo.devices) {
		simulator.sendUplink({
			applicationId: demo.application,
			deviceId,
			gatewayId: demo.gateway,
			reading: demoReading(round),
		});
		uplinksSent++;
	}
}
// The delivery scenarios' traffic: every uplink they send, by its identity.
const flowApplication = 'delivery-app';
const flowSent = [];
const flowDevices = [];
let flowTimer;
let flowTurn = 0;
let flowDeviceCount = 0;

function ensureFlowDevices(count) {
	if (flowDevices.length === 0)
		simulator.createApplication({
			applicationId: flowApplication,
			owner: { userId: demo.user },
			name: 'Delivery scenarios',
		});
	for (let index = flowDevices.length + 1; index <= count; index++) {
		const deviceId = `flow-sensor-${index}`;
		simulator.createDevice({
			applicationId: flowApplication,
			deviceId,
			name: `Flow sensor ${index}`,
			devEui: `70B3D57ED00F${index.toString(16).padStart(4, '0').toUpperCase()}`,
			joined: true,
		});
		flowDevices.push(deviceId);
	}
}

function sendFlowUplink(fPort) {
	const deviceId = flowDevices[flowTurn++ % flowDeviceCount];
	const up = simulator.sendUplink({
		applicationId: flowApplication,
		deviceId,
		gatewayId: demo.gateway,
		fPort,
		reading: demoReading(flowTurn),
	});
	uplinksSent++;
	flowSent.push(`${deviceId}#${up.uplink_message.f_cnt}`);
}

function startFlow({ devices = 4, ratePerSecond = 1 }) {
	if (flowTimer) clearInterval(flowTimer);
	flowTimer = undefined;
	ensureFlowDevices(devices);
	flowDeviceCount = devices;
	if (ratePerSecond > 0) flowTimer = setInterval(() => sendFlowUplink(1), 1000 / ratePerSecond);
	return { applicationId: flowApplication, devices: flowDevices.slice(0, devices), ratePerSecond };
}

async function sendBurst({ count, withinMs = 0, fPort = 1 }) {
	if (flowDeviceCount === 0) startFlow({ ratePerSecond: 0 });
	const tickMs = 20;
	const ticks = Math.max(1, Math.floor(withinMs / tickMs));
	const from = flowSent.length;
	for (let tick = 0; tick < ticks; tick++) {
		const until = Math.round(((tick + 1) * count) / ticks);
		while (flowSent.length - from < until) sendFlowUplink(fPort);
		if (tick < ticks - 1) await new Promise((resolve) => setTimeout(resolve, tickMs));
	}
	return { keys: flowSent.slice(from) };
}

const interval = Number(values['uplink-interval']);
const timer = interval > 0 ? setInterval(sendDemoUplinks, interval * 1000) : undefined;

/**
 * Uplinks at `perSecond` for `seconds`, the devices in turn. A 5 ms tick sends every uplink that
 * is due by then, so the rate holds however long one tick takes.
 */
let load;
function startUplinkLoad({ applicationId, deviceIds, perSecond, seconds }) {
	if (!Array.isArray(deviceIds) || deviceIds.length === 0 || !(perSecond > 0) || !(seconds > 0)) {
		throw Object.assign(new Error('deviceIds, perSecond and seconds are required'), {
			status: 400,
		});
	}
	if (load?.running) clearInterval(load.timer);
	const total = Math.round(perSecond * seconds);
	const started = performance.now();
	load = {
		applicationId,
		perSecond,
		seconds,
		total,
		sent: 0,
		running: true,
		startedAt: new Date().toISOString(),
		finishedAt: undefined,
	};
	const current = load;
	current.timer = setInterval(() => {
		const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * perSecond));
		while (current.sent < due) {
			simulator.sendUplink({
				applicationId,
				deviceId: deviceIds[current.sent % deviceIds.length],
				reading: demoReading(current.sent),
			});
			current.sent++;
			uplinksSent++;
		}
		if (current.sent >= total) {
			clearInterval(current.timer);
			current.running = false;
			current.finishedAt = new Date().toISOString();
		}
	}, 5);
	return loadStatus();
}

function loadStatus() {
	if (!load) return { running: false, sent: 0, total: 0 };
	const { timer, ...status } = load;
	return status;
}

async function readBody(request) {
	let text = '';
	for await (const chunk of request) text += chunk;
	return text ? JSON.parse(text) : {};
}

const routes = {
	'GET /control/info': () => info,
	'GET /control/stats': () => ({
		openStreams: simulator.openStreams,
		openSockets: simulator.openSockets,
		requests: simulator.requestLog().length,
		uplinksSent,
		droppedEvents: simulator.droppedEvents,
	}),
	'GET /control/requests': () =>
		simulator.requestLog().map(({ method, path, status, rpc, tenant, query }) => ({
			method,
			path,
			status,
			rpc,
			tenant,
			query,
		})),
	'GET /control/contract': () => simulator.contractViolations(),
	'POST /control/uplink': async (request) => {
		const body = await readBody(request);
		uplinksSent++;
		return simulator.sendUplink({
			applicationId: body.applicationId ?? demo.application,
			deviceId: body.deviceId,
			gatewayId: body.gatewayId ?? demo.gateway,
			fPort: body.fPort,
			reading: body.reading,
			payload: body.payloadHex ? Buffer.from(body.payloadHex, 'hex') : undefined,
		});
	},
	'POST /control/gateway': async (request) => {
		const body = await readBody(request);
		if (body.connected) return simulator.connectGateway(body.gatewayId);
		simulator.disconnectGateway(body.gatewayId);
		return {};
	},
	'GET /control/webhook': (request, url) =>
		simulator.webhook(url.searchParams.get('applicationId'), url.searchParams.get('webhookId')) ??
		null,
	'GET /control/webhook-deliveries': () =>
		simulator.webhookDeliveries().map(({ headers, ...delivery }) => delivery),
	'POST /control/webhook-settings': async (request) => {
		simulator.configureWebhooks(await readBody(request));
		return {};
	},
	'POST /control/flow': async (request) => startFlow(await readBody(request)),
	'POST /control/burst': async (request) => await sendBurst(await readBody(request)),
	'GET /control/flow-sent': (request, url) => {
		const from = Number(url.searchParams.get('from') ?? 0);
		return { total: flowSent.length, keys: flowSent.slice(from) };
	},
	'POST /control/cut-streams': () => ({ cut: simulator.cutEventStreams() }),
	'POST /control/events-store': async (request) => {
		const { payloadTtlMs } = await readBody(request);
		simulator.setEventPayloadTtl(payloadTtlMs);
		return {};
	},
	'GET /control/downlinks': (request, url) =>
		simulator.downlinkQueue(
			url.searchParams.get('applicationId'),
			url.searchParams.get('deviceId'),
		),
	'POST /control/rate-limits': async (request) => {
		const { profiles = [] } = await readBody(request);
		simulator.setRateLimits(profiles);
		return { profiles: profiles.length };
	},
	'POST /control/devices': async (request) => {
		const { applicationId, prefix, count } = await readBody(request);
		if (!simulator.state().identity.applications.has(applicationId)) {
			simulator.createApplication({ applicationId, owner: { userId: demo.user } });
		}
		const deviceIds = Array.from({ length: count }, (_, index) => `${prefix}-${index + 1}`);
		deviceIds.forEach((deviceId, index) =>
			simulator.createDevice({
				applicationId,
				deviceId,
				devEui: (0x70b3d57e0e000000n + BigInt(index)).toString(16).toUpperCase().padStart(16, '0'),
				joined: true,
			}),
		);
		return { deviceIds };
	},
	'POST /control/storage-integration': async (request) => {
		const { applicationId } = await readBody(request);
		simulator.enableStorageIntegration({ applicationId });
		return { applicationId };
	},
	'POST /control/uplink-load': async (request) => startUplinkLoad(await readBody(request)),
	'GET /control/uplink-load': () => loadStatus(),
};

const control = createServer(async (request, response) => {
	const url = new URL(request.url, 'http://control');
	const route = routes[`${request.method} ${url.pathname}`];
	try {
		if (!route)
			throw Object.assign(new Error(`no route ${request.method} ${url.pathname}`), { status: 404 });
		const result = await route(request, url);
		response.writeHead(200, { 'content-type': 'application/json' });
		response.end(JSON.stringify(result ?? null));
	} catch (error) {
		response.writeHead(error.status ?? 500, { 'content-type': 'application/json' });
		response.end(JSON.stringify({ error: error.message }));
	}
});
await new Promise((resolve) =>
	control.listen(Number(values['control-port']), '127.0.0.1', resolve),
);

const info = {
	url: simulator.url,
	identityServerUrl: simulator.identityServerUrl,
	controlUrl: `http://127.0.0.1:${control.address().port}`,
	apiKey: userKey.key,
	adminApiKey: adminKey.key,
	uplinkIntervalSeconds: interval,
	...demo,
};
console.log(`SIMULATOR_READY ${JSON.stringify(info)}`);

let closing = false;
async function shutdown() {
	if (closing) return;
	closing = true;
	if (timer) clearInterval(timer);
	if (load?.running) clearInterval(load.timer);
	if (flowTimer) clearInterval(flowTimer);
	control.close();
	await simulator.close();
	process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
