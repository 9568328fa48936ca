import type { VendorFolder } from './files';

export const milesightIot: VendorFolder = {
	index: { endDevices: ['em300-th', 'ws52x'] },
	models: {
		'em300-th': {
			name: 'EM300-TH',
			description: 'Temperature and humidity sensor with an IP67 enclosure',
			hardwareVersions: [
				{ version: 'v1.0', numeric: 1 },
				{ version: 'v2.0', numeric: 2, partNumber: 'EM300-TH-868M' },
			],
			firmwareVersions: [
				{
					version: 'v1.1',
					numeric: 1,
					hardwareVersions: ['v1.0'],
					profiles: { 'EU863-870': { id: 'em300-th-eu868', lorawanCertified: true } },
				},
				{
					version: 'v1.2',
					numeric: 2,
					hardwareVersions: ['v1.0', 'v2.0'],
					profiles: {
						'EU863-870': { id: 'em300-th-eu868', lorawanCertified: true },
						'US902-928': { id: 'em300-th-us915', lorawanCertified: true },
					},
				},
			],
			sensors: ['humidity', 'temperature'],
			ipCode: 'IP67',
			keyProvisioning: ['custom', 'join server'],
			keySecurity: 'none',
			photos: { main: 'em300-th.png' },
		},
		ws52x: {
			name: 'WS52x Smart Portable Socket',
			description: 'Smart plug that switches and meters a load, always listening (class C)',
			firmwareVersions: [
				{
					version: 'v1.5',
					numeric: 1,
					profiles: { 'EU863-870': { id: 'ws52x-eu868' } },
				},
			],
			sensors: ['current', 'power', 'voltage'],
		},
	},
	profiles: {
		'em300-th-eu868': {
			macVersion: '1.0.4',
			regionalParametersVersion: 'RP002-1.0.3',
			supportsJoin: true,
			maxEIRP: 16,
			supports32bitFCnt: true,
			supportsClassB: false,
			supportsClassC: false,
		},
		'em300-th-us915': {
			macVersion: '1.0.4',
			regionalParametersVersion: 'RP002-1.0.3',
			supportsJoin: true,
			maxEIRP: 30,
			supports32bitFCnt: true,
			supportsClassB: false,
			supportsClassC: false,
		},
		'ws52x-eu868': {
			macVersion: '1.0.3',
			regionalParametersVersion: 'RP001-1.0.3-RevA',
			supportsJoin: true,
			supports32bitFCnt: true,
			supportsClassB: false,
			supportsClassC: true,
			classCTimeout: 10,
		},
	},
	codecs: {},
	scripts: {},
};
