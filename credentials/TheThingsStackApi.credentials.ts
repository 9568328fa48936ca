import type {
	ICredentialDataDecryptedObject,
	IHttpRequestOptions,
	IAuthenticateRuleResponseCode,
	IAuthenticateRuleResponseSuccessBody,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { DEFAULT_REQUEST_TIMEOUT_SECONDS } from '../nodes/shared/transport/hosts';
import { USER_AGENT } from '../nodes/shared/transport/userAgent';

// Same rules as nodes/shared/transport/hosts.ts (resolveStackHosts), written as one n8n expression
// because a credential test is declarative. test/credentials checks that both always agree.
const identityServerBaseUrl = `={{ ((server, identityServer, tenant) => {
	const split = (address) => {
		const withScheme = /^[a-z][a-z0-9+.-]*:\\/\\//i.test(address) ? address : 'https://' + address;
		const match = /^(https?):\\/\\/([^/?#]+)([^?#]*)/i.exec(withScheme) || ['', 'https', '', ''];
		return { scheme: match[1].toLowerCase(), host: match[2].toLowerCase(), path: match[3] };
	};
	const normalize = (address) => {
		const parts = split(address);
		return parts.scheme + '://' + parts.host + parts.path.replace(/\\/+$/, '').replace(/\\/api\\/v3$/i, '');
	};
	const withTenant = (base) => {
		if (!tenant) return base;
		const parts = split(base);
		const hostname = parts.host.replace(/:\\d+$/, '');
		if (hostname === tenant || hostname.startsWith(tenant + '.')) return base;
		return parts.scheme + '://' + tenant + '.' + parts.host + parts.path;
	};
	if (identityServer) return withTenant(normalize(identityServer));
	const cluster = withTenant(normalize(server));
	const parts = split(cluster);
	const port = (/:\\d+$/.exec(parts.host) || [''])[0];
	const hosted = /^(?:([a-z0-9-]+)\\.)??([a-z0-9]+)\\.cloud\\.thethings\\.(network|industries)$/.exec(parts.host.slice(0, parts.host.length - port.length));
	if (!hosted) return cluster;
	return parts.scheme + '://' + (hosted[1] ? hosted[1] + '.' : '') + 'eu1.cloud.thethings.' + hosted[3] + port + parts.path;
})(String($credentials.serverAddress || '').trim(), String($credentials.identityServerAddress || '').trim(), String($credentials.tenantId || '').trim()) }}`;

const credentialTestRules: Array<
	IAuthenticateRuleResponseCode | IAuthenticateRuleResponseSuccessBody
> = [
	{
		type: 'responseCode',
		properties: {
			value: 400,
			message:
				'The API key is malformed. Copy the whole key from the Console: it starts with "NNSXS." and has two dots.',
		},
	},
	{
		type: 'responseCode',
		properties: {
			value: 401,
			message:
				'The Things Stack rejected the API key: it is unknown, revoked or expired, or it belongs to another server or tenant.',
		},
	},
	{
		type: 'responseCode',
		properties: {
			value: 403,
			message: 'The API key was recognised but may not read its own rights on this server.',
		},
	},
	{
		type: 'responseCode',
		properties: {
			value: 404,
			message:
				'No Identity Server answered at this address. Check the server address, the tenant ID and the Identity Server address (on The Things Network and Cloud it is eu1).',
		},
	},
	{
		type: 'responseSuccessBody',
		properties: {
			key: 'api_key.api_key.id',
			value: undefined,
			message:
				'The server answered, but did not recognise an API key in the request. Check that the API key field holds an API key (NNSXS....) of this server.',
		},
	},
	{
		type: 'responseSuccessBody',
		properties: {
			key: 'api_key.api_key.rights[0]',
			value: undefined,
			message:
				'The API key is valid but has no rights. Edit the key in the Console and grant the rights your workflows need.',
		},
	},
];

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

	// GET /api/v3/auth_info answers 200 {} when no key is recognised, so a 200 alone proves nothing:
	// the rules reject an answer that names no API key, and a key without any rights.
	test: ICredentialTestRequest = {
		request: {
			baseURL: identityServerBaseUrl,
			url: '/api/v3/auth_info',
			method: 'GET',
			headers: { 'User-Agent': USER_AGENT },
			skipSslCertificateValidation: '={{ $credentials.ignoreSslIssues === true }}',
		},
		// n8n runs the responseCode rules on failed answers and the responseSuccessBody rules on
		// successful ones; its type wants one kind per array, its tester takes both.
		rules: credentialTestRules as ICredentialTestRequest['rules'],
	};
}
