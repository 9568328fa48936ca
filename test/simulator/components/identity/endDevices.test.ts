import { startSimulator, Simulator } from '../../../../simulator';
import { api, errorName, otaaDeviceBody } from '../../helpers';

describe('Identity Server end devices', () => {
	let sim: Simulator;
	let key: string;
	beforeAll(async () => {
		sim = await startSimulator({
			seed: {
				applications: [
					{ applicationId: 'app1' },
					{ applicationId: 'pinned', networkServerAddress: 'eu1.cloud.thethings.network' },
				],
			},
		});
		key = sim.createApiKey({
			owner: { application: 'app1' },
			rights: ['RIGHT_APPLICATION_ALL'],
		}).key;
	});
	afterAll(() => sim.close());

	const create = (deviceId: string, devEui: string, extra: Record<string, unknown> = {}) => {
		const body = otaaDeviceBody('app1', deviceId, devEui);
		Object.assign(body.end_device, extra);
		return api(sim, 'POST', '/applications/app1/devices', { key, body });
	};

	it('creates a device and stores only IS fields', async () => {
		const response = await create('create-1', '70B3D57ED0000101', {
			name: 'One',
			frequency_plan_id: 'EU_863_870_TTN',
		});
		expect(response.status).toBe(200);
		expect(response.body.ids).toEqual({
			device_id: 'create-1',
			application_ids: { application_id: 'app1' },
			dev_eui: '70B3D57ED0000101',
			join_eui: '0000000000000000',
		});
		expect(response.body.name).toBe('One');
		expect(response.body.frequency_plan_id).toBeUndefined();
		expect(response.body.created_at).toMatch(/Z$/);
	});

	it('accepts camelCase input and EUIs as lowercase hex or base64, writes uppercase hex', async () => {
		const body = {
			endDevice: {
				ids: {
					deviceId: 'camel-1',
					devEui: Buffer.from('70B3D57ED0000102', 'hex').toString('base64'),
					joinEui: 'ec656e0000000001',
				},
			},
		};
		const response = await api(sim, 'POST', '/applications/app1/devices', { key, body });
		expect(response.status).toBe(200);
		expect(response.body.ids.dev_eui).toBe('70B3D57ED0000102');
		expect(response.body.ids.join_eui).toBe('EC656E0000000001');
	});

	it('rejects an EUI of the wrong length with 400', async () => {
		const response = await create('bad-eui', '70B3D5');
		expect(response.status).toBe(400);
		expect(response.body.code).toBe(3);
	});

	it('answers id_taken for an existing device ID and end_device_euis_taken for an EUI pair in use', async () => {
		await create('taken', '70B3D57ED0000103');
		const sameId = await create('taken', '70B3D57ED0000104');
		expect(sameId.status).toBe(409);
		expect(errorName(sameId)).toBe('pkg/util/store:id_taken');
		const sameEuis = await create('other', '70B3D57ED0000103');
		expect(sameEuis.status).toBe(409);
		expect(errorName(sameEuis)).toBe('pkg/identityserver:end_device_euis_taken');
		expect(sameEuis.body.details[0].attributes).toEqual({
			join_eui: '0000000000000000',
			dev_eui: '70B3D57ED0000103',
			device_id: 'taken',
			application_id: 'app1',
		});
	});

	it('answers id_taken when the same device is created again (ID index checked first, the default)', async () => {
		await create('again-1', '70B3D57ED00001A1');
		const again = await create('again-1', '70B3D57ED00001A1');
		expect(errorName(again)).toBe('pkg/util/store:id_taken');
	});

	it('answers end_device_euis_taken naming the device itself when the EUI index is checked first', async () => {
		const euiFirst = await startSimulator({
			endDeviceIndexOrder: 'eui',
			seed: { applications: [{ applicationId: 'app1' }] },
		});
		try {
			const ownKey = euiFirst.createApiKey({
				owner: { application: 'app1' },
				rights: ['RIGHT_APPLICATION_ALL'],
			}).key;
			const body = otaaDeviceBody('app1', 'again-2', '70B3D57ED00001A2');
			const post = () => api(euiFirst, 'POST', '/applications/app1/devices', { key: ownKey, body });
			expect((await post()).status).toBe(200);
			const again = await post();
			expect(again.status).toBe(409);
			expect(errorName(again)).toBe('pkg/identityserver:end_device_euis_taken');
			expect(again.body.details[0].attributes).toEqual({
				join_eui: '0000000000000000',
				dev_eui: '70B3D57ED00001A2',
				device_id: 'again-2',
				application_id: 'app1',
			});
			// A device without EUIs only has the ID index to hit.
			const abp = { end_device: { ids: { device_id: 'abp-again' } } };
			await api(euiFirst, 'POST', '/applications/app1/devices', { key: ownKey, body: abp });
			const abpAgain = await api(euiFirst, 'POST', '/applications/app1/devices', {
				key: ownKey,
				body: abp,
			});
			expect(errorName(abpAgain)).toBe('pkg/util/store:id_taken');
		} finally {
			await euiFirst.close();
		}
	});

	// As the Console stores its own host (sdk/js/src/service/devices/index.js create), a seeded
	// device names the simulator's host as its servers: clients treat it as a device of this cluster.
	it('seeds devices that name the simulator’s own host as their servers', async () => {
		sim.createDevice({ applicationId: 'app1', deviceId: 'seeded-1', devEui: '70B3D57ED00001A3' });
		const seeded = await api(
			sim,
			'GET',
			'/applications/app1/devices/seeded-1?field_mask=network_server_address,application_server_address,join_server_address',
			{ key },
		);
		const host = new URL(sim.url).hostname;
		expect(seeded.body).toMatchObject({
			network_server_address: host,
			application_server_address: host,
			join_server_address: host,
		});
	});

	it('validates device IDs and applies the blocklist', async () => {
		const invalid = await create('Bad_ID', '70B3D57ED0000105');
		expect(invalid.status).toBe(400);
		expect(errorName(invalid)).toBe('pkg/errors:validation');
		expect(invalid.body.details[0].attributes.field).toBe('end_device.ids.device_id');
		const blocked = await create('admin', '70B3D57ED0000106');
		expect(blocked.status).toBe(400);
		expect(errorName(blocked)).toBe('pkg/identityserver/blocklist:forbidden_id');
		expect(blocked.body.details[0].attributes).toEqual({ id: 'admin' });
	});

	it('enforces the application server addresses', async () => {
		const pinnedKey = sim.createApiKey({
			owner: { application: 'pinned' },
			rights: ['RIGHT_APPLICATION_ALL'],
		}).key;
		const body = otaaDeviceBody('pinned', 'pinned-dev', '70B3D57ED0000107');
		Object.assign(body.end_device, { network_server_address: 'nam1.cloud.thethings.network' });
		const response = await api(sim, 'POST', '/applications/pinned/devices', {
			key: pinnedKey,
			body,
		});
		expect(response.status).toBe(400);
		expect(errorName(response)).toBe('pkg/identityserver:network_server_address_mismatch');
		expect(response.body.details[0].attributes).toEqual({
			address: 'nam1.cloud.thethings.network',
			expected: 'eu1.cloud.thethings.network',
		});
	});

	// is/end_device_registry.go: createEndDevice calls validateEndDeviceServerAddressMatch, whose
	// getHost drops a `scheme://` and a port and compares the rest as written; updateEndDevice
	// does not check the addresses.
	it('compares the host of each address as written, on create only', async () => {
		const pinnedKey = sim.createApiKey({
			owner: { application: 'pinned' },
			rights: ['RIGHT_APPLICATION_ALL'],
		}).key;
		const createPinned = (deviceId: string, devEui: string, address: string) => {
			const body = otaaDeviceBody('pinned', deviceId, devEui);
			Object.assign(body.end_device, { network_server_address: address });
			return api(sim, 'POST', '/applications/pinned/devices', { key: pinnedKey, body });
		};
		expect(
			(await createPinned('port-dev', '70B3D57ED0000121', 'eu1.cloud.thethings.network:1884'))
				.status,
		).toBe(200);
		const upperCase = await createPinned(
			'case-dev',
			'70B3D57ED0000122',
			'EU1.cloud.thethings.network',
		);
		expect(errorName(upperCase)).toBe('pkg/identityserver:network_server_address_mismatch');
		const moved = await api(sim, 'PUT', '/applications/pinned/devices/port-dev', {
			key: pinnedKey,
			body: {
				end_device: {
					ids: { device_id: 'port-dev', application_ids: { application_id: 'pinned' } },
					network_server_address: 'nam1.cloud.thethings.network',
				},
				field_mask: { paths: ['network_server_address'] },
			},
		});
		expect(moved.status).toBe(200);
		expect(moved.body.network_server_address).toBe('nam1.cloud.thethings.network');
		const schemed = await startSimulator({
			seed: {
				applications: [
					{ applicationId: 'schemed', networkServerAddress: 'https://eu1.example.com' },
				],
			},
		});
		try {
			const schemedKey = schemed.createApiKey({
				owner: { application: 'schemed' },
				rights: ['RIGHT_APPLICATION_ALL'],
			}).key;
			const body = otaaDeviceBody('schemed', 'dev', '70B3D57ED0000123');
			Object.assign(body.end_device, { network_server_address: 'eu1.example.com:8884' });
			const created = await api(schemed, 'POST', '/applications/schemed/devices', {
				key: schemedKey,
				body,
			});
			expect(created.status).toBe(200);
		} finally {
			await schemed.close();
		}
	});

	it('returns only ids, created_at and updated_at plus the masked fields on get', async () => {
		await create('get-1', '70B3D57ED0000108', { name: 'Get', description: 'described' });
		const bare = await api(sim, 'GET', '/applications/app1/devices/get-1', { key });
		expect(Object.keys(bare.body).sort()).toEqual(['created_at', 'ids', 'updated_at']);
		const masked = await api(sim, 'GET', '/applications/app1/devices/get-1?field_mask=name', {
			key,
		});
		expect(masked.body.name).toBe('Get');
		expect(masked.body.description).toBeUndefined();
		const forbidden = await api(
			sim,
			'GET',
			'/applications/app1/devices/get-1?field_mask=frequency_plan_id',
			{ key },
		);
		expect(errorName(forbidden)).toBe('pkg/rpcmiddleware/validator:field_mask_paths');
		expect(forbidden.body.details[0].attributes).toEqual({
			forbidden_paths: ['frequency_plan_id'],
		});
		const missing = await api(sim, 'GET', '/applications/app1/devices/nope', { key });
		expect(missing.status).toBe(404);
		expect(errorName(missing)).toBe('pkg/identityserver/store:end_device_not_found');
	});

	it('updates masked fields; an empty mask only touches updated_at', async () => {
		await create('upd-1', '70B3D57ED0000109', { name: 'Before' });
		const noMask = await api(sim, 'PUT', '/applications/app1/devices/upd-1', {
			key,
			body: {
				end_device: {
					ids: { device_id: 'upd-1', application_ids: { application_id: 'app1' } },
					name: 'Ignored',
				},
			},
		});
		expect(noMask.status).toBe(200);
		const afterNoMask = await api(sim, 'GET', '/applications/app1/devices/upd-1?field_mask=name', {
			key,
		});
		expect(afterNoMask.body.name).toBe('Before');
		const masked = await api(sim, 'PUT', '/applications/app1/devices/upd-1', {
			key,
			body: {
				end_device: {
					ids: { device_id: 'upd-1', application_ids: { application_id: 'app1' } },
					name: 'After',
				},
				field_mask: 'name',
			},
		});
		expect(masked.body.name).toBe('After');
		const forbidden = await api(sim, 'PUT', '/applications/app1/devices/upd-1', {
			key,
			body: {
				end_device: { ids: { device_id: 'upd-1', application_ids: { application_id: 'app1' } } },
				field_mask: { paths: ['ids.dev_eui'] },
			},
		});
		expect(errorName(forbidden)).toBe('pkg/rpcmiddleware/validator:field_mask_paths');
	});

	it('lists with limit, page, order and X-Total-Count', async () => {
		const listKey = sim.createApiKey({
			owner: { application: 'paged' },
			rights: ['RIGHT_APPLICATION_ALL'],
		}).key;
		sim.createApplication({ applicationId: 'paged' });
		for (const id of ['c-dev', 'a-dev', 'b-dev']) {
			sim.createDevice({ applicationId: 'paged', deviceId: id, name: id.toUpperCase() });
		}
		const first = await api(sim, 'GET', '/applications/paged/devices?limit=2&page=1', {
			key: listKey,
		});
		expect(first.headers.get('x-total-count')).toBe('3');
		expect(
			first.body.end_devices.map((d: { ids: { device_id: string } }) => d.ids.device_id),
		).toEqual(['a-dev', 'b-dev']);
		const second = await api(sim, 'GET', '/applications/paged/devices?limit=2&page=2', {
			key: listKey,
		});
		expect(
			second.body.end_devices.map((d: { ids: { device_id: string } }) => d.ids.device_id),
		).toEqual(['c-dev']);
		const descending = await api(
			sim,
			'GET',
			'/applications/paged/devices?order=-name&field_mask=name',
			{ key: listKey },
		);
		expect(descending.body.end_devices.map((d: { name: string }) => d.name)).toEqual([
			'C-DEV',
			'B-DEV',
			'A-DEV',
		]);
		const empty = await api(sim, 'GET', '/applications/paged/devices?limit=2&page=5', {
			key: listKey,
		});
		expect(empty.body).toEqual({});
		expect(empty.headers.get('x-total-count')).toBe('3');
	});

	it('filters by updated_since on POST …/devices/filter', async () => {
		sim.createApplication({ applicationId: 'filtered' });
		const filterKey = sim.createApiKey({
			owner: { application: 'filtered' },
			rights: ['RIGHT_APPLICATION_ALL'],
		}).key;
		sim.createDevice({ applicationId: 'filtered', deviceId: 'old-dev' });
		const cut = new Date(Date.now() + 5).toISOString();
		await new Promise((resolve) => setTimeout(resolve, 10));
		sim.createDevice({ applicationId: 'filtered', deviceId: 'new-dev' });
		const response = await api(sim, 'POST', '/applications/filtered/devices/filter', {
			key: filterKey,
			body: { filters: [{ updated_since: cut }], limit: 10 },
		});
		expect(response.status).toBe(200);
		expect(
			response.body.end_devices.map((d: { ids: { device_id: string } }) => d.ids.device_id),
		).toEqual(['new-dev']);
		expect(response.headers.get('x-total-count')).toBe('1');
		const offset = await api(sim, 'POST', '/applications/filtered/devices/filter', {
			key: filterKey,
			body: { filters: [{ updated_since: '2024-01-01T00:00:00+02:00' }] },
		});
		expect(offset.status).toBe(400);
	});

	it('batch gets and batch deletes 1 to 20 devices, skipping missing ones', async () => {
		await create('batch-1', '70B3D57ED0000110');
		await create('batch-2', '70B3D57ED0000111');
		const got = await api(
			sim,
			'GET',
			'/applications/app1/devices/batch?device_ids=batch-1&device_ids=missing&device_ids=batch-2&field_mask=name',
			{ key },
		);
		expect(got.status).toBe(200);
		expect(
			got.body.end_devices.map((d: { ids: { device_id: string } }) => d.ids.device_id),
		).toEqual(['batch-1', 'batch-2']);
		const tooMany = Array.from({ length: 21 }, (_, index) => `device_ids=d${index}xx`).join('&');
		expect(
			(await api(sim, 'GET', `/applications/app1/devices/batch?${tooMany}`, { key })).status,
		).toBe(400);
		const deleted = await api(
			sim,
			'DELETE',
			'/applications/app1/devices/batch?device_ids=batch-1&device_ids=missing',
			{ key },
		);
		expect(deleted.status).toBe(200);
		expect((await api(sim, 'GET', '/applications/app1/devices/batch-1', { key })).status).toBe(404);
		expect((await api(sim, 'GET', '/applications/app1/devices/batch-2', { key })).status).toBe(200);
	});

	it('deletes a device and frees its EUIs', async () => {
		await create('del-1', '70B3D57ED0000112');
		expect((await api(sim, 'DELETE', '/applications/app1/devices/del-1', { key })).status).toBe(
			200,
		);
		expect((await api(sim, 'DELETE', '/applications/app1/devices/del-1', { key })).status).toBe(
			404,
		);
		expect((await create('del-2', '70B3D57ED0000112')).status).toBe(200);
	});

	it('searches devices with X-Total-Count', async () => {
		await create('search-temp-1', '70B3D57ED0000113', { name: 'Kitchen sensor' });
		await create('search-temp-2', '70B3D57ED0000114', { name: 'Garage sensor' });
		const response = await api(
			sim,
			'GET',
			'/search/applications/app1/devices?name_contains=kitchen&field_mask=name',
			{ key },
		);
		expect(response.status).toBe(200);
		expect(response.body.end_devices).toHaveLength(1);
		expect(response.body.end_devices[0].name).toBe('Kitchen sensor');
		expect(response.headers.get('x-total-count')).toBe('1');
		const byEui = await api(
			sim,
			'GET',
			'/search/applications/app1/devices?dev_eui_contains=70b3d57ed0000114',
			{ key },
		);
		expect(byEui.body.end_devices[0].ids.device_id).toBe('search-temp-2');
	});

	// pkg/identityserver/bunstore/entity_search.go SearchEndDevices: `query` is matched against
	// device_id, dev_eui, join_eui, name and description.
	it('matches the query against the EUIs too', async () => {
		await create('query-eui', '70B3D57ED00001A7', { name: 'Boiler room' });
		const byQuery = await api(sim, 'GET', '/search/applications/app1/devices?query=ed00001a7', {
			key,
		});
		expect(
			byQuery.body.end_devices.map(
				(device: { ids: { device_id: string } }) => device.ids.device_id,
			),
		).toEqual(['query-eui']);
	});

	it('issues DevEUIs from the application block', async () => {
		const first = await api(sim, 'POST', '/applications/app1/dev-eui', { key });
		const second = await api(sim, 'POST', '/applications/app1/dev-eui', { key });
		expect(first.body.dev_eui).toMatch(/^[0-9A-F]{16}$/);
		expect(second.body.dev_eui).not.toBe(first.body.dev_eui);
	});

	// pkg/identityserver/application_registry.go issueDevEUI and bunstore/eui_store.go
	// IssueDevEUIForApplication: the rights first, then the configured block and its
	// per-application limit.
	it('refuses to issue DevEUIs without a configured block, and beyond the application limit', async () => {
		const withoutBlock = await startSimulator({
			devEuiBlock: false,
			seed: { applications: [{ applicationId: 'app1' }] },
		});
		const limited = await startSimulator({
			devEuiBlock: { applicationLimit: 1 },
			seed: { applications: [{ applicationId: 'app1' }] },
		});
		try {
			const issue = (target: Simulator, withKey?: string) =>
				api(target, 'POST', '/applications/app1/dev-eui', { key: withKey });
			const notEnabled = await issue(
				withoutBlock,
				withoutBlock.createApiKey({ owner: { application: 'app1' }, rights: ['RIGHT_ALL'] }).key,
			);
			expect(notEnabled.status).toBe(400);
			expect(errorName(notEnabled)).toBe('pkg/identityserver:dev_eui_issuing_not_enabled');
			expect(errorName(await issue(withoutBlock))).toBe('pkg/auth/rights:no_application_rights');
			const limitedKey = limited.createApiKey({
				owner: { application: 'app1' },
				rights: ['RIGHT_ALL'],
			}).key;
			expect((await issue(limited, limitedKey)).status).toBe(200);
			const reached = await issue(limited, limitedKey);
			expect(reached.status).toBe(400);
			expect(errorName(reached)).toBe('pkg/identityserver/store:application_dev_eui_limit_reached');
			expect(reached.body.details[0].attributes).toEqual({ dev_eui_limit: 1 });
			// The rights are asked for with soft-deleted applications included; the store then does
			// not find a deleted one.
			limited.createApplication({ applicationId: 'gone' });
			const goneKey = limited.createApiKey({
				owner: { application: 'gone' },
				rights: ['RIGHT_ALL'],
			});
			await api(limited, 'DELETE', '/applications/gone', { key: goneKey.key });
			const gone = await api(limited, 'POST', '/applications/gone/dev-eui', { key: goneKey.key });
			expect(errorName(gone)).toBe('pkg/identityserver/store:application_not_found');
		} finally {
			await withoutBlock.close();
			await limited.close();
		}
	});
});
