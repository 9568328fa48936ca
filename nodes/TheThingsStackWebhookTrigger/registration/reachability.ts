/** Where a host can be reached from: this machine only, a private network, or the internet. */
export type HostScope = 'loopback' | 'private' | 'public';

const SCOPE_RANK: Record<HostScope, number> = { loopback: 0, private: 1, public: 2 };

/**
 * Why The Things Stack at `serverUrl` cannot deliver to `webhookUrl`, or undefined when it can (as
 * far as the addresses tell). A loopback URL is only reachable for a server on the same machine, a
 * private one only for a server on a private network; a server on the internet reaches neither.
 */
export function unreachableWebhookUrl(webhookUrl: string, serverUrl: string): string | undefined {
	let webhookHost: string;
	try {
		webhookHost = new URL(webhookUrl).hostname;
	} catch {
		return `n8n's webhook URL "${webhookUrl}" is not a valid URL`;
	}
	const webhookScope = hostScope(webhookHost);
	const serverScope = hostScope(new URL(serverUrl).hostname);
	if (SCOPE_RANK[webhookScope] >= SCOPE_RANK[serverScope]) return undefined;
	const where = webhookScope === 'loopback' ? 'this machine only' : 'a private network';
	return `n8n's webhook URL ${webhookUrl} can be reached from ${where}, not by The Things Stack at ${serverUrl}`;
}

export function hostScope(hostname: string): HostScope {
	const host = hostname
		.toLowerCase()
		.replace(/^\[|\]$/g, '')
		.replace(/\.$/, '');
	if (host === 'localhost' || host.endsWith('.localhost')) return 'loopback';
	const ipv4 = parseIpv4(host);
	if (ipv4) return ipv4Scope(ipv4);
	if (host.includes(':')) return ipv6Scope(host);
	// A name without a dot (a Docker service, a machine on the LAN) or a local-only domain.
	if (!host.includes('.') || /\.(local|internal|lan|home\.arpa)$/.test(host)) return 'private';
	return 'public';
}

function parseIpv4(host: string): number[] | undefined {
	const parts = host.split('.');
	if (parts.length !== 4 || !parts.every((part) => /^\d{1,3}$/.test(part))) return undefined;
	const octets = parts.map(Number);
	return octets.every((octet) => octet <= 255) ? octets : undefined;
}

function ipv4Scope([a, b]: number[]): HostScope {
	if (a === 127 || a === 0) return 'loopback';
	if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'private';
	if ((a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127)) return 'private';
	return 'public';
}

function ipv6Scope(host: string): HostScope {
	if (host === '::1' || host === '::') return 'loopback';
	// IPv4-mapped addresses, which URL writes in hex: ::ffff:7f00:1 is 127.0.0.1.
	const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
	if (mapped) {
		const [high, low] = [parseInt(mapped[1], 16), parseInt(mapped[2], 16)];
		return ipv4Scope([high >> 8, high & 255, low >> 8, low & 255]);
	}
	if (/^f[cd][0-9a-f]{2}:/.test(host) || /^fe[89ab][0-9a-f]:/.test(host)) return 'private';
	return 'public';
}
