import { startSimulator, Simulator } from '../../../../../simulator';
import { api, errorName } from '../../../helpers';

const setRights = [
	'RIGHT_APPLICATION_SETTINGS_BASIC',
	'RIGHT_APPLICATION_TRAFFIC_READ',
	'RIGHT_APPLICATION_TRAFFIC_DOWN_WRITE',
];

describe('Application Server webhooks: registry (pkg/applicationserver/io/web)', () => {
	let sim: Simulator;
	let key: string;
	beforeAll(async () => {
		sim = await startSimulator({ seed: { applications: [{ applicationId: 'app1' }] } });
		key = sim.createApiKey({ owner: { application: 'app1' }, rights: setRights }).key;
	});
	afterAll(async () => {
		await sim.close();
		// Only the requests that test what the stack refuses break the contract.
		expect(sim.contractViolations().map(({ path, kind }) => `${path} ${kind}`)).toEqual([
			'/api/v3/as/webhooks/app1/-bad path_parameter',
			'/api/v3/as/webhooks/app1/hook-mask forbidden_field_mask_paths',
		]);
	});

	const put = (webhookId: string, webhook: object, paths: string[], apiKey = key) =>
		api(sim, 'PUT', `/as/webhooks/app1/${webhookId}`, {
			key: apiKey,
			body: { webhook, field_mask: { paths } },
		});
	const get = (webhookId: string, mask?: string, apiKey = key) =>
		api(sim, 'GET', `/as/webhooks/app1/${webhookId}${mask ? `?field_mask=${mask}` : ''}`, {
			key: apiKey,
		});

	const created = {
		base_url: 'https://n8n.example.com/webhook/abc/tts',
		format: 'json',
		headers: { 'X-Secret': 'one' },
		uplink_message: { path: '' },
		join_accept: { path: '/join' },
	};

	it('creates with Set, answering the identifiers, times, base_url, format and the masked paths', async () => {
		const response = await put('hook-create', created, [
			'base_url',
			'format',
			'headers',
			'uplink_message',
			'join_accept',
		]);
		expect(response.status).toBe(200);
		expect(response.body).toEqual({
			ids: { application_ids: { application_id: 'app1' }, webhook_id: 'hook-create' },
			created_at: expect.any(String),
			updated_at: response.body.created_at,
			base_url: created.base_url,
			format: 'json',
			headers: { 'X-Secret': 'one' },
			// grpc-gateway leaves the empty path out: an enabled message type reads {}.
			uplink_message: {},
			join_accept: { path: '/join' },
		});
	});

	it('reads base_url and format always, the rest only when the field mask asks (grpc_webhooks.go Get)', async () => {
		await put('hook-read', created, ['base_url', 'format', 'headers', 'uplink_message']);
		const bare = await get('hook-read');
		expect(Object.keys(bare.body).sort()).toEqual([
			'base_url',
			'created_at',
			'format',
			'ids',
			'updated_at',
		]);
		const masked = await get('hook-read', 'headers,uplink_message,health_status,paused');
		expect(masked.body.headers).toEqual({ 'X-Secret': 'one' });
		expect(masked.body.uplink_message).toEqual({});
		expect(masked.body).not.toHaveProperty('health_status');
		expect(masked.body).not.toHaveProperty('paused');
	});

	it('updates only the masked paths; a masked message type sent as null is switched off', async () => {
		await put('hook-update', created, [
			'base_url',
			'format',
			'headers',
			'uplink_message',
			'join_accept',
		]);
		const before = await get('hook-update', 'headers,uplink_message,join_accept');
		await new Promise((resolve) => setTimeout(resolve, 5));
		const updated = await put(
			'hook-update',
			{ headers: { 'X-Secret': 'two' }, uplink_message: { path: 'up' }, join_accept: null },
			['headers', 'uplink_message', 'join_accept'],
		);
		expect(updated.status).toBe(200);
		const after = await get('hook-update', 'headers,uplink_message,join_accept');
		expect(after.body.headers).toEqual({ 'X-Secret': 'two' });
		expect(after.body.uplink_message).toEqual({ path: 'up' });
		expect(after.body).not.toHaveProperty('join_accept');
		expect(after.body.base_url).toBe(created.base_url);
		expect(after.body.created_at).toBe(before.body.created_at);
		expect(after.body.updated_at > before.body.updated_at).toBe(true);
	});

	it('leaves a message type that is not in the mask as it was', async () => {
		await put('hook-keep', created, ['base_url', 'format', 'uplink_message', 'join_accept']);
		await put('hook-keep', { base_url: 'https://other.example.com/' }, ['base_url']);
		const after = await get('hook-keep', 'uplink_message,join_accept');
		expect(after.body).toMatchObject({
			base_url: 'https://other.example.com/',
			uplink_message: {},
			join_accept: { path: '/join' },
		});
	});

	it('answers the stored webhook unchanged for a Set without paths (redis/registry.go Set)', async () => {
		await put('hook-noop', created, ['base_url', 'format']);
		const before = await get('hook-noop');
		const noop = await put('hook-noop', { base_url: 'https://ignored.example.com/' }, []);
		expect(noop.status).toBe(200);
		expect(noop.body).toEqual(before.body);
	});

	it('validates the webhook it would write (ApplicationWebhook.ValidateFields)', async () => {
		const relative = await put('hook-invalid', { ...created, base_url: '/webhook/abc' }, [
			'base_url',
			'format',
		]);
		expect(relative.status).toBe(400);
		expect(errorName(relative)).toBe('pkg/errors:validation');
		expect(relative.body.details[0].attributes).toMatchObject({ field: 'webhook.base_url' });
		const noFormat = await put('hook-invalid', { base_url: created.base_url }, ['base_url']);
		expect(noFormat.status).toBe(400);
		expect(noFormat.body.details[0].attributes).toMatchObject({ field: 'webhook.format' });
		const longHeader = await put(
			'hook-invalid',
			{ ...created, headers: { 'X-Secret': 'x'.repeat(4097) } },
			['base_url', 'format', 'headers'],
		);
		expect(longHeader.body.details[0].attributes).toMatchObject({
			field: 'webhook.headers[X-Secret]',
		});
		expect(sim.webhook('app1', 'hook-invalid')).toBeUndefined();
		const badId = await put('-bad', created, ['base_url', 'format']);
		expect(badId.status).toBe(400);
	});

	it('refuses field-mask paths the RPC does not allow', async () => {
		const response = await put('hook-mask', created, ['base_url', 'format', 'secret']);
		expect(errorName(response)).toBe('pkg/rpcmiddleware/validator:field_mask_paths');
	});

	it('needs SETTINGS_BASIC, TRAFFIC_READ and TRAFFIC_DOWN_WRITE to write, TRAFFIC_READ to read', async () => {
		const readOnly = sim.createApiKey({
			owner: { application: 'app1' },
			rights: ['RIGHT_APPLICATION_TRAFFIC_READ', 'RIGHT_APPLICATION_SETTINGS_BASIC'],
		}).key;
		const refused = await put('hook-rights', created, ['base_url', 'format'], readOnly);
		expect(errorName(refused)).toBe('pkg/auth/rights:insufficient_application_rights');
		expect(refused.status).toBe(403);
		await put('hook-rights', created, ['base_url', 'format']);
		expect((await get('hook-rights', undefined, readOnly)).status).toBe(200);
		const deleteRefused = await api(sim, 'DELETE', '/as/webhooks/app1/hook-rights', {
			key: readOnly,
		});
		expect(errorName(deleteRefused)).toBe('pkg/auth/rights:insufficient_application_rights');
		const noTraffic = sim.createApiKey({
			owner: { application: 'app1' },
			rights: ['RIGHT_APPLICATION_INFO'],
		}).key;
		expect(errorName(await get('hook-rights', undefined, noTraffic))).toBe(
			'pkg/auth/rights:insufficient_application_rights',
		);
	});

	it('answers calls without credentials with pkg/rpcmetadata:unauthenticated, before any rights', async () => {
		const anonymous = await api(sim, 'GET', '/as/webhooks/app1');
		expect(anonymous.status).toBe(401);
		expect(errorName(anonymous)).toBe('pkg/rpcmetadata:unauthenticated');
		const write = await api(sim, 'PUT', '/as/webhooks/app1/hook-anonymous', {
			body: { webhook: created, field_mask: { paths: ['base_url', 'format'] } },
		});
		expect(errorName(write)).toBe('pkg/rpcmetadata:unauthenticated');
	});

	it('answers not_found for an unknown webhook, and deletes one that does not exist without error', async () => {
		const missing = await get('hook-ghost');
		expect(missing.status).toBe(404);
		expect(errorName(missing)).toBe('pkg/redis:not_found');
		const deleted = await api(sim, 'DELETE', '/as/webhooks/app1/hook-ghost', { key });
		expect(deleted.status).toBe(200);
		expect(deleted.body).toEqual({});
	});

	it('deletes a webhook', async () => {
		await put('hook-delete', created, ['base_url', 'format']);
		expect((await api(sim, 'DELETE', '/as/webhooks/app1/hook-delete', { key })).status).toBe(200);
		expect((await get('hook-delete')).status).toBe(404);
	});

	it('lists the webhooks of an application with X-Total-Count, {} when there are none', async () => {
		sim.createApplication({ applicationId: 'app2' });
		const appKey = sim.createApiKey({ owner: { application: 'app2' }, rights: setRights }).key;
		const empty = await api(sim, 'GET', '/as/webhooks/app2', { key: appKey });
		expect(empty.body).toEqual({});
		await api(sim, 'PUT', '/as/webhooks/app2/first', {
			key: appKey,
			body: { webhook: created, field_mask: { paths: ['base_url', 'format', 'headers'] } },
		});
		await api(sim, 'PUT', '/as/webhooks/app2/second', {
			key: appKey,
			body: { webhook: created, field_mask: { paths: ['base_url', 'format'] } },
		});
		const listed = await api(sim, 'GET', '/as/webhooks/app2?field_mask=headers', { key: appKey });
		expect(listed.headers.get('x-total-count')).toBe('2');
		expect(
			listed.body.webhooks.map((hook: { ids: { webhook_id: string } }) => hook.ids.webhook_id),
		).toEqual(['first', 'second']);
		expect(listed.body.webhooks[0].headers).toEqual({ 'X-Secret': 'one' });
	});

	it('creates with POST too, the webhook ID in the body', async () => {
		const response = await api(sim, 'POST', '/as/webhooks/app1', {
			key,
			body: {
				webhook: { ...created, ids: { webhook_id: 'hook-post' } },
				field_mask: { paths: ['base_url', 'format'] },
			},
		});
		expect(response.status).toBe(200);
		expect(sim.webhook('app1', 'hook-post')?.base_url).toBe(created.base_url);
	});

	it('resets the health status with health_status null in the mask (the Console’s Reactivate)', async () => {
		await put('hook-reset', created, ['base_url', 'format', 'uplink_message']);
		const stored = sim.state().webhooks.get('app1')?.get('hook-reset');
		if (!stored) throw new Error('not stored');
		stored.health_status = {
			unhealthy: { failed_attempts: '5', last_failed_attempt_at: '2024-01-01T00:00:00Z' },
		};
		const reset = await put('hook-reset', { health_status: null }, ['health_status']);
		expect(reset.status).toBe(200);
		expect(sim.webhook('app1', 'hook-reset')).not.toHaveProperty('health_status');
		expect(sim.webhook('app1', 'hook-reset')?.uplink_message).toEqual({});
	});

	it('lists the formats and an empty template store, without rights (grpc_webhooks.go, templates.go)', async () => {
		const formats = await api(sim, 'GET', '/as/webhook-formats');
		expect(formats.body).toEqual({ formats: { json: 'JSON', protobuf: 'Protocol Buffers' } });
		expect((await api(sim, 'GET', '/as/webhook-templates')).body).toEqual({});
		const template = await api(sim, 'GET', '/as/webhook-templates/tago');
		expect(template.status).toBe(404);
		expect(errorName(template)).toBe('pkg/applicationserver/io/web:template_not_found');
	});

	it('publishes the health settings in the Application Server configuration', async () => {
		const defaults = await api(sim, 'GET', '/as/configuration');
		expect(defaults.body).toEqual({
			configuration: { pubsub: { providers: {} }, webhooks: { unhealthy_retry_interval: '0s' } },
		});
		sim.configureWebhooks({ unhealthyAttemptsThreshold: 5, unhealthyRetryIntervalMs: 3_600_000 });
		try {
			const configured = await api(sim, 'GET', '/as/configuration');
			expect(configured.body.configuration.webhooks).toEqual({
				unhealthy_attempts_threshold: '5',
				unhealthy_retry_interval: '3600s',
			});
		} finally {
			sim.configureWebhooks({ unhealthyAttemptsThreshold: 0, unhealthyRetryIntervalMs: 0 });
		}
	});
});
