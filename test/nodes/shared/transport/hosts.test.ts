import {
	findHostProblem,
	normalizeAddress,
	resolveStackHosts,
	withTenant,
} from '../../../../nodes/shared/transport/hosts';

const credentials = (overrides: Partial<Parameters<typeof resolveStackHosts>[0]>) => ({
	apiKey: 'NNSXS.X.Y',
	serverAddress: 'eu1.cloud.thethings.network',
	...overrides,
});

describe('normalizeAddress', () => {
	it.each([
		['eu1.cloud.thethings.network', 'https://eu1.cloud.thethings.network'],
		['https://eu1.cloud.thethings.network/', 'https://eu1.cloud.thethings.network'],
		['https://eu1.cloud.thethings.network/api/v3/', 'https://eu1.cloud.thethings.network'],
		['http://127.0.0.1:1885', 'http://127.0.0.1:1885'],
		['  lorawan.example.com:8443  ', 'https://lorawan.example.com:8443'],
		['https://example.com/tts/', 'https://example.com/tts'],
	])('%s → %s', (input, expected) => {
		expect(normalizeAddress(input)).toBe(expected);
	});
});

describe('withTenant', () => {
	it('puts the tenant in front of the host, keeping scheme and port', () => {
		expect(withTenant('http://localhost:1885', 'acme')).toBe('http://acme.localhost:1885');
		expect(withTenant('https://eu1.cloud.thethings.industries', 'acme')).toBe(
			'https://acme.eu1.cloud.thethings.industries',
		);
	});

	it('does not add the tenant twice when the address already has it', () => {
		expect(withTenant('https://acme.eu1.cloud.thethings.industries', 'acme')).toBe(
			'https://acme.eu1.cloud.thethings.industries',
		);
	});

	it('leaves the address alone without a tenant', () => {
		expect(withTenant('https://tts.example.com', undefined)).toBe('https://tts.example.com');
	});
});

describe('resolveStackHosts', () => {
	it('uses one host for everything on a single-cluster deployment', () => {
		expect(resolveStackHosts(credentials({ serverAddress: 'https://tts.example.com' }))).toEqual({
			cluster: 'https://tts.example.com',
			identityServer: 'https://tts.example.com',
		});
	});

	it('sends Identity Server calls of a TTN regional cluster to eu1', () => {
		expect(
			resolveStackHosts(credentials({ serverAddress: 'nam1.cloud.thethings.network' })),
		).toEqual({
			cluster: 'https://nam1.cloud.thethings.network',
			identityServer: 'https://eu1.cloud.thethings.network',
		});
	});

	it('sends Identity Server calls of a TTS Cloud tenant to its eu1 host', () => {
		expect(
			resolveStackHosts(
				credentials({ serverAddress: 'au1.cloud.thethings.industries', tenantId: 'acme' }),
			),
		).toEqual({
			cluster: 'https://acme.au1.cloud.thethings.industries',
			identityServer: 'https://acme.eu1.cloud.thethings.industries',
		});
	});

	it('honours an explicit Identity Server address, with the tenant', () => {
		expect(
			resolveStackHosts(
				credentials({
					serverAddress: 'http://localhost:2000',
					identityServerAddress: 'http://localhost:3000/',
					tenantId: 'acme',
				}),
			),
		).toEqual({
			cluster: 'http://acme.localhost:2000',
			identityServer: 'http://acme.localhost:3000',
		});
	});

	it('rejects an unusable address or tenant, naming the field', () => {
		expect(findHostProblem(credentials({ serverAddress: '' }))?.field).toBe('serverAddress');
		expect(findHostProblem(credentials({ serverAddress: 'ftp://tts.example.com' }))?.field).toBe(
			'serverAddress',
		);
		expect(findHostProblem(credentials({ identityServerAddress: 'http://' }))?.field).toBe(
			'identityServerAddress',
		);
		expect(findHostProblem(credentials({ tenantId: 'Not_A_Tenant' }))?.field).toBe('tenantId');
		expect(() => resolveStackHosts(credentials({ tenantId: 'x' }))).toThrow(/tenant ID "x"/);
	});
});
