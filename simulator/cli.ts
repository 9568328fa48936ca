import { parseArgs } from 'node:util';
import { environmentFormatterMarker } from './components/application/payloadFormatter';
import { startSimulator } from './simulator';

const usage = `Usage: npm run simulator -- [options]

  --port <n>            cluster (or single) port (env TTS_SIMULATOR_PORT, default 1885)
  --host <addr>         listen address (default 127.0.0.1)
  --is-port <n>         serve the Identity Server on its own port (split hosts)
  --latency <ms>        latency added to every request (default 0)
  --rate-limit <n/min>  limit every API method to n calls per minute per entity and key
  --uplink-interval <s> send a simulated uplink from each demo device every s seconds (0 = off)
  --help`;

const demoApplicationId = 'demo-app';
const demoDevices = ['demo-sensor-1', 'demo-sensor-2', 'demo-sensor-3'];
const demoGatewayId = 'demo-gateway';

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			port: { type: 'string' },
			host: { type: 'string' },
			'is-port': { type: 'string' },
			latency: { type: 'string' },
			'rate-limit': { type: 'string' },
			'uplink-interval': { type: 'string' },
			help: { type: 'boolean' },
		},
	});
	if (values.help) {
		console.log(usage);
		return;
	}
	const env = process.env;
	const port = Number(values.port ?? env.TTS_SIMULATOR_PORT ?? 1885);
	const identityPort = values['is-port'] ?? env.TTS_SIMULATOR_IS_PORT;
	const rateLimit = Number(values['rate-limit'] ?? env.TTS_SIMULATOR_RATE_LIMIT ?? 0);
	const uplinkIntervalSeconds = Number(
		values['uplink-interval'] ?? env.TTS_SIMULATOR_UPLINK_INTERVAL ?? 0,
	);
	const simulator = await startSimulator({
		port,
		host: values.host ?? env.TTS_SIMULATOR_HOST ?? '127.0.0.1',
		identityServerPort: identityPort === undefined ? undefined : Number(identityPort),
		latency: Number(values.latency ?? env.TTS_SIMULATOR_LATENCY ?? 0),
		rateLimits: rateLimit > 0 ? [{ class: 'grpc:method', maxPerMinute: rateLimit }] : [],
		seed: {
			users: [{ userId: 'demo-user', name: 'Demo User' }],
			applications: [
				{
					applicationId: demoApplicationId,
					owner: { userId: 'demo-user' },
					name: 'Demo application',
					description: 'Seeded by the The Things Stack simulator',
					defaultFormatters: {
						up_formatter: 'FORMATTER_JAVASCRIPT',
						up_formatter_parameter: `// ${environmentFormatterMarker}: {temperature, humidity, battery}`,
						down_formatter: 'FORMATTER_JAVASCRIPT',
						down_formatter_parameter: '// bytes or JSON',
					},
				},
			],
			devices: demoDevices.map((deviceId, index) => ({
				applicationId: demoApplicationId,
				deviceId,
				name: `Demo sensor ${index + 1}`,
				devEui: `70B3D57ED000${(index + 1).toString(16).padStart(4, '0').toUpperCase()}`,
				joined: true,
			})),
			gateways: [
				{
					gatewayId: demoGatewayId,
					eui: 'B827EBFFFE000001',
					owner: { userId: 'demo-user' },
					connected: true,
				},
			],
		},
	});
	const userKey = simulator.createUserKey('demo-user', ['RIGHT_ALL']);
	console.log(`The Things Stack simulator listening`);
	console.log(`  cluster URL:          ${simulator.url}`);
	console.log(`  Identity Server URL:  ${simulator.identityServerUrl}`);
	console.log(`  API key (demo-user, local demo key): ${userKey.key}`);
	console.log(
		`  application: ${demoApplicationId}, devices: ${demoDevices.join(', ')}, gateway: ${demoGatewayId}`,
	);

	let uplinkTimer: NodeJS.Timeout | undefined;
	if (uplinkIntervalSeconds > 0) {
		let round = 0;
		uplinkTimer = setInterval(() => {
			round++;
			for (const deviceId of demoDevices) {
				simulator.sendUplink({
					applicationId: demoApplicationId,
					deviceId,
					gatewayId: demoGatewayId,
					reading: {
						temperature: 20 + Math.sin(round / 5) * 3,
						humidity: 45 + (round % 10),
						battery: 3.3 - (round % 100) / 1000,
					},
				});
			}
		}, uplinkIntervalSeconds * 1000);
		console.log(`  sending an uplink per device every ${uplinkIntervalSeconds} s`);
	}

	const shutdown = (signal: string) => {
		console.log(`\n${signal}: shutting down`);
		if (uplinkTimer) clearInterval(uplinkTimer);
		simulator.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.once('SIGINT', () => shutdown('SIGINT'));
	process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
