import type { INode } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import {
	createApiError,
	formatMessage,
	parseTtsError,
	ttsErrorOf,
} from '../../../../nodes/shared/transport/errors';
import { ttsErrorBody } from '../../../support/scriptedServer';

const node: INode = {
	id: '1',
	name: 'The Things Stack',
	type: 'n8n-nodes-the-things-stack.theThingsStack',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

const insufficientRights = ttsErrorBody(
	'pkg/auth/rights',
	'insufficient_application_rights',
	'insufficient rights for application `{uid}`',
	7,
	{
		uid: 'my-app',
		missing: ['RIGHT_APPLICATION_DEVICES_WRITE', 'RIGHT_APPLICATION_DEVICES_WRITE_KEYS'],
	},
);

describe('formatMessage', () => {
	it('fills attributes, joining lists', () => {
		expect(
			formatMessage('device `{device_id}` has `{count}` keys: {names}', {
				device_id: 'd',
				count: 2,
				names: ['a', 'b'],
			}),
		).toBe('device `d` has `2` keys: a, b');
	});

	it('keeps placeholders without an attribute', () => {
		expect(formatMessage('rate limit of `{rate}` exceeded', {})).toBe(
			'rate limit of `{rate}` exceeded',
		);
	});
});

describe('parseTtsError', () => {
	it('reads the first ErrorDetails', () => {
		expect(parseTtsError(insufficientRights)).toMatchObject({
			id: 'pkg/auth/rights:insufficient_application_rights',
			name: 'insufficient_application_rights',
			message: 'insufficient rights for application `my-app`',
			correlationId: 'c0ffee00c0ffee00c0ffee00c0ffee00',
			grpcCode: 7,
		});
	});

	it('falls back to the envelope message without details', () => {
		expect(parseTtsError({ code: 5, message: 'error:pkg/x:y (thing not found)' })?.message).toBe(
			'thing not found',
		);
	});

	it('gives up on bodies that are not TTS errors', () => {
		expect(parseTtsError('<html>Bad gateway</html>')).toBeUndefined();
		expect(parseTtsError({ foo: 1 })).toBeUndefined();
	});
});

describe('createApiError', () => {
	const failed = (statusCode: number, body: unknown) =>
		createApiError(
			node,
			{
				statusCode,
				body,
				method: 'PUT',
				path: '/ns/applications/my-app/devices/d1',
				serverName: 'Network Server',
			},
			4,
		);

	it('says what is missing, what to do, and what to quote to support', () => {
		const error = failed(403, insufficientRights);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(
			'Insufficient rights for application `my-app` (missing: RIGHT_APPLICATION_DEVICES_WRITE, RIGHT_APPLICATION_DEVICES_WRITE_KEYS)',
		);
		expect(error.description).toContain('Add them to the key in the Console');
		expect(error.description).toContain(
			'TTS error pkg/auth/rights:insufficient_application_rights',
		);
		expect(error.description).toContain('correlation ID c0ffee00c0ffee00c0ffee00c0ffee00');
		expect(error.description).toContain(
			'PUT /api/v3/ns/applications/my-app/devices/d1 (Network Server)',
		);
		expect(error.httpCode).toBe('403');
		expect(error.context.itemIndex).toBe(4);
		expect(ttsErrorOf(error)?.name).toBe('insufficient_application_rights');
	});

	it.each([
		[
			400,
			ttsErrorBody(
				'pkg/rpcmiddleware/validator',
				'field_mask_paths',
				'forbidden path(s) in field mask',
				3,
				{
					forbidden_paths: ['ids.dev_addr'],
				},
			),
			/does not accept these fields in this call: ids\.dev_addr/,
		],
		[
			409,
			ttsErrorBody(
				'pkg/util/store',
				'id_taken',
				'ID already taken, choose a different one and try again',
				6,
			),
			/Choose another ID/,
		],
		[
			429,
			ttsErrorBody(
				'pkg/ratelimit',
				'rate_limit_exceeded',
				'rate limit of `{rate}` accesses per minute exceeded for resource `{key}`',
				8,
				{ rate: 10, key: 'k' },
			),
			/Lower the concurrency/,
		],
		[
			404,
			ttsErrorBody('pkg/networkserver', 'device_not_found', 'device not found', 5),
			/Check the ID/,
		],
		[
			400,
			ttsErrorBody(
				'pkg/applicationserver',
				'no_device_session',
				'no device session; check device activation',
				9,
			),
			/has not joined yet/,
		],
		[
			401,
			ttsErrorBody('pkg/identityserver', 'invalid_authorization', 'invalid authorization', 16),
			/knows its ID, but the rest does not match.*Paste the whole key again/,
		],
		[
			401,
			ttsErrorBody('pkg/identityserver', 'api_key_expired', 'API key expired', 16),
			/has expired\. Create a new key/,
		],
		[
			409,
			ttsErrorBody(
				'pkg/identityserver',
				'end_device_euis_taken',
				'an end device with JoinEUI `{join_eui}` and DevEUI `{dev_eui}` is already registered as `{device_id}` in application `{application_id}`',
				6,
				{
					join_eui: '0000000000000000',
					dev_eui: '70B3D57ED0000001',
					device_id: 'holder',
					application_id: 'my-app',
				},
			),
			/^Device "holder" of application "my-app" already uses JoinEUI 0000000000000000 and DevEUI 70B3D57ED0000001/,
		],
		[
			400,
			ttsErrorBody(
				'pkg/identityserver/store',
				'application_dev_eui_limit_reached',
				'application issued DevEUI limit ({dev_eui_limit}) reached',
				9,
				{ dev_eui_limit: 50 },
			),
			/all the DevEUIs the server issues per application \(50\)\. Enter the DevEUI/,
		],
	])('hints at the cause of HTTP %i', (status, body, hint) => {
		expect(failed(status, body).description).toMatch(hint);
	});

	it('gives the credential’s own advice when the key is not known, also without a TTS body', () => {
		const advice = 'The API key in the credential was not accepted: check the tenant first.';
		const unknownKey = createApiError(node, {
			statusCode: 401,
			body: ttsErrorBody('pkg/identityserver', 'api_key_not_found', 'API key not found', 16),
			method: 'GET',
			path: '/applications/my-app',
			serverName: 'Identity Server',
			rejectedKeyAdvice: advice,
		});
		expect(unknownKey.description).toMatch(new RegExp(`^${advice}`));
		const missingTenant = createApiError(node, {
			statusCode: 400,
			body: ttsErrorBody('pkg/tenant/middleware', 'missing_tenant_id', 'missing tenant ID', 3),
			method: 'GET',
			path: '/applications/my-app',
			serverName: 'Identity Server',
			rejectedKeyAdvice: advice,
		});
		expect(missingTenant.description).toMatch(new RegExp(`^${advice}`));
		const bare = createApiError(node, {
			statusCode: 401,
			body: 'Unauthorized',
			method: 'GET',
			path: '/applications/my-app',
			serverName: 'Identity Server',
			rejectedKeyAdvice: advice,
		});
		expect(bare.description).toMatch(new RegExp(`^${advice}`));
	});

	it('still makes a readable error of a body that is not TTS JSON', () => {
		const error = failed(502, '<html>Bad gateway</html>');
		expect(error.message).toBe('The Network Server answered HTTP 502');
		expect(error.httpCode).toBe('502');
	});
});
