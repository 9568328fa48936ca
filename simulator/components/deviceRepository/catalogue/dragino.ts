import type { ProfileFile, VendorFolder } from './files';

// The LHT65 sends 11 bytes on FPort 2: battery status (2 bits) and voltage in mV (14 bits), the
// built-in temperature (int16, 0.01 °C) and humidity (uint16, 0.1 %), the external sensor type
// (1: temperature probe) and its temperature (int16, 0.01 °C; 0x7FFF when unplugged).
const lht65Decoder = `function decodeUplink(input) {
  if (input.fPort !== 2) {
    return { errors: ['unknown FPort'] };
  }
  var b = input.bytes;
  if (b.length !== 11) {
    return { errors: ['expected 11 bytes'] };
  }
  function int16(i) {
    var value = (b[i] << 8) | b[i + 1];
    return value > 0x7fff ? value - 0x10000 : value;
  }
  var data = {
    battery_status: b[0] >> 6,
    battery_voltage: (((b[0] & 0x3f) << 8) | b[1]) / 1000,
    temperature: int16(2) / 100,
    humidity: ((b[4] << 8) | b[5]) / 10
  };
  if (b[6] === 0x01 && int16(7) !== 0x7fff) {
    data.external_temperature = int16(7) / 100;
  }
  return { data: data };
}
`;

// The vendor's profiles list classCTimeout even for class A devices; ToTemplatePB copies it.
const otaa = (regionalParametersVersion: string): ProfileFile => ({
	vendorProfileID: 20,
	macVersion: '1.0.3',
	regionalParametersVersion,
	supportsJoin: true,
	maxEIRP: 16,
	supports32bitFCnt: true,
	supportsClassB: false,
	supportsClassC: false,
	classCTimeout: 60,
});

const lht65Profile = (id: string) => ({ id, codec: 'lht65-codec' });

export const dragino: VendorFolder = {
	index: { endDevices: ['lht65', 'laq4-abp'] },
	models: {
		lht65: {
			name: 'LHT65',
			description: 'LoRaWAN Temperature & Humidity sensor',
			firmwareVersions: [
				{
					version: '1.8',
					numeric: 1,
					profiles: {
						'EU863-870': lht65Profile('eu868-profile'),
						'US902-928': lht65Profile('us915-profile'),
						AS923: lht65Profile('as923-profile'),
					},
				},
				{
					version: '1.9',
					numeric: 2,
					profiles: {
						'EU863-870': lht65Profile('eu868-profile'),
						'US902-928': lht65Profile('us915-profile'),
						'AU915-928': lht65Profile('au915-profile'),
						'KR920-923': lht65Profile('kr920-profile'),
					},
				},
			],
			sensors: ['battery', 'humidity', 'temperature'],
			productURL: 'http://www.dragino.com/products/lora-lorawan-end-node/item/151-lht65.html',
			dataSheetURL: 'http://www.dragino.com/downloads/index.php?dir=LHT65/',
			resellerURLs: [{ name: 'Dragino', region: ['China'], url: 'http://www.dragino.com/' }],
			photos: { main: 'lht65.jpg', other: ['lht65-10.jpg'] },
		},
		'laq4-abp': {
			name: 'LAQ4 (ABP)',
			description: 'LoRaWAN Air Quality sensor, activated by personalization',
			hardwareVersions: [{ version: '1.0', numeric: 1 }],
			firmwareVersions: [
				{
					version: '1.1',
					numeric: 1,
					hardwareVersions: ['1.0'],
					profiles: { 'EU863-870': { id: 'eu868-a-abp-profile' } },
				},
			],
			sensors: ['co2', 'humidity', 'temperature', 'tvoc'],
			photos: { main: 'laq4.jpg' },
		},
	},
	profiles: {
		'eu868-profile': otaa('RP001-1.0.3-RevA'),
		'us915-profile': otaa('RP001-1.0.3-RevA'),
		'au915-profile': otaa('RP001-1.0.3-RevA'),
		'as923-profile': otaa('RP001-1.0.3-RevA'),
		'kr920-profile': otaa('RP001-1.0.3-RevA'),
		// An ABP profile: the session parameters the device is built with.
		'eu868-a-abp-profile': {
			macVersion: '1.0.3',
			regionalParametersVersion: 'RP001-1.0.3-RevA',
			supportsJoin: false,
			rx1Delay: 1,
			rx1DataRateOffset: 0,
			rx2DataRateIndex: 3,
			rx2Frequency: 869.525,
			factoryPresetFrequencies: [868.1, 868.3, 868.5, 867.1, 867.3, 867.5, 867.7, 867.9],
			maxEIRP: 16,
			maxDutyCycle: 0.01,
			supports32bitFCnt: true,
			supportsClassB: false,
			supportsClassC: false,
		},
	},
	codecs: {
		// An uplink decoder only: no downlink encoder or decoder.
		'lht65-codec': {
			uplinkDecoder: {
				fileName: 'lht65.js',
				examples: [
					{
						description: 'Temperature, humidity and the external probe',
						input: {
							fPort: 2,
							bytes: [0xcb, 0xea, 0x08, 0x56, 0x02, 0x28, 0x01, 0x08, 0x02, 0x7f, 0xff],
						},
						output: {
							data: {
								battery_status: 3,
								battery_voltage: 3.05,
								temperature: 21.34,
								humidity: 55.2,
								external_temperature: 20.5,
							},
						},
					},
					{
						description: 'Unknown FPort',
						input: { fPort: 42, bytes: [0xcb, 0xea] },
						output: { errors: ['unknown FPort'] },
					},
				],
			},
		},
	},
	scripts: { 'lht65.js': lht65Decoder },
};
