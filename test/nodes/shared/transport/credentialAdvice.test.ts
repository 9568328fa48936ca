import { rejectedKeyAdvice } from '../../../../nodes/shared/transport/credentialAdvice';
import { resolveStackHosts } from '../../../../nodes/shared/transport/hosts';

const adviceFor = (serverAddress: string, tenantId?: string) => {
	const credentials = { apiKey: 'NNSXS.X.Y', serverAddress, tenantId };
	return rejectedKeyAdvice(credentials, resolveStackHosts(credentials)).split('\n');
};

describe('rejectedKeyAdvice', () => {
	it('starts with the missing tenant on a Cloud host without one', () => {
		const [lead, tenant, address, key] = adviceFor('nam1.cloud.thethings.industries');
		expect(lead).toBe(
			'The API key in the credential was not accepted: The Things Stack does not know it. Check, in this order:',
		);
		expect(tenant).toMatch(
			/^1\. The Tenant ID is empty, but nam1\.cloud\.thethings\.industries is The Things Stack Cloud/,
		);
		expect(address).toMatch(
			/^2\. The server address: .*checked by the Identity Server at eu1\.cloud\.thethings\.industries\./,
		);
		expect(key).toMatch(/^3\. The key itself: /);
	});

	it('names the tenant the key must belong to, given or in the host', () => {
		expect(adviceFor('eu2.cloud.thethings.industries', 'acme')[1]).toMatch(
			/^1\. The Tenant ID: the key must have been created in tenant "acme" \(the Console at acme\.eu2\.cloud\.thethings\.industries\)/,
		);
		expect(adviceFor('acme.eu1.cloud.thethings.industries')[1]).toMatch(/tenant "acme"/);
	});

	it('leaves tenants out on The Things Network', () => {
		const steps = adviceFor('au1.cloud.thethings.network');
		expect(steps).toHaveLength(3);
		expect(steps[1]).toMatch(/^1\. The server address: .*eu1\.cloud\.thethings\.network/);
	});

	it('mentions tenants as a possibility on a self-hosted server', () => {
		expect(adviceFor('https://lorawan.example.com')[1]).toMatch(
			/^1\. The Tenant ID: if your deployment has tenants/,
		);
	});
});
