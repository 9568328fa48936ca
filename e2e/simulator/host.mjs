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
//   GET  /control/webhook?applicationId=&webhookId=   a webhook as the Application Server stores it
//   GET  /control/webhook-deliveries               every webhook request made (outcome, status)
//   POST /control/webhook-settings {timeoutMs?, unhealthyAttemptsThreshold?, unhealthyRetryIntervalMs?}
//
// Options: --port (0 = any), --control-port (0 = any), --uplink-interval <s> (0 = off).
// When ready it prints one line: `SIMULATOR_READY {json of /control/info}`.
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';

import { demo, demoReading, demoSeed, startSimulator } from '../../simulator/index.ts';

const { values } = parseArgs({
	options: {
		port: { type: 'string', default: '0' },
		'control-port': { type: 'string', default: '0' },
		'uplink-interval': { type: 'string', default: '0' },
	},
});

const simulator = await startSimulator({
	port: Number(values.port),
	seed: demoSeed(),
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
const interval = Number(values['uplink-interval']);
const timer = interval > 0 ? setInterval(sendDemoUplinks, interval * 1000) : undefined;

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
	'GET /control/downlinks': (request, url) =>
		simulator.downlinkQueue(
			url.searchParams.get('applicationId'),
			url.searchParams.get('deviceId'),
		),
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
	control.close();
	await simulator.close();
	process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
