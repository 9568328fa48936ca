import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

export const CREDENTIAL_TYPE = 'theThingsStackApi';

export interface TheThingsStackCredentials {
	apiKey: string;
	serverAddress: string;
	tenantId?: string;
	identityServerAddress?: string;
	ignoreSslIssues?: boolean;
	/** Seconds to wait for an answer (Request Timeout). */
	requestTimeout?: number;
}

/** How long a request waits for its answer unless the credential says otherwise, in seconds. */
export const DEFAULT_REQUEST_TIMEOUT_SECONDS = 30;

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
		requestTimeout: readTimeout(data.requestTimeout),
	};
}

function readTimeout(value: unknown): number {
	const seconds = Number(value);
	return Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_REQUEST_TIMEOUT_SECONDS;
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
	const parts = splitAddress(address);
	if (!parts) return false;
	try {
		return new URL(`${parts.scheme}://${parts.host}`).hostname !== '';
	} catch {
		return false;
	}
}

// String-based on purpose: the credential test repeats these rules in an n8n expression, where
// URL is not available, and both must give the same answer for every address.
const ADDRESS_PATTERN = /^(https?):\/\/([^/?#]+)([^?#]*)/i;

interface AddressParts {
	scheme: string;
	/** Host name with the port, if any. */
	host: string;
	path: string;
}

function splitAddress(address: string): AddressParts | undefined {
	const trimmed = address.trim();
	const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
	const match = ADDRESS_PATTERN.exec(withScheme);
	if (!match) return undefined;
	return { scheme: match[1].toLowerCase(), host: match[2].toLowerCase(), path: match[3] };
}

/** `eu1.cloud.thethings.network/` → `https://eu1.cloud.thethings.network`; keeps a path prefix. */
export function normalizeAddress(address: string): string {
	const parts = splitAddress(address);
	if (!parts) throw new Error(`"${address}" is not a host name or an http(s) URL`);
	const path = parts.path.replace(/\/+$/, '').replace(/\/api\/v3$/i, '');
	return `${parts.scheme}://${parts.host}${path}`;
}

/** Multi-tenant deployments put the tenant ID in front of the host: `<tenant>.<host>`. */
export function withTenant(baseUrl: string, tenant: string | undefined): string {
	if (!tenant) return baseUrl;
	const { scheme, host, path } = splitAddress(baseUrl) as AddressParts;
	const hostname = host.replace(/:\d+$/, '');
	if (hostname === tenant || hostname.startsWith(`${tenant}.`)) return baseUrl;
	return `${scheme}://${tenant}.${host}${path}`;
}

function defaultIdentityServer(clusterBaseUrl: string): string {
	const { scheme, host, path } = splitAddress(clusterBaseUrl) as AddressParts;
	const port = /:\d+$/.exec(host)?.[0] ?? '';
	const hosted = HOSTED_CLUSTER_PATTERN.exec(host.slice(0, host.length - port.length));
	if (!hosted) return clusterBaseUrl;
	const [, tenant, , domain] = hosted;
	return `${scheme}://${tenant ? `${tenant}.` : ''}eu1.cloud.thethings.${domain}${port}${path}`;
}
