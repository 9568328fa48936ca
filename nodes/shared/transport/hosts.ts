import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

export const CREDENTIAL_TYPE = 'theThingsStackApi';

export interface TheThingsStackCredentials {
	apiKey: string;
	serverAddress: string;
	tenantId?: string;
	identityServerAddress?: string;
	ignoreSslIssues?: boolean;
}

/** Base URLs (scheme, host, optional port and path prefix; no trailing slash, no `/api/v3`). */
export interface StackHosts {
	cluster: string;
	identityServer: string;
}

export type HostProblem = {
	field: 'serverAddress' | 'identityServerAddress' | 'tenantId';
	message: string;
};

const TENANT_ID_PATTERN = /^[a-z0-9](?:-?[a-z0-9]){2,}$/;

// The Things Network and The Things Stack Cloud serve the Identity Server only on eu1; the other
// clusters (nam1, au1, eu2, as1, ...) answer Identity Server calls with errors.
const HOSTED_CLUSTER_PATTERN =
	/^(?:([a-z0-9-]+)\.)??([a-z0-9]+)\.cloud\.thethings\.(network|industries)$/;

export function readCredentials(data: ICredentialDataDecryptedObject): TheThingsStackCredentials {
	return {
		apiKey: String(data.apiKey ?? '').trim(),
		serverAddress: String(data.serverAddress ?? '').trim(),
		tenantId: String(data.tenantId ?? '').trim() || undefined,
		identityServerAddress: String(data.identityServerAddress ?? '').trim() || undefined,
		ignoreSslIssues: data.ignoreSslIssues === true,
	};
}

/**
 * Works out where Identity Server calls and cluster calls (Network, Application, Join and Gateway
 * Server) go. Throws a HostProblem-carrying error when an address cannot be used.
 */
export function resolveStackHosts(credentials: TheThingsStackCredentials): StackHosts {
	const problem = findHostProblem(credentials);
	if (problem) throw new InvalidHostError(problem);

	const tenant = credentials.tenantId;
	const cluster = withTenant(normalizeAddress(credentials.serverAddress), tenant);
	const identityServer = credentials.identityServerAddress
		? withTenant(normalizeAddress(credentials.identityServerAddress), tenant)
		: defaultIdentityServer(cluster);
	return { cluster, identityServer };
}

export class InvalidHostError extends Error {
	constructor(readonly problem: HostProblem) {
		super(problem.message);
	}
}

export function findHostProblem(credentials: TheThingsStackCredentials): HostProblem | undefined {
	if (credentials.tenantId && !TENANT_ID_PATTERN.test(credentials.tenantId)) {
		return {
			field: 'tenantId',
			message: `The tenant ID "${credentials.tenantId}" is not valid: use lowercase letters, digits and single hyphens (at least 3 characters)`,
		};
	}
	if (!credentials.serverAddress) {
		return { field: 'serverAddress', message: 'The server address is empty' };
	}
	if (!isUsableAddress(credentials.serverAddress)) {
		return {
			field: 'serverAddress',
			message: `The server address "${credentials.serverAddress}" is not a host name or an http(s) URL`,
		};
	}
	if (credentials.identityServerAddress && !isUsableAddress(credentials.identityServerAddress)) {
		return {
			field: 'identityServerAddress',
			message: `The Identity Server address "${credentials.identityServerAddress}" is not a host name or an http(s) URL`,
		};
	}
	return undefined;
}

function isUsableAddress(address: string): boolean {
	try {
		const url = new URL(withScheme(address));
		return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
	} catch {
		return false;
	}
}

function withScheme(address: string): string {
	return /^[a-z][a-z0-9+.-]*:\/\//i.test(address) ? address : `https://${address}`;
}

/** `eu1.cloud.thethings.network/` → `https://eu1.cloud.thethings.network`; keeps a path prefix. */
export function normalizeAddress(address: string): string {
	const url = new URL(withScheme(address.trim()));
	const path = url.pathname.replace(/\/+$/, '').replace(/\/api\/v3$/i, '');
	return `${url.protocol}//${url.host}${path}`;
}

/** Multi-tenant deployments put the tenant ID in front of the host: `<tenant>.<host>`. */
export function withTenant(baseUrl: string, tenant: string | undefined): string {
	if (!tenant) return baseUrl;
	const url = new URL(baseUrl);
	if (url.hostname === tenant || url.hostname.startsWith(`${tenant}.`)) return baseUrl;
	url.hostname = `${tenant}.${url.hostname}`;
	return url.toString().replace(/\/+$/, '');
}

function defaultIdentityServer(clusterBaseUrl: string): string {
	const url = new URL(clusterBaseUrl);
	const hosted = HOSTED_CLUSTER_PATTERN.exec(url.hostname);
	if (!hosted) return clusterBaseUrl;
	const [, tenant, , domain] = hosted;
	url.hostname = `${tenant ? `${tenant}.` : ''}eu1.cloud.thethings.${domain}`;
	return url.toString().replace(/\/+$/, '');
}
