import type { INodeProperties } from 'n8n-workflow';

import { DOWNLINK_PRIORITIES } from '../helpers/downlinks';

const singleDownlink = { show: { downlinkInput: ['fields'] } };

/** The fields of the downlinks to queue, shared by Push and Replace. */
export const downlinkFields: INodeProperties[] = [
	{
		displayName: 'Downlinks',
		name: 'downlinkInput',
		type: 'options',
		options: [
			{
				name: 'One Downlink (Fields Below)',
				value: 'fields',
				description: 'Queue one downlink described by the fields below',
			},
			{
				name: 'List (JSON)',
				value: 'json',
				description: 'Queue several downlinks, given as a JSON array in the API’s format',
			},
		],
		default: 'fields',
	},
	{
		displayName: 'Downlinks (JSON)',
		name: 'downlinksJson',
		type: 'json',
		default:
			'[\n  {\n    "f_port": 1,\n    "frm_payload": "AQI=",\n    "priority": "NORMAL"\n  }\n]',
		required: true,
		description:
			'An array of downlinks (or a single one) with the API’s field names: f_port (1–255, not 224; optional with a decoded_payload when the encoder returns fPort), frm_payload (base64) or decoded_payload (JSON object for the payload formatter), and optionally confirmed, confirmed_retry {"max_attempts"}, priority (default NORMAL), class_b_c, correlation_ids',
		displayOptions: { show: { downlinkInput: ['json'] } },
	},
	{
		displayName: 'FPort',
		name: 'fPort',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 255 },
		default: 1,
		description:
			'The application port, 1–255 (224 is reserved for LoRaWAN testing). With a JSON payload it may be left empty: a JavaScript encoder that returns fPort chooses it (its fPort always wins).',
		displayOptions: singleDownlink,
	},
	{
		displayName: 'Payload Format',
		name: 'payloadFormat',
		type: 'options',
		options: [
			{ name: 'Base64', value: 'base64', description: 'Raw bytes as base64, e.g. AQI=' },
			{
				name: 'Hex',
				value: 'hex',
				description: 'Raw bytes as hexadecimal, e.g. 0102 (spaces and colons are ignored)',
			},
			{
				name: 'JSON (Payload Formatter)',
				value: 'json',
				description:
					'A JSON object the device’s (or application’s) downlink payload formatter encodes into bytes',
			},
		],
		default: 'hex',
		displayOptions: singleDownlink,
	},
	{
		displayName: 'Payload',
		name: 'payload',
		type: 'string',
		default: '',
		placeholder: '0102',
		description: 'The bytes to send (at most 242)',
		displayOptions: { show: { downlinkInput: ['fields'], payloadFormat: ['hex', 'base64'] } },
	},
	{
		displayName: 'Decoded Payload',
		name: 'decodedPayload',
		type: 'json',
		default: '{}',
		description:
			'The JSON object the downlink payload formatter receives as input.data, e.g. {"led": "on"}',
		displayOptions: { show: { downlinkInput: ['fields'], payloadFormat: ['json'] } },
	},
	{
		displayName: 'Confirmed',
		name: 'confirmed',
		type: 'boolean',
		default: false,
		description: 'Whether the device must acknowledge the downlink (a confirmed downlink)',
		displayOptions: singleDownlink,
	},
	{
		displayName: 'Options',
		name: 'downlinkOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: singleDownlink,
		options: [
			{
				displayName: 'Class B/C Absolute Time',
				name: 'absoluteTime',
				type: 'dateTime',
				default: '',
				description:
					'Send the downlink as class B/C at this time (the device must support class B or C)',
			},
			{
				displayName: 'Class B/C Gateways',
				name: 'classBcGateways',
				type: 'string',
				default: '',
				placeholder: 'my-gateway, other-gateway',
				description:
					'Send the downlink as class B/C through these gateways only: gateway IDs separated by commas, optionally with the antenna as "my-gateway:1"',
			},
			{
				displayName: 'Correlation IDs',
				name: 'correlationIds',
				type: 'string',
				default: '',
				placeholder: 'my-workflow:order-42',
				description:
					'Your own IDs, separated by commas, that come back in the downlink’s events (sent, ack, nack, failed)',
			},
			{
				displayName: 'Priority',
				name: 'priority',
				type: 'options',
				options: DOWNLINK_PRIORITIES.map((priority) => ({
					name: priority
						.split('_')
						.map((word) => word.charAt(0) + word.slice(1).toLowerCase())
						.join(' '),
					value: priority,
				})).sort((a, b) => a.name.localeCompare(b.name)),
				default: 'NORMAL',
				description: 'Which downlink goes first when several are due',
			},
			{
				displayName: 'Retry Attempts',
				name: 'retryAttempts',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 100 },
				default: 8,
				displayOptions: { show: { '/confirmed': [true] } },
				description:
					'How often a confirmed downlink is sent until the device acknowledges it (1–100). Without it, the Application Server’s setting applies.',
			},
		],
	},
];
