import type { StackHosts, TheThingsStackCredentials } from './hosts';

// The Things Stack Cloud clusters: <tenant>.<cluster>.cloud.thethings.industries.
const CLOUD_HOST = /^(?:([a-z0-9-]+)\.)?([a-z0-9]+)\.cloud\.thethings\.industries$/;
// The Things Network: <cluster>.cloud.thethings.network, no tenants.
const TTN_HOST = /^([a-z0-9]+)\.cloud\.thethings\.network$/;

function hostnameOf(baseUrl: string): string {
	return URL.canParse(baseUrl) ? new URL(baseUrl).hostname : baseUrl;
}

/**
 * What to check when The Things Stack does not know the API key (`api_key_not_found`,
 * `unauthenticated`, a missing or unknown tenant), in the order a user should check it: the
 * tenant, the server address, then the key itself, tailored to what the credential holds.
 */
export function rejectedKeyAdvice(
	credentials: Pick<TheThingsStackCredentials, 'tenantId' | 'serverAddress'>,
	hosts: StackHosts,
): string {
	const cluster = hostnameOf(hosts.cluster);
	const identityServer = hostnameOf(hosts.identityServer);
	const steps: string[] = [];
	const cloud = CLOUD_HOST.exec(cluster);
	if (cloud && !cloud[1]) {
		steps.push(
			`The Tenant ID is empty, but ${cluster} is The Things Stack Cloud, where every key belongs to a tenant: enter your tenant, the first part of your Console's address (my-company in my-company.${cluster}).`,
		);
	} else if (cloud || credentials.tenantId) {
		const tenant = credentials.tenantId ?? cloud?.[1];
		steps.push(
			`The Tenant ID: the key must have been created in tenant "${tenant}" (the Console at ${cluster}).`,
		);
	} else if (!TTN_HOST.test(cluster)) {
		steps.push(
			'The Tenant ID: if your deployment has tenants (The Things Stack Enterprise), enter yours.',
		);
	}
	steps.push(
		`The server address: a key is only known to the deployment that created it (a key of The Things Network is unknown to The Things Stack Cloud, and the other way round). This one was checked by the Identity Server at ${identityServer}.`,
	);
	steps.push(
		'The key itself: it may have been deleted, have expired, or be incomplete. Create a new one in the Console (API keys), copy it whole (it starts with NNSXS.) and paste it into the credential.',
	);
	return `The API key in the credential was not accepted: The Things Stack does not know it. Check, in this order:\n${steps
		.map((step, index) => `${index + 1}. ${step}`)
		.join('\n')}`;
}
