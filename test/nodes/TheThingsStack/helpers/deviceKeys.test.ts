import {
	generatedKeyValues,
	withoutKeys,
} from '../../../../nodes/TheThingsStack/helpers/deviceKeys';

const KEY = '00112233445566778899AABBCCDDEEFF';

describe('withoutKeys', () => {
	it('drops plaintext root and session keys, keeping key IDs and KEK labels', () => {
		const device = {
			ids: { device_id: 'dev-1' },
			root_keys: { root_key_id: 'rk', app_key: { key: KEY }, nwk_key: { key: KEY } },
			session: {
				dev_addr: '260B0001',
				keys: {
					session_key_id: 'c2Vzc2lvbg==',
					app_s_key: { key: KEY },
					f_nwk_s_int_key: { key: KEY, kek_label: 'ns' },
				},
			},
			pending_session: { keys: { app_s_key: { key: KEY } } },
		};
		expect(withoutKeys(device)).toEqual({
			ids: { device_id: 'dev-1' },
			root_keys: { root_key_id: 'rk' },
			session: {
				dev_addr: '260B0001',
				keys: { session_key_id: 'c2Vzc2lvbg==', f_nwk_s_int_key: { kek_label: 'ns' } },
			},
		});
		expect(device.root_keys.app_key.key).toBe(KEY);
	});

	it('removes what only held keys', () => {
		expect(withoutKeys({ root_keys: { app_key: { key: KEY } }, name: 'n' })).toEqual({ name: 'n' });
	});
});

describe('generatedKeyValues', () => {
	it('names each generated key with its value', () => {
		expect(
			generatedKeyValues({ root_keys: { app_key: { key: KEY } } }, [
				{ name: 'appKey', path: 'root_keys.app_key.key' },
			]),
		).toEqual({ appKey: KEY });
	});
});
