import type { INodeProperties } from 'n8n-workflow';

import {
	byDisplayName,
	entityAttributesField,
	entityDescriptionField,
	entityNameField,
	locationField,
} from './entityFields';

export const gatewayIdField: INodeProperties = {
	displayName: 'Gateway ID',
	name: 'gatewayId',
	type: 'string',
	default: '',
	placeholder: 'eui-b827ebfffe000001',
	description:
		'Unique in the deployment: 3–36 lowercase letters, digits and single hyphens. Leave empty to use "eui-" followed by the gateway EUI, as the Console does.',
};

export const gatewayEuiField: INodeProperties = {
	displayName: 'Gateway EUI',
	name: 'gatewayEui',
	type: 'string',
	default: '',
	placeholder: 'B827EBFFFE000001',
	description:
		'The 8-byte EUI of the gateway, as 16 hex digits (separators are ignored). Packet forwarders identify the gateway by it.',
};

export const gatewayFrequencyPlansField: INodeProperties = {
	displayName: 'Frequency Plan Names or IDs',
	name: 'frequencyPlanIds',
	type: 'multiOptions',
	typeOptions: { loadOptionsMethod: 'getGatewayFrequencyPlans' },
	default: [],
	description:
		'The frequency plans of the gateway, e.g. EU_863_870_TTN; more than one for gateways with several radios (at most 8). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

const gatewayLocationField: INodeProperties = {
	...locationField,
	description:
		'Where the gateway’s antenna is, stored as the registry location of the first antenna',
};

/** Optional gateway fields, shared by Create (Additional Fields) and Update (Update Fields). */
export const optionalGatewayFields: INodeProperties[] = byDisplayName([
	entityAttributesField,
	entityDescriptionField,
	entityNameField,
	gatewayLocationField,
	{
		displayName: 'Enforce Duty Cycle',
		name: 'enforceDutyCycle',
		type: 'boolean',
		default: true,
		description:
			'Whether the Gateway Server keeps downlinks within the regional duty-cycle limits (on by default, as in the Console; required by law in many regions)',
	},
	{
		displayName: 'Gateway Server Address',
		name: 'gatewayServerAddress',
		type: 'string',
		default: '',
		placeholder: 'eu1.cloud.thethings.network',
		description:
			'Host (and optional port) of the Gateway Server the gateway connects to. Defaults to the server address of the credential.',
	},
	{
		displayName: 'Location Public',
		name: 'locationPublic',
		type: 'boolean',
		default: false,
		description: 'Whether the gateway’s location may be shown publicly (e.g. on the TTN map)',
	},
	{
		displayName: 'Require Authenticated Connection',
		name: 'requireAuthenticatedConnection',
		type: 'boolean',
		default: false,
		description:
			'Whether the gateway may only connect with an API key (Basic Station, MQTT), not over unauthenticated UDP',
	},
	{
		displayName: 'Schedule Downlink Late',
		name: 'scheduleDownlinkLate',
		type: 'boolean',
		default: false,
		description:
			'Whether to send downlinks to the gateway just in time, for gateways without a downlink queue',
	},
	{
		displayName: 'Status Public',
		name: 'statusPublic',
		type: 'boolean',
		default: false,
		description: 'Whether the gateway’s connection status may be shown publicly',
	},
	{
		displayName: 'Update Location From Status',
		name: 'updateLocationFromStatus',
		type: 'boolean',
		default: false,
		description:
			'Whether the location reported by the gateway (GPS) replaces the location set here',
	},
]);

// GatewayRegistry.Get allowed field mask paths (api-definition.json), top level, without the
// secrets (lbs_lns_secret, claim_authentication_code, target_cups_key) that need extra rights and
// the deprecated contact_info and frequency_plan_id.
export const GATEWAY_READABLE_FIELDS = [
	'administrative_contact',
	'antennas',
	'attributes',
	'auto_update',
	'description',
	'disable_packet_broker_forwarding',
	'downlink_path_constraint',
	'enforce_duty_cycle',
	'frequency_plan_ids',
	'gateway_server_address',
	'location_public',
	'lrfhss',
	'name',
	'require_authenticated_connection',
	'schedule_anytime_delay',
	'schedule_downlink_late',
	'status_public',
	'target_cups_uri',
	'technical_contact',
	'update_channel',
	'update_location_from_status',
	'version_ids',
] as const;

export const DEFAULT_GATEWAY_FIELDS = [
	'name',
	'description',
	'attributes',
	'frequency_plan_ids',
	'gateway_server_address',
	'antennas',
	'status_public',
	'location_public',
	'enforce_duty_cycle',
	'require_authenticated_connection',
	'update_location_from_status',
	'version_ids',
];
