import type { VendorFolder } from './files';

// A development board with a temperature and humidity sensor and a button: the model with a
// JavaScript codec in all three directions, with examples, as a lorawan-devices codec file holds
// them. Measurements on FPort 1, settings on FPort 2.
const codec = `function decodeUplink(input) {
  if (input.fPort !== 1) {
    return { errors: ['unknown FPort ' + input.fPort] };
  }
  var bytes = input.bytes;
  if (bytes.length < 6) {
    return { errors: ['expected 6 bytes, got ' + bytes.length] };
  }
  var temperature = (bytes[0] << 8) | bytes[1];
  if (temperature > 0x7fff) {
    temperature -= 0x10000;
  }
  var data = {
    temperature: temperature / 10,
    humidity: bytes[2] / 2,
    battery_voltage: ((bytes[3] << 8) | bytes[4]) / 1000,
    button_pressed: (bytes[5] & 0x01) === 1
  };
  if (data.battery_voltage < 2.2) {
    return { data: data, warnings: ['battery low'] };
  }
  return { data: data };
}

function normalizeUplink(input) {
  return {
    data: {
      air: {
        temperature: input.data.temperature,
        relativeHumidity: input.data.humidity
      }
    }
  };
}

function encodeDownlink(input) {
  var data = input.data;
  if (typeof data.interval_minutes === 'number') {
    var minutes = data.interval_minutes;
    if (minutes < 1 || minutes > 1440 || Math.floor(minutes) !== minutes) {
      return { errors: ['interval_minutes must be a whole number from 1 to 1440'] };
    }
    return { fPort: 2, bytes: [0x01, (minutes >> 8) & 0xff, minutes & 0xff] };
  }
  if (data.led === 'on' || data.led === 'off') {
    return { fPort: 2, bytes: [0x02, data.led === 'on' ? 1 : 0] };
  }
  return { errors: ['expected interval_minutes or led'] };
}

function decodeDownlink(input) {
  var bytes = input.bytes;
  if (input.fPort !== 2) {
    return { errors: ['unknown FPort ' + input.fPort] };
  }
  if (bytes[0] === 0x01 && bytes.length === 3) {
    return { data: { interval_minutes: (bytes[1] << 8) | bytes[2] } };
  }
  if (bytes[0] === 0x02 && bytes.length === 2) {
    return { data: { led: bytes[1] === 1 ? 'on' : 'off' } };
  }
  return { errors: ['unknown command'] };
}
`;

const otaa103 = {
	macVersion: '1.0.3',
	regionalParametersVersion: 'RP001-1.0.3-RevA',
	supportsJoin: true,
	maxEIRP: 16,
	supports32bitFCnt: true,
	supportsClassB: false,
	supportsClassC: false,
};

export const theThingsIndustries: VendorFolder = {
	index: {
		endDevices: ['generic-node-sensor-edition'],
		profileIDs: {
			'1': {
				endDeviceID: 'generic-node-sensor-edition',
				firmwareVersion: '1.0',
				hardwareVersion: '1.1',
				region: 'EU863-870',
			},
			'2': {
				endDeviceID: 'generic-node-sensor-edition',
				firmwareVersion: '1.0',
				hardwareVersion: '1.1',
				region: 'US902-928',
			},
		},
	},
	models: {
		'generic-node-sensor-edition': {
			name: 'Generic Node (Sensor Edition)',
			description:
				'LoRaWAN development board with a temperature and humidity sensor, an accelerometer and a button, for industrial, farming and facility use cases.',
			hardwareVersions: [
				{ version: '1.1', numeric: 1 },
				{ version: '1.2', numeric: 2, partNumber: 'GNSE-1.2' },
			],
			firmwareVersions: [
				{
					version: '1.0',
					numeric: 1,
					hardwareVersions: ['1.1'],
					profiles: {
						'EU863-870': {
							id: 'generic-node-sensor-edition-868',
							codec: 'generic-node-sensor-edition-codec',
						},
						'US902-928': {
							id: 'generic-node-sensor-edition-915',
							codec: 'generic-node-sensor-edition-codec',
						},
					},
				},
				{
					version: '1.1',
					numeric: 2,
					hardwareVersions: ['1.1', '1.2'],
					profiles: {
						'EU863-870': {
							id: 'generic-node-sensor-edition-868-class-b',
							lorawanCertified: true,
							codec: 'generic-node-sensor-edition-codec',
						},
						'US902-928': {
							id: 'generic-node-sensor-edition-915',
							lorawanCertified: true,
							codec: 'generic-node-sensor-edition-codec',
						},
						'AU915-928': {
							id: 'generic-node-sensor-edition-915',
							codec: 'generic-node-sensor-edition-codec',
						},
					},
				},
			],
			sensors: ['accelerometer', 'battery', 'button', 'humidity', 'temperature'],
			dimensions: { width: 56, height: 20, length: 88 },
			weight: 60,
			battery: { replaceable: true, type: '2x AA' },
			operatingConditions: {
				temperature: { min: -20, max: 60 },
				relativeHumidity: { min: 0, max: 0.95 },
			},
			keyProvisioning: ['custom'],
			keySecurity: 'read protected',
			photos: {
				main: 'generic-node-sensor-edition.jpg',
				other: ['generic-node-sensor-edition-case.jpg'],
			},
			productURL: 'https://www.thethingsindustries.com/generic-node/',
		},
	},
	profiles: {
		'generic-node-sensor-edition-868': otaa103,
		'generic-node-sensor-edition-915': otaa103,
		// Class B with its ping slot settings (store/profiles.go ToTemplatePB adds each one).
		'generic-node-sensor-edition-868-class-b': {
			...otaa103,
			supportsClassB: true,
			classBTimeout: 8,
			pingSlotPeriod: 16,
			pingSlotDataRateIndex: 3,
			pingSlotFrequency: 869.525,
		},
	},
	codecs: {
		'generic-node-sensor-edition-codec': {
			uplinkDecoder: {
				fileName: 'generic-node-sensor-edition-codec.js',
				examples: [
					{
						description: 'Temperature, humidity, battery and a button press',
						input: { fPort: 1, bytes: [0x00, 0xe4, 0x5b, 0x0c, 0xf0, 0x01] },
						output: {
							data: {
								temperature: 22.8,
								humidity: 45.5,
								battery_voltage: 3.312,
								button_pressed: true,
							},
						},
					},
					{
						description: 'Below freezing, battery low',
						input: { fPort: 1, bytes: [0xff, 0xc9, 0x64, 0x08, 0x34, 0x00] },
						output: {
							data: {
								temperature: -5.5,
								humidity: 50,
								battery_voltage: 2.1,
								button_pressed: false,
							},
							warnings: ['battery low'],
						},
					},
					{
						description: 'Unknown FPort',
						input: { fPort: 3, bytes: [0x00] },
						output: { errors: ['unknown FPort 3'] },
					},
				],
			},
			downlinkEncoder: {
				fileName: 'generic-node-sensor-edition-codec.js',
				examples: [
					{
						description: 'Measure every 15 minutes',
						input: { data: { interval_minutes: 15 } },
						output: { fPort: 2, bytes: [0x01, 0x00, 0x0f] },
					},
					{
						description: 'Turn the LED on',
						input: { data: { led: 'on' } },
						output: { fPort: 2, bytes: [0x02, 0x01] },
					},
				],
			},
			downlinkDecoder: {
				fileName: 'generic-node-sensor-edition-codec.js',
				examples: [
					{
						description: 'Measurement interval',
						input: { fPort: 2, bytes: [0x01, 0x00, 0x0f] },
						output: { data: { interval_minutes: 15 } },
					},
				],
			},
		},
	},
	scripts: { 'generic-node-sensor-edition-codec.js': codec },
};
