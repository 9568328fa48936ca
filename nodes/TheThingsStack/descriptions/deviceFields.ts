import type { INodeProperties } from 'n8n-workflow';

import { MAC_VERSIONS } from '../helpers/lorawan';
import { APPLICATION_DEFAULT } from '../helpers/payloadFormatters';
import {
	byDisplayName,
	entityAttributesField,
	entityDescriptionField,
	entityNameField,
	locationField,
} from './entityFields';

const hexPlaceholder = (bytes: number) => '0'.repeat(bytes * 2);

export const activationModeField: INodeProperties = {
	displayName: 'Activation Mode',
	name: 'activationMode',
	type: 'options',
	options: [
		{
			name: 'Over the Air Activation (OTAA)',
			value: 'otaa',
			description: 'The device joins with its DevEUI, JoinEUI and AppKey (most devices)',
		},
		{
			name: 'Activation by Personalization (ABP)',
			value: 'abp',
			description: 'The device has a fixed device address and session keys',
		},
	],
	default: 'otaa',
};

export const deviceIdField: INodeProperties = {
	displayName: 'Device ID',
	name: 'deviceId',
	type: 'string',
	default: '',
	placeholder: 'eui-70b3d57ed0000001',
	description:
		'Unique in the application: 3–36 lowercase letters, digits and single hyphens. Leave empty to use "eui-" followed by the DevEUI, as the Console does.',
};

export const devEuiField: INodeProperties = {
	displayName: 'DevEUI',
	name: 'devEui',
	type: 'string',
	default: '',
	placeholder: '70B3D57ED0000001',
	description:
		'The 8-byte device EUI, as 16 hex digits (separators are ignored). Leave empty with the option "Issue DevEUI From Application Block" to get one from the server.',
};

const otaaOnly = { show: { activationMode: ['otaa'] } };
const abpOnly = { show: { activationMode: ['abp'] } };

export const joinEuiField: INodeProperties = {
	displayName: 'JoinEUI',
	name: 'joinEui',
	type: 'string',
	default: '',
	placeholder: hexPlaceholder(8),
	description:
		'The 8-byte JoinEUI (AppEUI in LoRaWAN 1.0), as 16 hex digits. Use 0000000000000000 when the manufacturer gives none.',
	displayOptions: otaaOnly,
};

export const appKeyField: INodeProperties = {
	displayName: 'AppKey',
	name: 'appKey',
	type: 'string',
	typeOptions: { password: true },
	default: '',
	placeholder: hexPlaceholder(16),
	description:
		'The 16-byte root key, as 32 hex digits. Leave empty with the option "Generate Missing Keys" to have one generated.',
	displayOptions: otaaOnly,
};

export const nwkKeyField: INodeProperties = {
	displayName: 'NwkKey',
	name: 'nwkKey',
	type: 'string',
	typeOptions: { password: true },
	default: '',
	placeholder: hexPlaceholder(16),
	description: 'The network root key of LoRaWAN 1.1 devices, as 32 hex digits',
	displayOptions: { show: { activationMode: ['otaa'], lorawanVersion: ['MAC_V1_1'] } },
};

export const devAddrField: INodeProperties = {
	displayName: 'Device Address',
	name: 'devAddr',
	type: 'string',
	default: '',
	placeholder: '260B1234',
	description: 'The 4-byte device address (DevAddr), as 8 hex digits',
	displayOptions: abpOnly,
};

export const appSKeyField: INodeProperties = {
	displayName: 'AppSKey',
	name: 'appSKey',
	type: 'string',
	typeOptions: { password: true },
	default: '',
	placeholder: hexPlaceholder(16),
	description: 'The application session key, as 32 hex digits',
	displayOptions: abpOnly,
};

export const nwkSKeyField: INodeProperties = {
	displayName: 'NwkSKey (FNwkSIntKey)',
	name: 'nwkSKey',
	type: 'string',
	typeOptions: { password: true },
	default: '',
	placeholder: hexPlaceholder(16),
	description:
		'The network session key (LoRaWAN 1.0.x), or the forwarding network session integrity key (1.1), as 32 hex digits',
	displayOptions: abpOnly,
};

export const sNwkSIntKeyField: INodeProperties = {
	displayName: 'SNwkSIntKey',
	name: 'sNwkSIntKey',
	type: 'string',
	typeOptions: { password: true },
	default: '',
	description:
		'The serving network session integrity key of LoRaWAN 1.1 ABP devices, as 32 hex digits',
	displayOptions: { show: { activationMode: ['abp'], lorawanVersion: ['MAC_V1_1'] } },
};

export const nwkSEncKeyField: INodeProperties = {
	displayName: 'NwkSEncKey',
	name: 'nwkSEncKey',
	type: 'string',
	typeOptions: { password: true },
	default: '',
	description: 'The network session encryption key of LoRaWAN 1.1 ABP devices, as 32 hex digits',
	displayOptions: { show: { activationMode: ['abp'], lorawanVersion: ['MAC_V1_1'] } },
};

export const frequencyPlanField: INodeProperties = {
	displayName: 'Frequency Plan Name or ID',
	name: 'frequencyPlanId',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getFrequencyPlans' },
	default: '',
	description:
		'The frequency plan of the device, e.g. EU_863_870_TTN or US_902_928_FSB_2. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

export const lorawanVersionField: INodeProperties = {
	displayName: 'LoRaWAN Version',
	name: 'lorawanVersion',
	type: 'options',
	options: MAC_VERSIONS.map(({ name, value }) => ({ name, value })),
	default: 'MAC_V1_0_3',
	description: 'The LoRaWAN MAC version the device implements (see its datasheet)',
};

export const phyVersionField: INodeProperties = {
	displayName: 'Regional Parameters Version Name or ID',
	name: 'lorawanPhyVersion',
	type: 'options',
	typeOptions: {
		loadOptionsMethod: 'getPhyVersions',
		loadOptionsDependsOn: ['frequencyPlanId', 'lorawanVersion'],
	},
	default: 'PHY_V1_0_3_REV_A',
	description:
		'The regional parameters version, valid for the frequency plan’s band and the LoRaWAN version. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

/** Optional device fields, shared by Create (Additional Fields) and Update (Update Fields). */
export const optionalDeviceFields: INodeProperties[] = byDisplayName([
	entityAttributesField,
	entityDescriptionField,
	entityNameField,
	locationField,
	{
		displayName: 'Advanced Fields (JSON)',
		name: 'advanced',
		type: 'json',
		default: '{}',
		description:
			'Any other end device fields, as the API names them, e.g. {"mac_settings": {"rx1_delay": "RX_DELAY_5"}, "version_ids": {"brand_id": "dragino", "model_id": "lht65"}}. Each field goes to the server that stores it.',
	},
	{
		displayName: 'Application Server Address',
		name: 'applicationServerAddress',
		type: 'string',
		default: '',
		placeholder: 'eu1.cloud.thethings.network',
		description:
			'Host of the Application Server. Defaults to the server address of the credential.',
	},
	{
		displayName: 'Downlink Payload Formatter',
		name: 'downlinkFormatter',
		type: 'options',
		options: formatterOptions('downlink'),
		default: APPLICATION_DEFAULT,
		description:
			'How the Application Server encodes JSON downlinks (decoded_payload) into bytes for this device. A device has one set of formatters for both directions: when the uplink formatter is the device’s own, "Application Default" stores a copy of the application’s current default.',
	},
	{
		displayName: 'Downlink Formatter Parameter',
		name: 'downlinkFormatterScript',
		type: 'string',
		typeOptions: { rows: 6 },
		default: '',
		description:
			'JavaScript: the script, with encodeDownlink(input) returning {bytes, fPort} (and decodeDownlink(input) to show queued downlinks decoded), or the legacy Encoder(object, fPort). gRPC Service: its host:port. Not used by the other formatters.',
	},
	{
		displayName: 'Join Server Address',
		name: 'joinServerAddress',
		type: 'string',
		default: '',
		description:
			'Host of the Join Server (OTAA). Defaults to the server address of the credential.',
	},
	{
		displayName: 'Network Server Address',
		name: 'networkServerAddress',
		type: 'string',
		default: '',
		description: 'Host of the Network Server. Defaults to the server address of the credential.',
	},
	{
		displayName: 'Ping Slot Periodicity',
		name: 'pingSlotPeriodicity',
		type: 'options',
		options: [1, 2, 4, 8, 16, 32, 64, 128].map((seconds) => ({
			name: `Every ${seconds} Second${seconds === 1 ? '' : 's'}`,
			value: `PING_EVERY_${seconds}S`,
		})),
		default: 'PING_EVERY_1S',
		description: 'Class B ping slot periodicity (required for ABP devices with class B)',
	},
	{
		displayName: 'Resets Frame Counters',
		name: 'resetsFrameCounters',
		type: 'boolean',
		default: false,
		description:
			'Whether the device resets its frame counters on reboot (ABP; insecure, only for devices that do)',
	},
	{
		displayName: 'Supports 32-Bit Frame Counter',
		name: 'supports32BitFCnt',
		type: 'boolean',
		default: true,
		description: 'Whether the device uses 32-bit frame counters',
	},
	{
		displayName: 'Supports Class B',
		name: 'supportsClassB',
		type: 'boolean',
		default: false,
		description: 'Whether the device supports class B (beacon-synchronised receive slots)',
	},
	{
		displayName: 'Supports Class C',
		name: 'supportsClassC',
		type: 'boolean',
		default: false,
		description: 'Whether the device supports class C (continuously listening)',
	},
	{
		displayName: 'Uplink Formatter Parameter',
		name: 'uplinkFormatterScript',
		type: 'string',
		typeOptions: { rows: 6 },
		default: '',
		description:
			'JavaScript: the script, with decodeUplink(input) returning {data} (optionally normalizeUplink(input)), or the legacy Decoder(bytes, fPort). gRPC Service: its host:port. Not used by the other formatters.',
	},
	{
		displayName: 'Uplink Payload Formatter',
		name: 'uplinkFormatter',
		type: 'options',
		options: formatterOptions('uplink'),
		default: APPLICATION_DEFAULT,
		description:
			'How the Application Server decodes this device’s uplink payloads. A device has one set of formatters for both directions: when the downlink formatter is the device’s own, "Application Default" stores a copy of the application’s current default.',
	},
]);

function formatterOptions(direction: 'uplink' | 'downlink') {
	const work = direction === 'uplink' ? 'decodes uplinks' : 'encodes downlinks';
	return [
		{
			name: 'Application Default',
			value: APPLICATION_DEFAULT,
			description: `The application’s default ${direction} formatter ${work}`,
		},
		{
			name: 'CayenneLPP',
			value: 'FORMATTER_CAYENNELPP',
			description: 'The Cayenne Low Power Payload format',
		},
		{
			name: 'Device Repository',
			value: 'FORMATTER_REPOSITORY',
			description:
				'The formatter of the device model in the LoRaWAN Device Repository (the device needs its version IDs: brand, model, firmware, band)',
		},
		{
			name: 'gRPC Service',
			value: 'FORMATTER_GRPC_SERVICE',
			description:
				'An external formatter service at the host:port given as parameter (The Things Stack 3.32 has none configured: messages fail with formatter_not_configured)',
		},
		{
			name: 'JavaScript',
			value: 'FORMATTER_JAVASCRIPT',
			description: 'The script given as parameter',
		},
		{
			name: 'None',
			value: 'FORMATTER_NONE',
			description: `No formatter: nothing ${work}, not even the application’s default`,
		},
	];
}
