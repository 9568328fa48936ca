import {
	entityBasics,
	readAttributes,
	readEui,
	readPosition,
	readServerAddress,
} from '../../../../nodes/TheThingsStack/helpers/entityInput';
import { keyInfoOf } from '../../../../nodes/TheThingsStack/helpers/owner';

describe('entityBasics', () => {
	it('keeps the given name, description and attributes', () => {
		expect(
			entityBasics({
				name: 'Farm',
				description: '',
				attributes: { attribute: [{ name: 'site', value: 'north' }] },
			}),
		).toEqual({ name: 'Farm', description: '', attributes: { site: 'north' } });
		expect(entityBasics({})).toEqual({});
	});

	it('enforces the Identity Server length limits', () => {
		expect(() => entityBasics({ name: 'x'.repeat(51) })).toThrow(
			'Name is 51 characters long; at most 50 are allowed',
		);
		expect(() => entityBasics({ description: 'x'.repeat(2001) })).toThrow(/at most 2000/);
	});
});

describe('readAttributes', () => {
	it('reads the fixed collection and plain objects', () => {
		expect(readAttributes({ attribute: [{ name: ' floor ', value: 3 }] })).toEqual({ floor: '3' });
		expect(readAttributes({ floor: '3', room: 'b12' })).toEqual({ floor: '3', room: 'b12' });
		expect(readAttributes({})).toEqual({});
	});

	it('refuses keys, values and counts TTS refuses', () => {
		expect(() => readAttributes({ Floor: '1' })).toThrow(/Attribute name "Floor" is not valid/);
		expect(() => readAttributes({ ab: '1' })).toThrow(/Attribute name "ab" is not valid/);
		expect(() => readAttributes({ note: 'x'.repeat(201) })).toThrow(
			/201 characters long; at most 200/,
		);
		expect(() =>
			readAttributes(Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`key-${i}`, 'v']))),
		).toThrow('There are 11 attributes; at most 10 are allowed');
		expect(() =>
			readAttributes({
				attribute: [
					{ name: 'key', value: 'a' },
					{ name: 'key', value: 'b' },
				],
			}),
		).toThrow('Attribute "key" is given twice');
	});
});

describe('readServerAddress', () => {
	it('stores a host with an optional port, dropping scheme and path', () => {
		expect(readServerAddress('Address', 'eu1.cloud.thethings.network')).toBe(
			'eu1.cloud.thethings.network',
		);
		expect(readServerAddress('Address', 'https://tts.example.com:8886/console')).toBe(
			'tts.example.com:8886',
		);
	});

	it('refuses what is not a host', () => {
		expect(() => readServerAddress('Gateway Server Address', 'my server')).toThrow(
			/^Gateway Server Address "my server" is not a host name/,
		);
		expect(() => readServerAddress('Address', '')).toThrow(/is not a host name/);
	});
});

describe('readEui and readPosition', () => {
	it('normalises EUIs and rejects wrong lengths', () => {
		expect(readEui('Gateway EUI', 'b8-27-eb-ff-fe-00-00-01')).toBe('B827EBFFFE000001');
		expect(() => readEui('Gateway EUI', 'B827')).toThrow(
			'Gateway EUI "B827" has 4 hex digits; it needs 16 (8 bytes)',
		);
	});

	it('reads positions and rounds the altitude to whole meters', () => {
		expect(readPosition({ position: { latitude: '52.1', longitude: 5, altitude: 10.6 } })).toEqual({
			latitude: 52.1,
			longitude: 5,
			altitude: 11,
		});
		expect(readPosition({})).toBeUndefined();
		expect(() => readPosition({ position: { latitude: 0, longitude: 181 } })).toThrow(
			/Longitude "181" is not valid/,
		);
	});
});

describe('keyInfoOf', () => {
	it('finds the entity an API key belongs to, and whether its user is an admin', () => {
		expect(
			keyInfoOf({ api_key: { entity_ids: { organization_ids: { organization_id: 'acme' } } } }),
		).toEqual({ entityType: 'organization', entityId: 'acme', isAdmin: false });
		expect(
			keyInfoOf({ api_key: { entity_ids: { user_ids: { user_id: 'root' } } }, is_admin: true }),
		).toEqual({ entityType: 'user', entityId: 'root', isAdmin: true });
		expect(keyInfoOf({ oauth_access_token: { user_ids: { user_id: 'bob' } } })).toEqual({
			entityType: 'user',
			entityId: 'bob',
			isAdmin: false,
		});
		expect(keyInfoOf({})).toEqual({ isAdmin: false });
	});
});
