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
		expect(duplicate.status).toBe(409);
		expect(errorName(duplicate)).toBe('pkg/joinserver:duplicate_identifiers');
		const sameDevice = await set(
			'js-1',
			{ join_eui: '0000000000000000', dev_eui: '70B3D57ED0000301' },
			{ resets_join_nonces: true },
			['resets_join_nonces'],
		);
		expect(sameDevice.status).toBe(200);
	});

	it('warns about a claim authentication code in the body', async () => {
		const response = await set(
			'js-3',
			{ join_eui: '0000000000000000', dev_eui: '70B3D57ED0000303' },
			{ ...rootKeys, claim_authentication_code: { value: 'ABC' } },
			['root_keys.app_key.key'],
		);
		expect(response.status).toBe(200);
		expect(response.headers.get('x-warning')).toMatch(/[Cc]laim authentication code/);
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
