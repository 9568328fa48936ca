import {
	buildPath,
	componentOfPath,
	findIdProblem,
	InvalidPathError,
} from '../../../../nodes/shared/transport/paths';

describe('findIdProblem', () => {
	it.each(['my-device', 'abc', 'a1b2c3', 'x'.repeat(36), 'dev-01-a'])('accepts %s', (id) => {
		expect(findIdProblem('device_id', id)).toBeUndefined();
	});

	it.each([
		['', /Device ID is empty/],
		['ab', /not valid/],
		['My-Device', /not valid/],
		['-device', /not valid/],
		['device-', /not valid/],
		['dev--ice', /not valid/],
		['dev_ice', /not valid/],
		['dev/../x', /not valid/],
		['x'.repeat(37), /longer than 36/],
	])('rejects %j', (id, message) => {
		expect(findIdProblem('device_id', id)).toMatch(message);
	});

	it('allows two-character user IDs only', () => {
		expect(findIdProblem('user_id', 'jo')).toBeUndefined();
		expect(findIdProblem('organization_id', 'jo')).toMatch(/Organization ID "jo" is not valid/);
	});

	it('rejects values that are not strings', () => {
		expect(findIdProblem('gateway_id', undefined)).toMatch(/Gateway ID is empty/);
		expect(findIdProblem('gateway_id', 42)).toMatch(/Gateway ID is empty/);
	});
});

describe('buildPath', () => {
	it('fills validated identifiers into the template', () => {
		expect(
			buildPath('/as/applications/{application_id}/devices/{device_id}/down/push', {
				application_id: 'my-app',
				device_id: 'dev-1',
			}),
		).toBe('/as/applications/my-app/devices/dev-1/down/push');
	});

	it('fills webhook IDs, checked like the other IDs', () => {
		expect(
			buildPath('/as/webhooks/{application_id}/{webhook_id}', {
				application_id: 'my-app',
				webhook_id: 'n8n-0123abcd',
			}),
		).toBe('/as/webhooks/my-app/n8n-0123abcd');
		expect(() =>
			buildPath('/as/webhooks/{application_id}/{webhook_id}', {
				application_id: 'my-app',
				webhook_id: 'N8N',
			}),
		).toThrow(/Webhook ID "N8N" is not valid/);
	});

	it('refuses a bad identifier, naming it, before anything is sent', () => {
		expect(() =>
			buildPath('/applications/{application_id}/devices/{device_id}', {
				application_id: 'my-app',
				device_id: '../../users/admin',
			}),
		).toThrow(
			new InvalidPathError(
				'Device ID "../../users/admin" is not valid: use 3–36 lowercase letters, digits and single hyphens, not at the start or end',
			),
		);
	});

	// devicerepository.proto: brand and model IDs are entity-like IDs; identifiers.proto
	// EndDeviceVersionIdentifiers: firmware version and band are at most 32 characters.
	it('fills and encodes Device Repository IDs, versions and bands', () => {
		expect(
			buildPath('/dr/brands/{brand_id}/models/{model_id}/{firmware_version}/{band_id}/template', {
				brand_id: 'dragino',
				model_id: 'lht65',
				firmware_version: '1.0 beta+2',
				band_id: 'EU_863_870',
			}),
		).toBe('/dr/brands/dragino/models/lht65/1.0%20beta%2B2/EU_863_870/template');
	});

	it.each([
		['brand_id', 'Dragino', /Brand ID "Dragino" is not valid: use 3–36 lowercase/],
		['model_id', 'lht_65', /Model ID "lht_65" is not valid/],
		[
			'firmware_version',
			'1.0/2',
			/Firmware Version "1.0\/2" is not valid: use at most 32 characters without a slash/,
		],
		['firmware_version', '..', /Firmware Version "\.\." is not valid/],
		['firmware_version', 'v'.repeat(33), /longer than 32 characters/],
		['band_id', '', /Band ID is empty/],
	] as const)('refuses a %s of %j', (kind, value, message) => {
		expect(() => buildPath(`/dr/{${kind}}`, { [kind]: value })).toThrow(message);
	});

	it('refuses a missing identifier and an unknown placeholder', () => {
		expect(() => buildPath('/gateways/{gateway_id}', {})).toThrow('Gateway ID is empty');
		expect(() => buildPath('/things/{thing_id}', {})).toThrow(
			'Unknown path placeholder {thing_id}',
		);
	});
});

describe('componentOfPath', () => {
	it.each([
		['/as/applications/a/devices/d', 'as'],
		['/ns/applications/a/devices/d', 'ns'],
		['/js/applications/a/devices/d', 'js'],
		['/gs/gateways/g/connection/stats', 'gs'],
		['/edtc/formats', 'edtc'],
		['/dr/brands', 'is'],
		['/applications/a/devices', 'is'],
		['/auth_info', 'is'],
		['/assets/x', 'is'],
	])('%s is served by %s', (path, component) => {
		expect(componentOfPath(path)).toBe(component);
	});
});
