import {
	hostScope,
	unreachableWebhookUrl,
} from '../../../../nodes/TheThingsStackWebhookTrigger/registration/reachability';

describe('hostScope', () => {
	it.each([
		['localhost', 'loopback'],
		['n8n.localhost', 'loopback'],
		['127.0.0.1', 'loopback'],
		['127.8.9.10', 'loopback'],
		['[::1]', 'loopback'],
		['[::ffff:7f00:1]', 'loopback'],
		['0.0.0.0', 'loopback'],
		['10.1.2.3', 'private'],
		['172.16.0.1', 'private'],
		['172.31.255.255', 'private'],
		['192.168.1.20', 'private'],
		['169.254.1.1', 'private'],
		['100.64.0.1', 'private'],
		['[fd00::1]', 'private'],
		['[fe80::1]', 'private'],
		['n8n', 'private'],
		['n8n.local', 'private'],
		['n8n.internal', 'private'],
		['172.32.0.1', 'public'],
		['8.8.8.8', 'public'],
		['[2001:db8::1]', 'public'],
		['n8n.example.com', 'public'],
		['eu1.cloud.thethings.network', 'public'],
	])('%s is %s', (host, scope) => {
		expect(hostScope(host)).toBe(scope);
	});
});

describe('unreachableWebhookUrl', () => {
	const cloud = 'https://eu1.cloud.thethings.network';

	it('lets a server on the internet deliver to a public URL only', () => {
		expect(unreachableWebhookUrl('https://n8n.example.com/webhook/x/tts', cloud)).toBeUndefined();
		expect(unreachableWebhookUrl('http://localhost:5678/webhook/x/tts', cloud)).toBe(
			"n8n's webhook URL http://localhost:5678/webhook/x/tts can be reached from this machine only, not by The Things Stack at https://eu1.cloud.thethings.network",
		);
		expect(unreachableWebhookUrl('http://192.168.1.5:5678/webhook/x/tts', cloud)).toMatch(
			/can be reached from a private network, not by The Things Stack/,
		);
	});

	it('lets a server on a private network deliver to private and public URLs', () => {
		const lan = 'http://192.168.1.10:1885';
		expect(unreachableWebhookUrl('http://192.168.1.5:5678/webhook/x/tts', lan)).toBeUndefined();
		expect(unreachableWebhookUrl('http://n8n:5678/webhook/x/tts', lan)).toBeUndefined();
		expect(unreachableWebhookUrl('http://127.0.0.1:5678/webhook/x/tts', lan)).toMatch(
			/this machine only/,
		);
	});

	it('lets a server on this machine deliver anywhere', () => {
		expect(
			unreachableWebhookUrl('http://127.0.0.1:5678/webhook/x/tts', 'http://localhost:1885'),
		).toBeUndefined();
	});
});
