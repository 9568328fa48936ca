import {
	describeNetworkFailure,
	explainNetworkCode,
	readNetworkFailure,
} from '../../../../nodes/shared/transport/networkFailures';

const wrapped = (cause: object) => Object.assign(new Error('wrapped by n8n'), { cause });

describe('readNetworkFailure', () => {
	it.each([
		[
			'an axios timeout',
			wrapped({ code: 'ECONNABORTED', message: 'timeout of 500ms exceeded' }),
			{ code: 'ECONNABORTED', timedOut: true, mayHaveArrived: true },
		],
		[
			'a connection closed after sending',
			wrapped({ code: 'ECONNRESET', message: 'socket hang up' }),
			{ code: 'ECONNRESET', timedOut: false, mayHaveArrived: true },
		],
		[
			'a refused connection',
			wrapped({ code: 'ECONNREFUSED' }),
			{ code: 'ECONNREFUSED', timedOut: false, mayHaveArrived: false },
		],
		[
			'an unknown host',
			wrapped({ code: 'ENOTFOUND' }),
			{ code: 'ENOTFOUND', timedOut: false, mayHaveArrived: false },
		],
		[
			'a timeout without a code',
			wrapped({ message: 'timeout of 30000ms exceeded' }),
			{ code: undefined, timedOut: true, mayHaveArrived: true },
		],
	])('reads %s', (_, error, expected) => {
		expect(readNetworkFailure(error)).toEqual(expected);
	});
});

describe('explainNetworkCode', () => {
	it('names the host and port nothing listens on', () => {
		expect(explainNetworkCode('ECONNREFUSED', 'http://127.0.0.1:1885')).toMatch(
			/^Nothing accepts connections at 127\.0\.0\.1:1885 \(connection refused\)/,
		);
		expect(explainNetworkCode('ECONNREFUSED', 'https://tts.example.com')).toMatch(
			/tts\.example\.com:443/,
		);
	});

	it('tells a plain-HTTP server called with https:// to use http://', () => {
		expect(explainNetworkCode('EPROTO', 'https://localhost:1885')).toMatch(
			/localhost:1885 does not speak HTTPS.*write the address as http:\/\/localhost:1885/,
		);
		expect(explainNetworkCode('EPROTO', 'http://localhost:1885')).toBeUndefined();
	});

	it('points a self-signed certificate to Ignore SSL Issues', () => {
		expect(explainNetworkCode('DEPTH_ZERO_SELF_SIGNED_CERT', 'https://tts.lan')).toMatch(
			/certificate of tts\.lan is not trusted.*Ignore SSL Issues/,
		);
	});

	it('says a host name does not exist', () => {
		expect(explainNetworkCode('ENOTFOUND', 'https://eu1.cloud.thethings.nework')).toMatch(
			/The host name eu1\.cloud\.thethings\.nework does not exist/,
		);
	});
});

describe('describeNetworkFailure', () => {
	const target = 'the Identity Server at https://tts.example.com';

	it('says a timed-out request may still be carried out', () => {
		expect(
			describeNetworkFailure(
				{ code: 'ECONNABORTED', timedOut: true, mayHaveArrived: true },
				undefined,
				target,
				'https://tts.example.com',
				30_000,
			),
		).toEqual({
			message: 'The Identity Server at https://tts.example.com did not answer within 30 s',
			description:
				'It may still carry the request out. Check that the server is up; if it is only slow, raise Request Timeout in the credential.',
		});
	});

	it('keeps the code in the message of a server that could not be reached', () => {
		const described = describeNetworkFailure(
			{ code: 'ECONNREFUSED', timedOut: false, mayHaveArrived: false },
			undefined,
			target,
			'https://tts.example.com',
			30_000,
		);
		expect(described.message).toBe(
			'Could not reach the Identity Server at https://tts.example.com (ECONNREFUSED)',
		);
		expect(described.description).toMatch(/tts\.example\.com:443/);
	});
});
