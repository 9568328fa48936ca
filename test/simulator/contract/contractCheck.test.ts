import { checkRequest, RequestLogEntry, startSimulator, Simulator } from '../../../simulator';
import { api } from '../helpers';

function entry(
	method: string,
	path: string,
	body?: unknown,
	query: Record<string, string[]> = {},
): RequestLogEntry {
	return {
		method,
		path,
		query,
		body: body as RequestLogEntry['body'],
		rawBody: body === undefined ? '' : JSON.stringify(body),
		headers: {},
		status: 200,
		component: 'is',
		tenant: 'default',
		host: 'combined',
	};
}

const kinds = (issues: ReturnType<typeof checkRequest>) =>
	issues.map((issue) => `${issue.severity}:${issue.kind}`);

describe('contract check against the TTS route table and request shapes', () => {
	it('accepts a well-formed request', () => {
		const issues = checkRequest(
			entry('PUT', '/api/v3/ns/applications/app1/devices/dev1', {
				end_device: {
					ids: {
						device_id: 'dev1',
						application_ids: { application_id: 'app1' },
						dev_eui: '70B3D57ED0000001',
						join_eui: '0000000000000000',
					},
					frequency_plan_id: 'EU_863_870_TTN',
					lorawan_version: 'MAC_V1_0_3',
					lorawan_phy_version: 'PHY_V1_0_3_REV_A',
					supports_join: true,
				},
				field_mask: {
					paths: ['frequency_plan_id', 'lorawan_version', 'lorawan_phy_version', 'supports_join'],
				},
			}),
		);
		expect(issues).toEqual([]);
	});

	it('reports unknown routes, wrong methods and invalid path parameters', () => {
		expect(kinds(checkRequest(entry('GET', '/api/v3/nope')))).toEqual(['violation:unknown_route']);
		expect(kinds(checkRequest(entry('GET', '/applications/app1')))).toEqual([
			'violation:unknown_route',
		]);
		expect(kinds(checkRequest(entry('PATCH', '/api/v3/applications/app1')))).toEqual([
			'violation:method_not_allowed',
		]);
		expect(kinds(checkRequest(entry('GET', '/api/v3/applications/App_1')))).toEqual([
			'violation:path_parameter',
		]);
	});

	it('reports wrong JSON types, unknown enum values, timestamps without Z and malformed hex', () => {
		const issues = checkRequest(
			entry('PUT', '/api/v3/ns/applications/app1/devices/dev1', {
				end_device: {
					ids: { dev_eui: '70B3D5' },
					supports_join: 'yes',
					lorawan_version: 'MAC_V9',
					last_dev_status_received_at: '2024-01-01T00:00:00+01:00',
				},
				field_mask: { paths: ['supports_join'] },
			}),
		);
		expect(kinds(issues).sort()).toEqual([
			'violation:enum',
			'violation:hex',
			'violation:timestamp',
			'violation:type',
		]);
		expect(issues.map((issue) => issue.location).sort()).toEqual([
			'body.end_device.ids.dev_eui',
			'body.end_device.last_dev_status_received_at',
			'body.end_device.lorawan_version',
			'body.end_device.supports_join',
		]);
	});

	it('reports malformed and disallowed field masks', () => {
		expect(
			kinds(
				checkRequest(
					entry('PUT', '/api/v3/as/applications/app1/devices/dev1', {
						end_device: {},
						field_mask: { paths: ['root_keys'] },
					}),
				),
			),
		).toEqual(['violation:forbidden_field_mask_paths']);
		expect(
			kinds(
				checkRequest(
					entry('PUT', '/api/v3/as/applications/app1/devices/dev1', {
						end_device: {},
						field_mask: { path: ['x'] },
					}),
				),
			),
		).toEqual(['violation:field_mask']);
		expect(
			kinds(
				checkRequest(
					entry('GET', '/api/v3/applications/app1/devices/dev1', undefined, {
						field_mask: ['Name'],
					}),
				),
			),
		).toEqual(['violation:field_mask']);
		expect(
			kinds(
				checkRequest(
					entry('GET', '/api/v3/applications/app1/devices/dev1', undefined, {
						field_mask: ['root_keys'],
					}),
				),
			),
		).toEqual(['violation:forbidden_field_mask_paths']);
	});

	it('reports unknown fields as warnings only', () => {
		const issues = checkRequest(
			entry('POST', '/api/v3/applications/app1/devices', {
				end_device: { ids: { device_id: 'dev1' }, colour: 'red' },
			}),
		);
		expect(kinds(issues)).toEqual(['warning:unknown_field']);
		expect(issues[0].location).toBe('body.end_device.colour');
	});

	it('accepts camelCase, enum aliases, base64 EUIs and comma-string field masks', () => {
		const issues = checkRequest(
			entry('PUT', '/api/v3/ns/applications/app1/devices/dev1', {
				endDevice: {
					ids: { devEui: Buffer.alloc(8, 1).toString('base64') },
					lorawanVersion: '1.0.3',
					lorawanPhyVersion: 7,
				},
				fieldMask: 'lorawan_version,lorawan_phy_version',
			}),
		);
		expect(issues).toEqual([]);
	});
});

describe('contract check of Storage Integration requests', () => {
	const get = (path: string, query: Record<string, string[]> = {}) =>
		checkRequest(entry('GET', `/api/v3/as/applications/app1${path}`, undefined, query));

	it('accepts well-formed reads, counts and association changes', () => {
		expect(
			get('/packages/storage/uplink_message', {
				after: ['2024-10-01T12:00:00.123456789Z'],
				before: ['2024-10-02T00:00:00Z'],
				limit: ['100'],
				order: ['-received_at'],
				f_port: ['2'],
				field_mask: ['up.uplink_message.decoded_payload,received_at'],
			}),
		).toEqual([]);
		expect(get('/devices/dev1/packages/storage/join_accept', { last: ['1h30m'] })).toEqual([]);
		expect(
			get('/packages/storage/uplink_message', {
				continuation_token: ['eyJsYXN0X3JlY2VpdmVkX2lkIjo0fQ'],
			}),
		).toEqual([]);
		expect(get('/devices/dev1/packages/storage/uplink_message/count', { f_port: ['2'] })).toEqual(
			[],
		);
		expect(
			checkRequest(
				entry('PUT', '/api/v3/as/applications/app1/packages/associations/100', {
					default: { package_name: 'storage-integration' },
					field_mask: { paths: ['package_name'] },
				}),
			),
		).toEqual([]);
	});

	it('reports what the storage request rules reject', () => {
		const locations = (issues: ReturnType<typeof checkRequest>) =>
			issues.map((issue) => `${issue.kind}:${issue.location}`);
		expect(locations(get('/packages/storage/uplinks'))).toEqual(['request_rule:path.type']);
		expect(locations(get('/packages/storage/uplink_normalized/count'))).toEqual([
			'request_rule:path.type',
		]);
		expect(locations(get('/packages/storage/uplink_message', { order: ['time'] }))).toEqual([
			'request_rule:query.order',
		]);
		expect(locations(get('/packages/storage/uplink_message', { last: ['10 minutes'] }))).toEqual([
			'request_rule:query.last',
		]);
		expect(
			locations(
				get('/packages/storage/uplink_message', { last: ['10m'], after: ['2024-10-01T00:00:00Z'] }),
			),
		).toEqual(['request_rule:query.last']);
		expect(
			locations(
				get('/packages/storage/uplink_message', { continuation_token: ['x'.repeat(16_001)] }),
			),
		).toEqual(['request_rule:query.continuation_token']);
		expect(
			locations(get('/packages/storage/uplink_message', { field_mask: ['uplink_message.f_port'] })),
		).toEqual(['forbidden_field_mask_paths:field_mask']);
		expect(locations(get('/packages/storage/uplink_message', { limit: ['ten'] }))).toEqual([
			'type:query.limit',
		]);
		expect(
			locations(get('/packages/storage/uplink_message', { after: ['2024-10-01 12:00'] })),
		).toEqual(['timestamp:query.after']);
	});
});

describe('contract check of a simulator request log', () => {
	let sim: Simulator;
	beforeAll(async () => {
		sim = await startSimulator({ seed: { applications: [{ applicationId: 'app1' }] } });
	});
	afterAll(() => sim.close());

	it('is empty for well-formed traffic and lists what real TTS would reject', async () => {
		const key = sim.createApiKey({
			owner: { application: 'app1' },
			rights: ['RIGHT_APPLICATION_ALL'],
		}).key;
		await api(sim, 'GET', '/applications/app1/devices?field_mask=name&limit=10', { key });
		expect(sim.contractViolations()).toEqual([]);
		await api(sim, 'GET', '/applications/app1/devices?field_mask=root_keys', { key });
		expect(sim.contractViolations().map((issue) => issue.kind)).toEqual([
			'forbidden_field_mask_paths',
		]);
		sim.clearRequestLog();
		expect(sim.contractViolations()).toEqual([]);
		const logged = await api(sim, 'GET', '/applications/app1?field_mask=name', {
			key,
			headers: { 'X-Test': '1' },
		});
		expect(logged.status).toBe(200);
		const [record] = sim.requestLog();
		expect(record).toMatchObject({
			method: 'GET',
			path: '/api/v3/applications/app1',
			query: { field_mask: ['name'] },
			status: 200,
			component: 'is',
			tenant: 'default',
			rpc: 'ApplicationRegistry.Get',
		});
		expect(record.headers.authorization).toBeUndefined();
		expect(record.headers['x-test']).toBe('1');
	});
});
