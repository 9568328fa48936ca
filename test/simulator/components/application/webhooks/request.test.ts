import type { JsonObject } from '../../../../../simulator/encoding/json';
import { buildWebhookRequest } from '../../../../../simulator/components/application/webhooks/request';

const up: JsonObject = {
	'@type': 'type.googleapis.com/ttn.lorawan.v3.ApplicationUp',
	end_device_ids: {
		device_id: 'foo-device',
		application_ids: { application_id: 'foo-app' },
		dev_eui: '4200000000000000',
		join_eui: '4200000000000001',
	},
	received_at: '2024-10-24T12:00:00.123456789Z',
	uplink_message: { f_port: 42, frm_payload: 'AQI=' },
};
const downlinks = { publicAddress: 'https://example.com/api/v3' };

function urlFor(baseUrl: string, path: string): string {
	const request = buildWebhookRequest(
		up,
		{
			ids: { webhook_id: 'foo-hook' },
			base_url: baseUrl,
			format: 'json',
			uplink_message: { path },
		},
		downlinks,
	);
	if (!request || !('url' in request)) throw new Error('no request');
	return request.url;
}

describe('webhook requests (pkg/applicationserver/io/web/request.go NewRequest)', () => {
	// webhooks_test.go TestWebhooks: the same URL for every slash before and after.
	it.each([
		['', ''],
		['', '/'],
		['/', ''],
		['/', '/'],
	])('joins base URL and path with path prefix %j and base suffix %j', (prefix, suffix) => {
		expect(
			urlFor(`https://myapp.com/api/ttn/v3{/appID,devID}${suffix}`, `${prefix}up{?devEUI}`),
		).toBe('https://myapp.com/api/ttn/v3/foo-app/foo-device/up?devEUI=4200000000000000');
	});

	it('posts to the base URL itself for an empty path, and keeps a query-only path on it', () => {
		expect(urlFor('https://n8n.example.com/webhook/abc/tts', '')).toBe(
			'https://n8n.example.com/webhook/abc/tts',
		);
		expect(urlFor('https://n8n.example.com/webhook/abc/tts', '?device={devID}')).toBe(
			'https://n8n.example.com/webhook/abc/tts?device=foo-device',
		);
	});

	it('does not subscribe to message types the webhook leaves out', () => {
		expect(
			buildWebhookRequest(
				up,
				{ base_url: 'https://x.example.com', format: 'json', join_accept: {} },
				downlinks,
			),
		).toBeUndefined();
	});

	it('names the format it cannot write instead of writing it', () => {
		expect(
			buildWebhookRequest(
				up,
				{ base_url: 'https://x.example.com', format: 'protobuf', uplink_message: {} },
				downlinks,
			),
		).toEqual({ unsupportedFormat: 'protobuf' });
	});

	it('sets Content-Type last, over a configured one', () => {
		const request = buildWebhookRequest(
			up,
			{
				base_url: 'https://x.example.com',
				format: 'json',
				headers: { 'content-type': 'text/plain' },
				uplink_message: {},
			},
			downlinks,
		);
		expect(request && 'headers' in request ? request.headers : {}).toEqual({
			'Content-Type': 'application/json',
			'X-Tts-Domain': 'example.com',
		});
	});
});
