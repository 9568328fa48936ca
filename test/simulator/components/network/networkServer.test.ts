import { startSimulator, Simulator } from '../../../../simulator';
import { api, errorName } from '../../helpers';

const ids = (deviceId: string, extra: Record<string, unknown> = {}) => ({
	device_id: deviceId,
	application_ids: { application_id: 'app1' },
	...extra,
});

describe('Network Server end-device registry', () => {
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
		endDevice: Record<string, unknown>,
		paths: string[],
		withKey = key,
	) =>
		api(sim, 'PUT', `/ns/applications/app1/devices/${deviceId}`, {
			key: withKey,
			body: {
				end_device: { ids: ids(deviceId, endDevice.ids as Record<string, unknown>), ...endDevice },
				field_mask: { paths },
			},
		});

	const otaa = {
		ids: { dev_eui: '70B3D57ED0000201', join_eui: '0000000000000000' },
		frequency_plan_id: 'EU_863_870_TTN',
		lorawan_version: '1.0.3',
		lorawan_phy_version: 'RP001_V1_0_3_REV_A',
		supports_join: true,
	};
	const otaaPaths = [
		'frequency_plan_id',
		'lorawan_version',
		'lorawan_phy_version',
		'supports_join',
	];

	it('creates an OTAA device (upsert), normalising version aliases, and updates it with Set', async () => {
		const created = await set('otaa-1', otaa, otaaPaths);
		expect(created.status).toBe(200);
		expect(created.body.lorawan_version).toBe('MAC_V1_0_3');
		expect(created.body.lorawan_phy_version).toBe('PHY_V1_0_3_REV_A');
		expect(created.body.ids.dev_eui).toBe('70B3D57ED0000201');
		const updated = await set('otaa-1', { ids: otaa.ids, supports_class_c: true }, [
			'supports_class_c',
		]);
		expect(updated.status).toBe(200);
		const fetched = await api(
			sim,
			'GET',
			'/ns/applications/app1/devices/otaa-1?field_mask=supports_class_c,frequency_plan_id',
			{ key },
		);
		expect(fetched.body.supports_class_c).toBe(true);
		expect(fetched.body.frequency_plan_id).toBe('EU_863_870_TTN');
	});

	it('accepts numeric enum values', async () => {
		const response = await set(
			'numeric',
			{
				...otaa,
				ids: { dev_eui: '70B3D57ED0000202', join_eui: '0000000000000000' },
				lorawan_version: 5,
				lorawan_phy_version: 7,
			},
			otaaPaths,
		);
		expect(response.body.lorawan_version).toBe('MAC_V1_0_3');
		expect(response.body.lorawan_phy_version).toBe('PHY_V1_0_3_REV_A');
	});

	it('rejects an unknown enum value with 400', async () => {
		const response = await set('bad-enum', { ...otaa, lorawan_version: 'MAC_V9' }, otaaPaths);
		expect(response.status).toBe(400);
	});

	it('requires a known frequency plan and a PHY version valid for its band', async () => {
		const missingPlan = await set('fp-1', { ...otaa, frequency_plan_id: '' }, otaaPaths);
		expect(errorName(missingPlan)).toBe('pkg/networkserver:field_value');
		expect(missingPlan.body.details[0].attributes).toEqual({ field: 'frequency_plan_id' });
		const unknownPlan = await set('fp-2', { ...otaa, frequency_plan_id: 'MARS_1' }, otaaPaths);
		expect(unknownPlan.body.details[0].cause.name).toBe('not_found');
		const wrongBand = await set(
			'fp-3',
			{ ...otaa, frequency_plan_id: 'AS_920_923_LBT', lorawan_phy_version: 'PHY_V1_0' },
			otaaPaths,
		);
		expect(wrongBand.status).toBe(400);
		expect(wrongBand.body.details[0].attributes).toEqual({ field: 'lorawan_phy_version' });
		const bandMismatch = await set('fp-4', { ...otaa, version_ids: { band_id: 'US_902_928' } }, [
			...otaaPaths,
			'version_ids.band_id',
		]);
		expect(errorName(bandMismatch)).toBe(
			'pkg/networkserver:device_and_frequency_plan_band_mismatch',
		);
	});

	// pkg/networkserver/grpc_deviceregistry.go Set validates each version on its own and the PHY
	// version against the band; no MAC/PHY pair is refused (internal.LoRaWANVersionPairs only
	// drives the NS tests).
	it('accepts any MAC/PHY pair the band defines, e.g. LoRaWAN 1.1 with RP002', async () => {
		const response = await set(
			'lw11-rp002',
			{
				...otaa,
				ids: { dev_eui: '70B3D57ED0000203', join_eui: '0000000000000000' },
				lorawan_version: 'MAC_V1_1',
				lorawan_phy_version: 'RP002_V1_0_4',
			},
			otaaPaths,
		);
		expect(response.status).toBe(200);
		expect(response.body.lorawan_phy_version).toBe('RP002_V1_0_4');
	});

	it('requires the DevEUI for OTAA', async () => {
		const response = await set(
			'no-eui',
			{ ...otaa, ids: { join_eui: '0000000000000000' } },
			otaaPaths,
		);
		expect(response.body.details[0].attributes).toEqual({ field: 'ids.dev_eui' });
	});

	it('requires session.dev_addr and FNwkSIntKey for ABP and copies it for LoRaWAN < 1.1', async () => {
		const abp = {
			frequency_plan_id: 'EU_863_870_TTN',
			lorawan_version: 'MAC_V1_0_2',
			lorawan_phy_version: 'PHY_V1_0_2_REV_B',
			supports_join: false,
		};
		const abpPaths = [
			'frequency_plan_id',
			'lorawan_version',
			'lorawan_phy_version',
			'supports_join',
		];
		const noSession = await set('abp-1', abp, abpPaths);
		expect(noSession.body.details[0].attributes).toEqual({ field: 'session.dev_addr' });
		const session = {
			dev_addr: '260B1234',
			keys: { f_nwk_s_int_key: { key: '0123456789ABCDEF0123456789ABCDEF' } },
		};
		const noKeyRights = await set(
			'abp-1',
			{ ...abp, session },
			[...abpPaths, 'session.dev_addr', 'session.keys.f_nwk_s_int_key.key'],
			sim.createApiKey({
				owner: { application: 'app1' },
				rights: ['RIGHT_APPLICATION_DEVICES_WRITE'],
			}).key,
		);
		expect(errorName(noKeyRights)).toBe('pkg/auth/rights:insufficient_application_rights');
		expect(noKeyRights.body.details[0].attributes.missing).toEqual([
			'RIGHT_APPLICATION_DEVICES_WRITE_KEYS',
		]);
		const created = await set('abp-1', { ...abp, session }, [
			...abpPaths,
			'session.dev_addr',
			'session.keys.f_nwk_s_int_key.key',
		]);
		expect(created.status).toBe(200);
		expect(created.body.ids.dev_addr).toBe('260B1234');
		const keys = await api(
			sim,
			'GET',
			'/ns/applications/app1/devices/abp-1?field_mask=session.keys',
			{ key },
		);
		expect(keys.body.session.keys.s_nwk_s_int_key.key).toBe('0123456789ABCDEF0123456789ABCDEF');
		expect(keys.body.session.keys.nwk_s_enc_key.key).toBe('0123456789ABCDEF0123456789ABCDEF');
	});

	it('requires the DevEUI for ABP from LoRaWAN 1.0.4 on', async () => {
		const response = await set(
			'abp-104',
			{
				frequency_plan_id: 'EU_863_870_TTN',
				lorawan_version: 'MAC_V1_0_4',
				lorawan_phy_version: 'RP002_V1_0_3',
				supports_join: false,
				session: {
					dev_addr: '260B1235',
					keys: { f_nwk_s_int_key: { key: '0123456789ABCDEF0123456789ABCDEF' } },
				},
			},
			[
				'frequency_plan_id',
				'lorawan_version',
				'lorawan_phy_version',
				'supports_join',
				'session.dev_addr',
				'session.keys.f_nwk_s_int_key.key',
			],
		);
		expect(response.body.details[0].attributes).toEqual({ field: 'ids.dev_eui' });
	});

	it('does not let supports_join change after creation', async () => {
		const response = await set('otaa-1', { ids: otaa.ids, supports_join: false }, [
			'supports_join',
		]);
		expect(response.body.details[0].attributes).toEqual({ field: 'supports_join' });
	});

	// pkg/networkserver/grpc_deviceregistry.go appendRequiredDeviceReadRights and Set: the key
	// rights guard the session keys (and the keys of a queued join-accept), not the rest of the MAC
	// state or the session key ID; a Get without field mask needs any right on the application.
	it('asks for key rights for the session keys only, and for any right on a Get without mask', async () => {
		const rightsIds = { dev_eui: '70B3D57ED0000291', join_eui: '0000000000000000' };
		expect((await set('rights-1', { ...otaa, ids: rightsIds }, otaaPaths)).status).toBe(200);
		const withRights = (...rights: string[]) =>
			sim.createApiKey({ owner: { application: 'app1' }, rights }).key;
		const get = (mask: string | undefined, withKey: string) =>
			api(
				sim,
				'GET',
				`/ns/applications/app1/devices/rights-1${mask ? `?field_mask=${mask}` : ''}`,
				{ key: withKey },
			);
		const missing = (response: {
			body: { details: Array<{ attributes: { missing?: string[] } }> };
		}) => response.body.details[0].attributes.missing;

		const reader = withRights('RIGHT_APPLICATION_DEVICES_READ');
		expect((await get('session.keys.session_key_id', reader)).status).toBe(200);
		expect((await get('mac_state.device_class', reader)).status).toBe(200);
		expect(missing(await get('session.keys.f_nwk_s_int_key.key', reader))).toEqual([
			'RIGHT_APPLICATION_DEVICES_READ_KEYS',
		]);
		expect(missing(await get('mac_state', reader))).toEqual([
			'RIGHT_APPLICATION_DEVICES_READ_KEYS',
		]);
		expect(missing(await get('session', reader))).toEqual([
			'RIGHT_APPLICATION_TRAFFIC_READ',
			'RIGHT_APPLICATION_DEVICES_READ_KEYS',
		]);

		const infoOnly = withRights('RIGHT_APPLICATION_INFO');
		expect((await get(undefined, infoOnly)).status).toBe(200);
		expect(missing(await get('frequency_plan_id', infoOnly))).toEqual([
			'RIGHT_APPLICATION_DEVICES_READ',
		]);

		const writer = withRights('RIGHT_APPLICATION_DEVICES_WRITE');
		const deviceClass = await set(
			'rights-1',
			{ ids: rightsIds, mac_state: { device_class: 'CLASS_A' } },
			['mac_state.device_class'],
			writer,
		);
		expect(deviceClass.status).toBe(200);
		const sessionKeyId = await set(
			'rights-1',
			{ ids: rightsIds, session: { keys: { session_key_id: 'AQI=' } } },
			['session.keys.session_key_id'],
			writer,
		);
		expect(missing(sessionKeyId)).toEqual(['RIGHT_APPLICATION_DEVICES_WRITE_KEYS']);
	});

	// pkg/networkserver/redis/registry.go SetByID: a new device with both EUIs takes its pair in
	// the registry's unique index (pkg/internal/registry UniqueEUIViolationErr); identifiers in the
	// request are added to the mask by Set, and cannot change once the device exists.
	it('keeps JoinEUI/DevEUI pairs unique and the identifiers of a device read-only', async () => {
		const pair = { dev_eui: '70B3D57ED0000281', join_eui: '0000000000000000' };
		expect((await set('pair-a', { ...otaa, ids: pair }, otaaPaths)).status).toBe(200);
		const taken = await set('pair-b', { ...otaa, ids: pair }, otaaPaths);
		expect(taken.status).toBe(409);
		expect(errorName(taken)).toBe('pkg/internal/registry:end_device_euis_taken');
		expect(taken.body.details[0].attributes).toEqual({
			join_eui: '0000000000000000',
			dev_eui: '70B3D57ED0000281',
			device_id: 'pair-a',
			application_id: 'app1',
		});
		expect((await set('pair-a', { ...otaa, ids: pair }, otaaPaths)).status).toBe(200);
		const changed = await set(
			'pair-a',
			{ ids: { ...pair, dev_eui: '70B3D57ED0000282' }, supports_class_c: true },
			['supports_class_c'],
		);
		expect(changed.status).toBe(400);
		expect(errorName(changed)).toBe('pkg/networkserver/redis:read_only_field');
		expect(changed.body.details[0].attributes).toEqual({ field: 'ids.dev_eui' });
		await api(sim, 'DELETE', '/ns/applications/app1/devices/pair-a', { key });
		expect((await set('pair-b', { ...otaa, ids: pair }, otaaPaths)).status).toBe(200);
	});

	it('rejects field-mask paths outside NsEndDeviceRegistry.Set', async () => {
		const response = await set('otaa-1', { ids: otaa.ids, name: 'x', root_keys: {} }, [
			'name',
			'root_keys.app_key.key',
		]);
		expect(response.status).toBe(400);
		expect(response.body.details[0].attributes).toEqual({
			forbidden_paths: ['name', 'root_keys.app_key.key'],
		});
	});

	it('answers device_not_found on get and delete of an unknown device, and deletes', async () => {
		const missing = await api(sim, 'GET', '/ns/applications/app1/devices/missing', { key });
		expect(missing.status).toBe(404);
		expect(errorName(missing)).toBe('pkg/networkserver:device_not_found');
		expect(
			(await api(sim, 'DELETE', '/ns/applications/app1/devices/numeric', { key })).status,
		).toBe(200);
		expect(
			errorName(await api(sim, 'DELETE', '/ns/applications/app1/devices/numeric', { key })),
		).toBe('pkg/networkserver:device_not_found');
	});

	it('batch deletes and issues DevAddrs', async () => {
		expect(
			(
				await api(
					sim,
					'DELETE',
					'/ns/applications/app1/devices/batch?device_ids=otaa-1&device_ids=ghost',
					{ key },
				)
			).status,
		).toBe(200);
		expect((await api(sim, 'GET', '/ns/applications/app1/devices/otaa-1', { key })).status).toBe(
			404,
		);
		const devAddr = await api(sim, 'GET', '/ns/dev_addr', { key });
		expect(devAddr.body.dev_addr).toMatch(/^[0-9A-F]{8}$/);
	});

	// pkg/networkserver/grpc.go GenerateDevAddr, GetNetID, GetDeviceAddressPrefixes ask for no
	// rights; the NetID and the prefixes are the Network Server's configuration.
	it('answers a DevAddr, the NetID and the prefixes to anyone, from the configuration', async () => {
		const devAddr = await api(sim, 'GET', '/ns/dev_addr');
		expect(devAddr.status).toBe(200);
		expect(devAddr.body.dev_addr).toMatch(/^260B[0-9A-F]{4}$/);
		expect((await api(sim, 'GET', '/ns/net_id')).body).toEqual({ net_id: '000013' });
		expect((await api(sim, 'GET', '/ns/dev_addr_prefixes')).body).toEqual({
			dev_addr_prefixes: ['260B0000/16'],
		});
		// Without configured prefixes the Network Server derives one from its NetID; the open-source
		// default NetID 000000 gives 00000000/7.
		const openSource = await startSimulator({ netId: '000000', devAddrPrefixes: [] });
		try {
			expect((await api(openSource, 'GET', '/ns/net_id')).body).toEqual({ net_id: '000000' });
			expect((await api(openSource, 'GET', '/ns/dev_addr_prefixes')).body).toEqual({
				dev_addr_prefixes: ['00000000/7'],
			});
			const issued = (await api(openSource, 'GET', '/ns/dev_addr')).body.dev_addr as string;
			expect(parseInt(issued, 16) >>> 25).toBe(0);
		} finally {
			await openSource.close();
		}
		const typeThree = await startSimulator({ netId: '60002D', devAddrPrefixes: [] });
		try {
			// NetID type 3, NwkID 0x2D: DevAddr prefix 1110 then 15 bits of NwkID, 17 bits left.
			expect((await api(typeThree, 'GET', '/ns/dev_addr_prefixes')).body).toEqual({
				dev_addr_prefixes: ['E05A0000/15'],
			});
		} finally {
			await typeThree.close();
		}
	});
});
