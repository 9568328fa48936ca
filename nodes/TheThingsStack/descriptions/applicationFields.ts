import type { INodeProperties } from 'n8n-workflow';

import {
	byDisplayName,
	entityAttributesField,
	entityDescriptionField,
	entityNameField,
} from './entityFields';

export const applicationIdField: INodeProperties = {
	displayName: 'Application ID',
	name: 'applicationId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'my-application',
	description:
		'Unique in the deployment: 3–36 lowercase letters, digits and single hyphens. It cannot be changed later.',
};

const serverAddressField = (
	displayName: string,
	name: string,
	server: string,
): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	default: '',
	placeholder: 'eu1.cloud.thethings.network',
	description: `Host of the ${server} every device of the application must use. Leave empty to not pin it.`,
});

/** Optional application fields, shared by Create (Additional Fields) and Update (Update Fields). */
export const optionalApplicationFields: INodeProperties[] = byDisplayName([
	entityAttributesField,
	entityDescriptionField,
	entityNameField,
	serverAddressField(
		'Application Server Address',
		'applicationServerAddress',
		'Application Server',
	),
	serverAddressField('Join Server Address', 'joinServerAddress', 'Join Server'),
	serverAddressField('Network Server Address', 'networkServerAddress', 'Network Server'),
]);

// ApplicationRegistry.Get allowed field mask paths (api-definition.json), top level, without the
// deprecated contact_info.
export const APPLICATION_READABLE_FIELDS = [
	'administrative_contact',
	'application_server_address',
	'attributes',
	'description',
	'dev_eui_counter',
	'join_server_address',
	'name',
	'network_server_address',
	'technical_contact',
] as const;

export const DEFAULT_APPLICATION_FIELDS = [
	'name',
	'description',
	'attributes',
	'network_server_address',
	'application_server_address',
	'join_server_address',
];
