import { parseArgs } from 'node:util';
import { demo, demoReading, demoSeed } from './seed/demoSeed';
import { startSimulator } from './simulator';

const usage = `Usage: npm run simulator -- [options]

  --port <n>            cluster (or single) port (env TTS_SIMULATOR_PORT, default 1885)
  --host <addr>         listen address (default 127.0.0.1)
  --is-port <n>         serve the Identity Server on its own port (split hosts)
  --latency <ms>        latency added to every request (default 0)
  --rate-limit <n/min>  limit every API method to n calls per minute per entity and key
  --uplink-interval <s> send a simulated uplink from each demo device every s seconds (0 = off)
  --help`;

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
		seed: demoSeed(),
	});
	const userKey = simulator.createUserKey(demo.user, ['RIGHT_ALL']);
	const adminKey = simulator.createAdminKey();
	console.log(`The Things Stack simulator listening`);
	console.log(`  cluster URL:          ${simulator.url}`);
	console.log(`  Identity Server URL:  ${simulator.identityServerUrl}`);
	console.log(`  API key:              ${userKey.key}`);
	console.log(`                        user ${demo.user}, RIGHT_ALL: the demo's credential`);
	console.log(`  ADMIN API key:        ${adminKey.key}`);
	console.log(`                        user admin, an administrator (RIGHT_ALL): for Purge`);
	console.log(
		`  application: ${demo.application}, devices: ${demo.devices.join(', ')}, gateway: ${demo.gateway}`,
	);

	let uplinkTimer: NodeJS.Timeout | undefined;
	if (uplinkIntervalSeconds > 0) {
		let round = 0;
		uplinkTimer = setInterval(() => {
			round++;
			for (const deviceId of demo.devices) {
				simulator.sendUplink({
					applicationId: demo.application,
					deviceId,
					gatewayId: demo.gateway,
					reading: demoReading(round),
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
