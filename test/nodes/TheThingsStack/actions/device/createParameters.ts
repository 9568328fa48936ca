import type { INodeParameters } from 'n8n-workflow';

export const APP = 'test-app';

/** Device → Create of an OTAA 1.0.3 device whose ID, DevEUI and AppKey come from the row. */
export const otaaCreate = (overrides: INodeParameters = {}): INodeParameters => ({
	resource: 'device',
	operation: 'create',
	applicationId: { __rl: true, mode: 'id', value: APP },
	activationMode: 'otaa',
	deviceId: '={{ $json.id }}',
	devEui: '={{ $json.dev_eui }}',
	joinEui: '0000000000000000',
	appKey: '={{ $json.app_key }}',
	frequencyPlanId: 'EU_863_870_TTN',
	lorawanVersion: 'MAC_V1_0_3',
	lorawanPhyVersion: 'PHY_V1_0_3_REV_A',
	...overrides,
});

/** Device → Create of an ABP 1.0.3 device whose ID and DevAddr come from the row, keys empty. */
export const abpCreate = (overrides: INodeParameters = {}): INodeParameters => ({
	resource: 'device',
	operation: 'create',
	applicationId: { __rl: true, mode: 'id', value: APP },
	activationMode: 'abp',
	deviceId: '={{ $json.id }}',
	devAddr: '={{ $json.dev_addr }}',
	appSKey: '',
	nwkSKey: '',
	frequencyPlanId: 'EU_863_870_TTN',
	lorawanVersion: 'MAC_V1_0_3',
	lorawanPhyVersion: 'PHY_V1_0_3_REV_A',
	...overrides,
});

/** Device → Create of an OTAA device whose keys are generated and whose DevEUI is issued. */
export const issuedOtaaCreate = (): INodeParameters =>
	otaaCreate({
		deviceId: '',
		devEui: '',
		appKey: '',
		options: { generateKeys: true, issueDevEui: true },
	});
