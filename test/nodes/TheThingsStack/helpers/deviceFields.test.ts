import {
	findUnsettablePaths,
	mergeDevices,
	pickPaths,
	setPaths,
	splitGetPaths,
	splitSetPaths,
} from '../../../../nodes/TheThingsStack/helpers/deviceFields';

describe('setPaths', () => {
	it('descends while the API knows the deeper path, keeping maps and unknown depths whole', () => {
		expect(
			setPaths({
				name: 'x',
				attributes: { building: 'a', floor: '2' },
				root_keys: { app_key: { key: '00' } },
				mac_settings: { rx1_delay: 'RX_DELAY_5', supports_32_bit_f_cnt: { value: true } },
				locations: { user: { latitude: 1 } },
			}).sort(),
		).toEqual(
			[
				'attributes',
				'locations',
				'mac_settings.rx1_delay',
				'mac_settings.supports_32_bit_f_cnt.value',
				'name',
				'root_keys.app_key.key',
			].sort(),
		);
	});

	it('skips undefined values', () => {
		expect(setPaths({ name: undefined, description: 'd' })).toEqual(['description']);
	});
});

describe('splitSetPaths', () => {
	it('sends each field to the servers that store it, and ids to none', () => {
		expect(
			splitSetPaths([
				'ids.device_id',
				'name',
				'network_server_address',
				'root_keys.app_key.key',
				'frequency_plan_id',
				'session.dev_addr',
				'session.keys.app_s_key.key',
				'session.keys.f_nwk_s_int_key.key',
				'formatters.up_formatter',
				'version_ids.brand_id',
			]),
		).toEqual({
			is: ['name', 'network_server_address', 'version_ids.brand_id'],
			js: ['network_server_address', 'root_keys.app_key.key'],
			ns: [
				'frequency_plan_id',
				'session.dev_addr',
				'session.keys.f_nwk_s_int_key.key',
				'version_ids.brand_id',
			],
			as: [
				'session.dev_addr',
				'session.keys.app_s_key.key',
				'formatters.up_formatter',
				'version_ids.brand_id',
			],
		});
	});
});

describe('splitGetPaths', () => {
	it('reads each field from one server, preferring the Identity Server', () => {
		expect(
			splitGetPaths([
				'name',
				'frequency_plan_id',
				'root_keys',
				'formatters',
				'version_ids',
				'session',
			]),
		).toEqual({
			is: ['name', 'version_ids'],
			js: ['root_keys'],
			ns: ['frequency_plan_id'],
			as: ['formatters', 'session'],
		});
	});
});

describe('findUnsettablePaths', () => {
	it('names unknown and read-only fields', () => {
		expect(
			findUnsettablePaths(['name', 'colour', 'power_state', 'created_at', 'ids.dev_addr']),
		).toEqual([
			{ path: 'colour', message: '"colour" is not a field of an end device' },
			{ path: 'power_state', message: '"power_state" is read-only' },
		]);
	});
});

describe('pickPaths', () => {
	it('copies the chosen paths and the ids', () => {
		const device = {
			ids: { device_id: 'd' },
			name: 'n',
			root_keys: { app_key: { key: 'K' } },
			frequency_plan_id: 'EU',
		};
		expect(pickPaths(device, ['root_keys.app_key.key'])).toEqual({
			ids: { device_id: 'd' },
			root_keys: { app_key: { key: 'K' } },
		});
	});
});

describe('mergeDevices', () => {
	it('deep-merges views, first source wins, zero timestamps ignored', () => {
		expect(
			mergeDevices(
				{ ids: { device_id: 'd' }, created_at: '2024-01-01T00:00:00Z', name: 'n' },
				{
					ids: { device_id: 'd', dev_addr: '01020304' },
					created_at: '0001-01-01T00:00:00Z',
					session: { dev_addr: '01020304' },
				},
				undefined,
				{ name: 'other', formatters: { up_formatter: 'FORMATTER_NONE' } },
			),
		).toEqual({
			ids: { device_id: 'd', dev_addr: '01020304' },
			created_at: '2024-01-01T00:00:00Z',
			name: 'n',
			session: { dev_addr: '01020304' },
			formatters: { up_formatter: 'FORMATTER_NONE' },
		});
	});

	it('does not share nested objects with its sources', () => {
		const source = { session: { keys: { app_s_key: { key: 'A' } } } };
		const merged = mergeDevices(source);
		(merged.session as { keys: { app_s_key: { key: string } } }).keys.app_s_key.key = 'changed';
		expect(source.session.keys.app_s_key.key).toBe('A');
	});
});
