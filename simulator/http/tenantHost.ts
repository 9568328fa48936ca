export const defaultTenant = 'default';

const tenantLabel = /^[a-z0-9](?:[-]?[a-z0-9]){1,}$/;

/**
 * The tenant of a request from its Host header, like TTS multi-tenant deployments
 * (`<tenant>.<cluster>.cloud.thethings.industries`): a host `<tenant>.localhost[:port]` (any
 * depth below `localhost`, first label wins) names a tenant; `localhost`, IP addresses and any
 * other host use the default tenant.
 */
export function tenantFromHost(host: string | undefined): string {
	if (!host) return defaultTenant;
	const hostname = host.replace(/:\d+$/, '').toLowerCase();
	if (!hostname.endsWith('.localhost')) return defaultTenant;
	const label = hostname.split('.')[0];
	return tenantLabel.test(label) ? label : defaultTenant;
}
