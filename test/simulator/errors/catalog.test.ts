import { errorCodes, GrpcCode, httpStatusOf } from '../../../simulator/errors/catalog';
import { ttsError } from '../../../simulator/errors/ttsError';

describe('error catalogue', () => {
	// pkg/errors/http.go httpStatusCodes, the same table grpc-gateway's HTTPStatusFromCode uses.
	it('answers each gRPC code with the HTTP status of pkg/errors/http.go', () => {
		expect(
			Object.fromEntries(
				Object.entries(GrpcCode).map(([name, code]) => [name, httpStatusOf(code)]),
			),
		).toEqual({
			Canceled: 499,
			Unknown: 500,
			InvalidArgument: 400,
			DeadlineExceeded: 504,
			NotFound: 404,
			AlreadyExists: 409,
			PermissionDenied: 403,
			ResourceExhausted: 429,
			FailedPrecondition: 400,
			Aborted: 409,
			OutOfRange: 400,
			Unimplemented: 501,
			Internal: 500,
			Unavailable: 503,
			DataLoss: 500,
			Unauthenticated: 401,
		});
	});

	// pkg/errors/errors.go Error(): `error:<namespace>:<name> (<message>)`; the gRPC status carries
	// one ErrorDetails with the public attributes and the cause.
	it('writes the gRPC status body of a TTS error with its details and cause', () => {
		const body = ttsError(
			'pkg/util/store:id_taken',
			{},
			ttsError('pkg/util/store:already_exists'),
		).toBody();
		expect(body.code).toBe(errorCodes['pkg/util/store:id_taken']);
		expect(body.message).toBe(
			'error:pkg/util/store:id_taken (ID already taken, choose a different one and try again)',
		);
		expect(body.details).toEqual([
			expect.objectContaining({
				'@type': 'type.googleapis.com/ttn.lorawan.v3.ErrorDetails',
				namespace: 'pkg/util/store',
				name: 'id_taken',
				code: 6,
				cause: expect.objectContaining({ namespace: 'pkg/util/store', name: 'already_exists' }),
			}),
		]);
		expect(body.details[0].correlation_id).toMatch(/^[0-9a-f]{32}$/);
	});
});
