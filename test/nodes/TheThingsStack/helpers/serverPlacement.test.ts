import {
	isClusterAddress,
	placeExistingDevice,
	placeForDeletion,
	placeNewDevice,
} from '../../../../nodes/TheThingsStack/helpers/serverPlacement';

const eu1 = { hostname: 'eu1.cloud.thethings.network' };
const tenantCluster = { hostname: 'acme.eu1.cloud.thethings.industries', tenantId: 'acme' };

describe('isClusterAddress', () => {
	it.each([
		['eu1.cloud.thethings.network', eu1, true],
		['EU1.cloud.thethings.network:443', eu1, true],
		['nam1.cloud.thethings.network', eu1, false],
		['acme.eu1.cloud.thethings.industries', tenantCluster, true],
		// The tenant is a routing prefix: the bare cluster host names the same cluster.
		['eu1.cloud.thethings.industries', tenantCluster, true],
		['other.eu1.cloud.thethings.industries', tenantCluster, false],
		['', eu1, false],
	])('%s on %j → %s', (address, cluster, expected) => {
		expect(isClusterAddress(address, cluster)).toBe(expected);
	});
});

describe('placeNewDevice', () => {
	it('keeps the servers on this cluster and says why the others were skipped', () => {
		const placement = placeNewDevice(
			{
				join_server_address: 'join.example.com',
				network_server_address: 'eu1.cloud.thethings.network',
				application_server_address: 'eu1.cloud.thethings.network',
			},
			['js', 'ns', 'as'],
			eu1,
		);
		expect(placement.local).toEqual(['ns', 'as']);
		expect(placement.skipped).toEqual([
			{
				server: 'Join Server',
				address: 'join.example.com',
				reason: expect.stringMatching(
					/^The device names join\.example\.com as its Join Server, not this cluster \(eu1\.cloud\.thethings\.network\)/,
				),
			},
		]);
	});
});

describe('placeExistingDevice', () => {
	it('counts an empty Network or Application Server address as this cluster, as ttn-lw-cli does', () => {
		expect(placeExistingDevice({}, ['ns', 'as'], eu1)).toEqual({
			local: ['ns', 'as'],
			skipped: [],
		});
	});

	it('counts an empty Join Server address as a Join Server elsewhere', () => {
		const placement = placeExistingDevice({}, ['js'], eu1);
		expect(placement.local).toEqual([]);
		expect(placement.skipped[0]).toMatchObject({
			server: 'Join Server',
			address: '',
			reason: expect.stringMatching(/names no Join Server/),
		});
	});

	it('skips servers of another cluster', () => {
		const nam1 = 'nam1.cloud.thethings.network';
		expect(placeExistingDevice({ network_server_address: nam1 }, ['ns', 'as'], eu1).local).toEqual([
			'as',
		]);
	});
});

describe('placeForDeletion', () => {
	it('tries every server here but those named on another host, also without a Join Server address', () => {
		const placement = placeForDeletion(
			{ network_server_address: 'nam1.cloud.thethings.network' },
			['as', 'ns', 'js'],
			eu1,
		);
		expect(placement.local).toEqual(['as', 'js']);
		expect(placement.skipped).toEqual([
			expect.objectContaining({
				server: 'Network Server',
				address: 'nam1.cloud.thethings.network',
			}),
		]);
	});
});
