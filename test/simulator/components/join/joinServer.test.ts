import { startSimulator, Simulator } from '../../../../simulator';
import { api, errorName } from '../../helpers';

describe('Join Server end-device registry', () => {
	let sim: Simulator;
	let key: string;
	beforeAll(async () => {
		sim = await startSimulator({ seed: { applications: [{ applicationId: 'app1' }] } });
		key = sim.createApiKey({
			owner: { application: 'app1' },
			rights: ['RIGHT_APPLICATION_ALL'],
		}).key;
	});
	afterAll(() => sim.close());

	const set = (
		deviceId: string,
		ids: Record<string, unknown>,
		rest: Record<string, unknown>,
		paths: string[],
		headers?: Record<string, string>,
	) =>
		api(sim, 'PUT', `/js/applications/app1/devices/${deviceId}`, {
			key,
			headers,
			body: {
				end_device: {
					ids: { device_id: deviceId, application_ids: { application_id: 'app1' }, ...ids },
					...rest,
				},
				field_mask: { paths },
			},
		});
	const rootKeys = { root_keys: { app_key: { key: '00112233445566778899AABBCCDDEEFF' } } };

	it('requires the JoinEUI and a non-zero DevEUI even when not masked', async () => {
		expect(
			errorName(
				await set('js-1', { dev_eui: '70B3D57ED0000301' }, rootKeys, ['root_keys.app_key.key']),
			),
		).toBe('pkg/joinserver:no_join_eui');
		expect(
			errorName(
				await set('js-1', { join_eui: '0000000000000000', dev_eui: '0000000000000000' }, rootKeys, [
					'root_keys.app_key.key',
				]),
			),
		).toBe('pkg/joinserver:no_dev_eui');
	});

	it('requires a non-zero AppKey when masked', async () => {
		const response = await set(
			'js-1',
			{ join_eui: '0000000000000000', dev_eui: '70B3D57ED0000301' },
			{ root_keys: { app_key: { key: '00000000000000000000000000000000' } } },
			['root_keys.app_key.key'],
		);
		expect(errorName(response)).toBe('pkg/joinserver:field_value');
	});

	it('creates, reads keys only with READ_KEYS, and refuses an EUI pair used by another device', async () => {
		const created = await set(
			'js-1',
			{ join_eui: '0000000000000000', dev_eui: '70B3D57ED0000301' },
			rootKeys,
			['root_keys.app_key.key'],
		);
		expect(created.status).toBe(200);
		const reader = sim.createApiKey({
			owner: { application: 'app1' },
			rights: ['RIGHT_APPLICATION_DEVICES_READ'],
		}).key;
		const denied = await api(
			sim,
			'GET',
			'/js/applications/app1/devices/js-1?field_mask=root_keys.app_key.key',
			{ key: reader },
		);
		expect(denied.body.details[0].attributes.missing).toEqual([
			'RIGHT_APPLICATION_DEVICES_READ_KEYS',
		]);
		const keys = await api(
			sim,
			'GET',
			'/js/applications/app1/devices/js-1?field_mask=root_keys.app_key.key',
			{ key },
		);
		expect(keys.body.root_keys.app_key.key).toBe('00112233445566778899AABBCCDDEEFF');
		const duplicate = await set(
			'js-2',
			{ join_eui: '0000000000000000', dev_eui: '70B3D57ED0000301' },
			rootKeys,
			['root_keys.app_key.key'],
		);
		// pkg/joinserver/redis/registry.go set: the JoinEUI/DevEUI index answers
		// pkg/internal/registry UniqueEUIViolationErr, naming the device that holds the pair.
		expect(duplicate.status).toBe(409);
		expect(errorName(duplicate)).toBe('pkg/internal/registry:end_device_euis_taken');
		expect(duplicate.body.details[0].attributes).toEqual({
			join_eui: '0000000000000000',
			dev_eui: '70B3D57ED0000301',
			device_id: 'js-1',
			application_id: 'app1',
		});
		const sameDevice = await set(
			'js-1',
			{ join_eui: '0000000000000000', dev_eui: '70B3D57ED0000301' },
			{ resets_join_nonces: true },
			['resets_join_nonces'],
		);
		expect(sameDevice.status).toBe(200);
	});

	// grpc_deviceregistry.go Set warns only when the field mask names the claim code, which
	// JsEndDeviceRegistry.Set's allowed paths do not contain: a code in the body is ignored.
	it('ignores a claim authentication code in the body', async () => {
		const response = await set(
			'js-3',
			{ join_eui: '0000000000000000', dev_eui: '70B3D57ED0000303' },
			{ ...rootKeys, claim_authentication_code: { value: 'ABC' } },
			['root_keys.app_key.key'],
		);
		expect(response.status).toBe(200);
		expect(response.headers.get('x-warning')).toBeNull();
	});

	// grpc_deviceregistry.go Set checks the EUIs and a masked AppKey before the caller's rights.
	it('checks the EUIs before the rights of the caller', async () => {
		const outsider = sim.createUserKey('outsider').key;
		const response = await api(sim, 'PUT', '/js/applications/app1/devices/js-9', {
			key: outsider,
			body: {
				end_device: { ids: { device_id: 'js-9', application_ids: { application_id: 'app1' } } },
				field_mask: { paths: [] },
			},
		});
		expect(errorName(response)).toBe('pkg/joinserver:no_join_eui');
	});

	it('refuses a DevAddr on a new device', async () => {
		const response = await set(
			'js-4',
			{ join_eui: '0000000000000000', dev_eui: '70B3D57ED0000304', dev_addr: '260B0001' },
			rootKeys,
			['root_keys.app_key.key'],
		);
		expect(errorName(response)).toBe('pkg/joinserver:field_value');
		expect(response.body.details[0].attributes).toEqual({ field: 'ids.dev_addr' });
	});

	// pkg/joinserver/redis/registry.go set: an existing device keeps its identifiers.
	it('keeps the EUIs of an existing device: changing a masked one is a read-only field', async () => {
		expect(
			(
				await set('js-5', { join_eui: '0000000000000000', dev_eui: '70B3D57ED0000305' }, rootKeys, [
					'root_keys.app_key.key',
				])
			).status,
		).toBe(200);
		const masked = await set(
			'js-5',
			{ join_eui: '0000000000000000', dev_eui: '70B3D57ED0000399' },
			{},
			['ids.dev_eui'],
		);
		expect(masked.status).toBe(400);
		expect(errorName(masked)).toBe('pkg/joinserver/redis:read_only_field');
		const unmasked = await set(
			'js-5',
			{ join_eui: '0000000000000000', dev_eui: '70B3D57ED0000399' },
			{ resets_join_nonces: true },
			['resets_join_nonces'],
		);
		expect(unmasked.status).toBe(200);
		expect(unmasked.body.ids.dev_eui).toBe('70B3D57ED0000305');
	});

	// grpc_deviceregistry.go Get needs DEVICES_READ_KEYS for root_keys.*.key only.
	it('reads the root key ID without DEVICES_READ_KEYS', async () => {
		const reader = sim.createApiKey({
			owner: { application: 'app1' },
			rights: ['RIGHT_APPLICATION_DEVICES_READ'],
		}).key;
		const response = await api(
			sim,
			'GET',
			'/js/applications/app1/devices/js-5?field_mask=root_keys.root_key_id',
			{ key: reader },
		);
		expect(response.status).toBe(200);
	});

	it('serves one JoinEUI prefix covering every JoinEUI', async () => {
		expect((await api(sim, 'GET', '/js/join_eui_prefixes', { key })).body).toEqual({
			prefixes: [{ join_eui: '0000000000000000' }],
		});
	});

	// grpc_deviceregistry.go jsEndDeviceBatchRegistryServer.Delete: missing devices are skipped.
	it('batch deletes devices, skipping missing ones, and frees their EUIs', async () => {
		const response = await api(
			sim,
			'DELETE',
			'/js/applications/app1/devices/batch?device_ids=js-5&device_ids=no-such-device',
			{ key },
		);
		expect(response.status).toBe(200);
		expect(errorName(await api(sim, 'GET', '/js/applications/app1/devices/js-5', { key }))).toBe(
			'pkg/joinserver:device_not_found',
		);
		const reused = await set(
			'js-6',
			{ join_eui: '0000000000000000', dev_eui: '70B3D57ED0000305' },
			rootKeys,
			['root_keys.app_key.key'],
		);
		expect(reused.status).toBe(200);
	});

	it('answers device_not_found and serves the default JoinEUI', async () => {
		expect(errorName(await api(sim, 'GET', '/js/applications/app1/devices/ghost', { key }))).toBe(
			'pkg/joinserver:device_not_found',
		);
		expect((await api(sim, 'GET', '/js/default_join_eui', { key })).body).toEqual({
			join_eui: '0000000000000000',
		});
	});
});
