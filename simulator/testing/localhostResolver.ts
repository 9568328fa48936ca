import dns from 'node:dns';

type LookupCallback = (
	error: NodeJS.ErrnoException | null,
	address: string | dns.LookupAddress[],
	family?: number,
) => void;

/**
 * Resolves `<name>.localhost` to 127.0.0.1 inside this process only, so tests can reach the
 * simulator's tenants with `fetch('http://acme.localhost:<port>/…')` without touching the
 * machine's resolver. Returns a function that restores the original lookup.
 */
export function mapLocalhostSubdomainsToLoopback(): () => void {
	const original = dns.lookup;
	const patched = function lookup(hostname: string, options: unknown, callback?: unknown): void {
		const target = hostname.endsWith('.localhost') ? '127.0.0.1' : hostname;
		if (typeof options === 'function') {
			(original as (host: string, cb: LookupCallback) => void)(target, options as LookupCallback);
			return;
		}
		(original as (host: string, opts: unknown, cb: LookupCallback) => void)(
			target,
			options,
			callback as LookupCallback,
		);
	};
	(dns as { lookup: unknown }).lookup = patched;
	return () => {
		(dns as { lookup: unknown }).lookup = original;
	};
}
