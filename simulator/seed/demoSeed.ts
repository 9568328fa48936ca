import { environmentFormatterMarker } from '../components/application/payloadFormatter';
import type { SeedData } from './seedTypes';

/** The names the demo data uses: `npm run simulator`, the demo and the e2e tests start with them. */
export const demo = {
	user: 'demo-user',
	application: 'demo-app',
	devices: ['demo-sensor-1', 'demo-sensor-2', 'demo-sensor-3'],
	gateway: 'demo-gateway',
};

/** A demo application whose sensors report {temperature, humidity, battery}, and a connected gateway. */
export function demoSeed(): SeedData {
	return {
		users: [{ userId: demo.user, name: 'Demo User' }],
		applications: [
			{
				applicationId: demo.application,
				owner: { userId: demo.user },
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
		devices: demo.devices.map((deviceId, index) => ({
			applicationId: demo.application,
			deviceId,
			name: `Demo sensor ${index + 1}`,
			devEui: `70B3D57ED000${(index + 1).toString(16).padStart(4, '0').toUpperCase()}`,
			joined: true,
		})),
		gateways: [
			{
				gatewayId: demo.gateway,
				eui: 'B827EBFFFE000001',
				owner: { userId: demo.user },
				connected: true,
			},
		],
	};
}

/** A plausible reading for the demo sensors, varying with the round. */
export function demoReading(round: number): {
	temperature: number;
	humidity: number;
	battery: number;
} {
	return {
		temperature: Math.round((20 + Math.sin(round / 5) * 3) * 10) / 10,
		humidity: 45 + (round % 10),
		battery: Math.round((3.3 - (round % 100) / 1000) * 1000) / 1000,
	};
}
