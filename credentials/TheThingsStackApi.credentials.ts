import type {
	ICredentialDataDecryptedObject,
	IHttpRequestOptions,
	Icon,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { DEFAULT_REQUEST_TIMEOUT_SECONDS } from '../nodes/shared/transport/hosts';

// Tested by both nodes (credentials[].testedBy, nodes/shared/transport/credentialTest.ts): a test
// method can say in words why a server cannot be reached or does not know the key, which a
// declarative test request cannot.
export class TheThingsStackApi implements ICredentialType {
	name = 'theThingsStackApi';

	displayName = 'The Things Stack API';

	icon: Icon = {
		light: 'file:../icons/thethingsstack.svg',
		dark: 'file:../icons/thethingsstack.dark.svg',
	};

	documentationUrl =
		'https://www.thethingsindustries.com/docs/the-things-stack/interact/api/#create-an-api-key';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			placeholder: 'NNSXS.…',
			description:
				'An API key of an application, gateway, organization or user, created in the Console under API keys. Give it the rights the workflows need (e.g. "Write devices" and "Write downlink application traffic").',
		},
		{
			displayName: 'Server Address',
			name: 'serverAddress',
			type: 'string',
			required: true,
			default: 'eu1.cloud.thethings.network',
			placeholder: 'eu1.cloud.thethings.network',
			description:
				'The cluster your devices and gateways are registered on (Network, Application, Join and Gateway Server). A host name or a URL, e.g. nam1.cloud.thethings.network, eu2.cloud.thethings.industries or https://lorawan.example.com.',
		},
		{
			displayName: 'Tenant ID',
			name: 'tenantId',
			type: 'string',
			default: '',
			placeholder: 'my-company',
			description:
				'Only for multi-tenant deployments (The Things Stack Cloud, Enterprise). The host becomes <tenant>.<server address>, e.g. my-company.eu1.cloud.thethings.industries. Leave empty for The Things Network and single-tenant servers.',
		},
		{
			displayName: 'Identity Server Address',
			name: 'identityServerAddress',
			type: 'string',
			default: '',
			placeholder: 'eu1.cloud.thethings.network',
			description:
				'Where applications, gateways and the device registry live. Leave empty to use the server address. On The Things Network and The Things Stack Cloud the Identity Server runs only on eu1: when the server address is nam1, au1 or another cluster of those, eu1 of the same network is used automatically.',
		},
		{
			displayName: 'Request Timeout (Seconds)',
			name: 'requestTimeout',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 600 },
			default: DEFAULT_REQUEST_TIMEOUT_SECONDS,
			description:
				'How long to wait for The Things Stack to answer a request before giving up. The trigger’s event stream must open within this time; once open, it stays open.',
		},
		{
			displayName: 'Ignore SSL Issues (Insecure)',
			name: 'ignoreSslIssues',
			type: 'boolean',
			default: false,
			description:
				'Whether to connect even if the server presents a self-signed or otherwise invalid TLS certificate (self-hosted stacks)',
		},
	];

	// A function rather than a generic header template: n8n resolves a template through its
	// expression engine on every request, which costs more than the rest of our request handling
	// when thousands of devices are provisioned.
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return {
			...requestOptions,
			headers: {
				...requestOptions.headers,
				Authorization: `Bearer ${String(credentials.apiKey ?? '').trim()}`,
			},
		};
	}
}
