import dns from 'node:dns';

type Lookup = typeof dns.lookup;

/**
 * Resolves `<anything>.localhost` to 127.0.0.1 inside this test process (as browsers and
 * systemd-resolved do), so tests can reach tenant hosts like `acme.localhost` without touching
 * the machine's resolver configuration; also the names in `alsoLoopback`, so a test can reach a
 * local server under a real host name (`eu1.cloud.thethings.industries`). Returns a function that
 * undoes it.
 */
export function resolveLocalhostSubdomains(alsoLoopback: string[] = []): () => void {
	const originalLookup = dns.lookup;
	const originalPromisesLookup = dns.promises.lookup;
	const isLocal = (hostname: string) =>
		hostname.endsWith('.localhost') || alsoLoopback.includes(hostname);

	const patchedLookup = ((hostname: string, options: unknown, callback?: unknown) => {
		if (!isLocal(hostname)) {
			return (originalLookup as (...args: unknown[]) => void)(hostname, options, callback);
		}
		const done = (typeof options === 'function' ? options : callback) as (
			error: Error | null,
			address: string | dns.LookupAddress[],
			family?: number,
		) => void;
		const all =
			typeof options === 'object' && options !== null && (options as dns.LookupOptions).all;
		process.nextTick(() =>
			all ? done(null, [{ address: '127.0.0.1', family: 4 }]) : done(null, '127.0.0.1', 4),
		);
	}) as Lookup;
	dns.lookup = patchedLookup;
	dns.promises.lookup = (async (hostname: string, options?: dns.LookupOptions) => {
		if (!isLocal(hostname)) return await originalPromisesLookup(hostname, options ?? {});
		return options?.all
			? [{ address: '127.0.0.1', family: 4 }]
			: { address: '127.0.0.1', family: 4 };
	}) as typeof dns.promises.lookup;
	return () => {
		dns.lookup = originalLookup;
		dns.promises.lookup = originalPromisesLookup;
	};
}
