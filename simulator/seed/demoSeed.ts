import type { SeedData } from './seedTypes';

/** The names the demo data uses: `npm run simulator`, the demo and the e2e tests start with them. */
export const demo = {
	user: 'demo-user',
	application: 'demo-app',
	devices: ['demo-sensor-1', 'demo-sensor-2', 'demo-sensor-3'],
	gateway: 'demo-gateway',
};

export interface DemoReading {
	temperature: number;
	humidity: number;
	battery: number;
}

/**
 * The demo application's default payload formatter, run by the simulator's Application Server as
 * The Things Stack runs it. Uplinks: 5 bytes, int16 big-endian temperature in 0.01 °C, uint8
 * humidity in 0.5 %, uint16 big-endian battery in mV. Downlinks on FPort 2: 01 fan on, 00 fan off.
 */
export const demoUplinkDecoder = `function decodeUplink(input) {
  var bytes = input.bytes;
  if (bytes.length !== 5) {
    return { errors: ['expected 5 bytes (temperature, humidity, battery), got ' + bytes.length] };
  }
  return {
    data: {
      temperature: (((bytes[0] << 24) >> 16) | bytes[1]) / 100,
      humidity: bytes[2] / 2,
      battery: ((bytes[3] << 8) | bytes[4]) / 1000
    }
  };
}
`;

export const demoDownlinkCodec = `function encodeDownlink(input) {
  if (input.data.fan !== 'on' && input.data.fan !== 'off') {
    return { errors: ['fan must be "on" or "off"'] };
  }
  return { bytes: [input.data.fan === 'on' ? 1 : 0], fPort: 2 };
}

function decodeDownlink(input) {
  if (input.fPort !== 2 || input.bytes.length !== 1) {
    return { warnings: ['not a fan command'], data: {} };
  }
  return { data: { fan: input.bytes[0] ? 'on' : 'off' } };
}
`;

/** The 5 bytes a demo sensor sends for a reading (what demoUplinkDecoder decodes). */
export function encodeDemoReading(reading: DemoReading): Buffer {
	const payload = Buffer.alloc(5);
	payload.writeInt16BE(Math.round(reading.temperature * 100), 0);
	payload.writeUInt8(Math.max(0, Math.min(255, Math.round(reading.humidity * 2))), 2);
	payload.writeUInt16BE(Math.round(reading.battery * 1000), 3);
	return payload;
}

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
					up_formatter_parameter: demoUplinkDecoder,
					down_formatter: 'FORMATTER_JAVASCRIPT',
					down_formatter_parameter: demoDownlinkCodec,
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
export function demoReading(round: number): DemoReading {
	return {
		temperature: Math.round((20 + Math.sin(round / 5) * 3) * 10) / 10,
		humidity: 45 + (round % 10),
		battery: Math.round((3.3 - (round % 100) / 1000) * 1000) / 1000,
	};
}
