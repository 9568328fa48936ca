import generatedMessages from '../generated/messages.json';

// gRPC status codes (google.golang.org/grpc/codes).
export const GrpcCode = {
	Canceled: 1,
	Unknown: 2,
	InvalidArgument: 3,
	DeadlineExceeded: 4,
	NotFound: 5,
	AlreadyExists: 6,
	PermissionDenied: 7,
	ResourceExhausted: 8,
	FailedPrecondition: 9,
	Aborted: 10,
	OutOfRange: 11,
	Unimplemented: 12,
	Internal: 13,
	Unavailable: 14,
	DataLoss: 15,
	Unauthenticated: 16,
} as const;
export type GrpcCodeValue = (typeof GrpcCode)[keyof typeof GrpcCode];

// The gRPC code of every TTS error the simulator emits, from the Define* call that declares it
// in the named source file of the lorawan-stack repository.
export const errorCodes = {
	'pkg/auth:token': GrpcCode.InvalidArgument, // pkg/auth/auth.go
	'pkg/auth/rights:no_application_rights': GrpcCode.PermissionDenied, // pkg/auth/rights/require.go
	'pkg/auth/rights:insufficient_application_rights': GrpcCode.PermissionDenied,
	'pkg/auth/rights:no_gateway_rights': GrpcCode.PermissionDenied,
	'pkg/auth/rights:insufficient_gateway_rights': GrpcCode.PermissionDenied,
	'pkg/auth/rights:no_organization_rights': GrpcCode.PermissionDenied,
	'pkg/auth/rights:insufficient_organization_rights': GrpcCode.PermissionDenied,
	'pkg/auth/rights:no_user_rights': GrpcCode.PermissionDenied,
	'pkg/auth/rights:insufficient_user_rights': GrpcCode.PermissionDenied,
	'pkg/auth/rights:no_client_rights': GrpcCode.PermissionDenied,
	'pkg/auth/rights:insufficient_client_rights': GrpcCode.PermissionDenied,
	'pkg/auth/rights:no_admin': GrpcCode.PermissionDenied,
	'pkg/auth/rights:unauthenticated': GrpcCode.Unauthenticated, // pkg/auth/rights/auth_info.go
	'pkg/rpcmetadata:unauthenticated': GrpcCode.Unauthenticated, // pkg/rpcmetadata/request.go
	'pkg/identityserver:unauthenticated': GrpcCode.Unauthenticated, // entity_access.go
	'pkg/identityserver:unsupported_authorization': GrpcCode.Unauthenticated,
	'pkg/identityserver:api_key_not_found': GrpcCode.Unauthenticated,
	'pkg/identityserver:invalid_authorization': GrpcCode.Unauthenticated,
	'pkg/identityserver:token_not_found': GrpcCode.Unauthenticated,
	'pkg/identityserver:api_key_expired': GrpcCode.Unauthenticated,
	'pkg/identityserver:permission_denied': GrpcCode.PermissionDenied,
	'pkg/identityserver:search_forbidden': GrpcCode.PermissionDenied, // registry_search.go
	'pkg/identityserver:nested_organizations': GrpcCode.InvalidArgument, // organization_registry.go
	'pkg/identityserver:end_device_euis_taken': GrpcCode.AlreadyExists, // end_device_registry.go
	'pkg/identityserver:gateway_eui_taken': GrpcCode.AlreadyExists, // gateway_registry.go
	'pkg/identityserver:application_has_devices': GrpcCode.FailedPrecondition,
	'pkg/identityserver:admins_purge_applications': GrpcCode.PermissionDenied,
	'pkg/identityserver:admins_purge_gateways': GrpcCode.PermissionDenied,
	'pkg/identityserver:admins_purge_organizations': GrpcCode.PermissionDenied,
	'pkg/identityserver:admins_purge_users': GrpcCode.PermissionDenied,
	'pkg/identityserver:admins_purge_clients': GrpcCode.PermissionDenied,
	'pkg/identityserver:admins_create_gateways': GrpcCode.PermissionDenied,
	'pkg/identityserver:network_server_address_mismatch': GrpcCode.InvalidArgument,
	'pkg/identityserver:application_server_address_mismatch': GrpcCode.InvalidArgument,
	'pkg/identityserver:join_server_address_mismatch': GrpcCode.InvalidArgument,
	'pkg/identityserver:dev_eui_issuing_not_enabled': GrpcCode.InvalidArgument, // application_registry.go
	'pkg/identityserver:restore_window_expired': GrpcCode.FailedPrecondition,
	'pkg/identityserver/store:application_dev_eui_limit_reached': GrpcCode.FailedPrecondition,
	'pkg/identityserver/blocklist:forbidden_id': GrpcCode.InvalidArgument,
	'pkg/identityserver/store:application_not_found': GrpcCode.NotFound, // store/errors.go
	'pkg/identityserver/store:end_device_not_found': GrpcCode.NotFound,
	'pkg/identityserver/store:gateway_not_found': GrpcCode.NotFound,
	'pkg/identityserver/store:organization_not_found': GrpcCode.NotFound,
	'pkg/identityserver/store:user_not_found': GrpcCode.NotFound,
	'pkg/identityserver/store:client_not_found': GrpcCode.NotFound,
	'pkg/identityserver/store:api_key_not_found': GrpcCode.NotFound,
	'pkg/util/store:id_taken': GrpcCode.AlreadyExists, // pkg/util/store/error.go
	'pkg/util/store:eui_taken': GrpcCode.AlreadyExists,
	'pkg/util/store:already_exists': GrpcCode.AlreadyExists,
	// pkg/internal/registry/errors.go: the NS, AS and JS registries' unique JoinEUI/DevEUI index.
	'pkg/internal/registry:end_device_euis_taken': GrpcCode.AlreadyExists,
	'pkg/rpcmiddleware/validator:field_mask_paths': GrpcCode.InvalidArgument,
	'pkg/rpcmiddleware/validator:non_zero_path': GrpcCode.InvalidArgument,
	'pkg/networkserver:device_not_found': GrpcCode.NotFound,
	'pkg/networkserver:field_value': GrpcCode.InvalidArgument,
	'pkg/networkserver:field_is_zero': GrpcCode.InvalidArgument,
	'pkg/networkserver:device_and_frequency_plan_band_mismatch': GrpcCode.InvalidArgument,
	'pkg/networkserver:downlink_queue_capacity': GrpcCode.ResourceExhausted, // grpc_asns.go
	'pkg/applicationserver:device_not_found': GrpcCode.NotFound,
	'pkg/applicationserver:field_value': GrpcCode.InvalidArgument,
	'pkg/applicationserver:no_device_session': GrpcCode.FailedPrecondition,
	'pkg/applicationserver:no_f_port': GrpcCode.InvalidArgument,
	'pkg/applicationserver/io/grpc:payload_crypto_skipped': GrpcCode.FailedPrecondition,
	'pkg/applicationserver/io/grpc:simulated': GrpcCode.InvalidArgument,
	'pkg/applicationserver:no_payload': GrpcCode.InvalidArgument, // payload.go
	'pkg/applicationserver:formatter_script_too_large': GrpcCode.InvalidArgument, // grpc_deviceregistry.go
	'pkg/messageprocessors:formatter_not_configured': GrpcCode.FailedPrecondition, // payload.go
	'pkg/messageprocessors/javascript:input': GrpcCode.InvalidArgument, // javascript/javascript.go
	'pkg/messageprocessors/javascript:output': GrpcCode.Unknown, // errors.Define: no code
	'pkg/messageprocessors/javascript:output_errors': GrpcCode.Aborted,
	'pkg/messageprocessors/javascript:output_encoding': GrpcCode.InvalidArgument,
	'pkg/messageprocessors/cayennelpp:input': GrpcCode.InvalidArgument, // cayennelpp/cayennelpp.go
	'pkg/messageprocessors/cayennelpp:output': GrpcCode.InvalidArgument,
	'pkg/messageprocessors/devicerepository:no_version_identifiers': GrpcCode.InvalidArgument,
	'pkg/devicerepository:brand_not_found': GrpcCode.NotFound, // pkg/devicerepository/grpc.go
	'pkg/devicerepository:model_not_found': GrpcCode.NotFound,
	// pkg/devicerepository/store/remote/remote.go
	'pkg/devicerepository/store/remote:brand_not_found': GrpcCode.NotFound,
	'pkg/devicerepository/store/remote:model_not_found': GrpcCode.NotFound,
	'pkg/devicerepository/store/remote:firmware_version_not_found': GrpcCode.NotFound,
	'pkg/devicerepository/store/remote:band_not_found': GrpcCode.NotFound,
	'pkg/devicerepository/store/remote:no_profile_for_band': GrpcCode.NotFound,
	'pkg/devicerepository/store/remote:no_codec': GrpcCode.NotFound,
	'pkg/devicerepository/store/remote:no_decoder': GrpcCode.NotFound,
	'pkg/devicerepository/store/remote:no_encoder': GrpcCode.NotFound,
	'pkg/devicerepository/store:regional_parameters_version': GrpcCode.NotFound, // store/profiles.go
	'pkg/messageprocessors/normalizedpayload:field_type': GrpcCode.InvalidArgument, // uplink.go
	'pkg/messageprocessors/normalizedpayload:field_minimum': GrpcCode.DataLoss,
	'pkg/messageprocessors/normalizedpayload:field_maximum': GrpcCode.DataLoss,
	'pkg/messageprocessors/normalizedpayload:field_exclusive_maximum': GrpcCode.DataLoss,
	'pkg/messageprocessors/normalizedpayload:unknown_field': GrpcCode.InvalidArgument,
	'pkg/scripting/javascript:script_timeout': GrpcCode.DeadlineExceeded, // javascript/javascript.go
	'pkg/scripting/javascript:script': GrpcCode.Aborted,
	'pkg/scripting/javascript:runtime': GrpcCode.Aborted,
	'pkg/scripting/javascript:no_script_output': GrpcCode.Aborted,
	'pkg/scripting/javascript:entrypoint_not_found': GrpcCode.NotFound,
	'pkg/goproto:stack_depth_exceeded': GrpcCode.ResourceExhausted, // pkg/goproto/struct.go
	'pkg/cluster:peer_unavailable': GrpcCode.Unavailable, // pkg/cluster/cluster.go
	'pkg/applicationserver/io/web:template_not_found': GrpcCode.NotFound, // io/web/templates.go
	'pkg/applicationserver/io/web/sink:request': GrpcCode.Unavailable, // io/web/sink/http.go
	'pkg/applicationserver/io/web/sink:webhook_disabled': GrpcCode.Aborted, // io/web/sink/health.go
	'pkg/redis:not_found': GrpcCode.NotFound, // pkg/redis/errors.go
	'pkg/workerpool:pool_full': GrpcCode.ResourceExhausted, // pkg/workerpool/workerpool.go
	'pkg/joinserver:device_not_found': GrpcCode.NotFound,
	'pkg/joinserver:field_value': GrpcCode.InvalidArgument,
	'pkg/joinserver:field_mask': GrpcCode.InvalidArgument,
	'pkg/joinserver:no_join_eui': GrpcCode.InvalidArgument,
	'pkg/joinserver:no_dev_eui': GrpcCode.InvalidArgument,
	'pkg/joinserver/redis:read_only_field': GrpcCode.InvalidArgument, // pkg/joinserver/redis/registry.go
	'pkg/networkserver/redis:read_only_field': GrpcCode.InvalidArgument, // pkg/networkserver/redis/registry.go
	'pkg/applicationserver/redis:read_only_field': GrpcCode.InvalidArgument, // pkg/applicationserver/redis/registry.go
	'pkg/gatewayserver:not_connected': GrpcCode.NotFound, // pkg/gatewayserver/gatewayserver.go
	'pkg/events/grpc:no_identifiers': GrpcCode.InvalidArgument,
	'pkg/events:unknown_event_name': GrpcCode.InvalidArgument,
	'pkg/events:no_matching_events': GrpcCode.InvalidArgument,
	'pkg/events:invalid_regexp': GrpcCode.InvalidArgument,
	'pkg/ratelimit:rate_limit_exceeded': GrpcCode.ResourceExhausted,
	'pkg/frequencyplans:not_found': GrpcCode.NotFound,
	'pkg/band:band_not_found': GrpcCode.NotFound,
	'pkg/errors:validation': GrpcCode.InvalidArgument,
	'pkg/types:invalid_length': GrpcCode.InvalidArgument,
	'pkg/types:invalid_eui': GrpcCode.InvalidArgument,
	'pkg/types:invalid_aes_key': GrpcCode.InvalidArgument,
	'pkg/types:invalid_dev_addr': GrpcCode.InvalidArgument,
	// pkg/applicationserver/io/packages/redis/registry.go
	'pkg/applicationserver/io/packages/redis:invalid_fieldmask': GrpcCode.InvalidArgument,
} satisfies Record<string, GrpcCodeValue>;

export type ErrorId = keyof typeof errorCodes;

const messageFormats: Record<string, string> = generatedMessages.errors;

export function messageFormatOf(id: ErrorId): string {
	return messageFormats[id] ?? id;
}

// grpc-gateway's HTTPStatusFromCode (tts-api.md §9.2).
const httpStatusByCode: Record<number, number> = {
	0: 200,
	1: 499,
	2: 500,
	3: 400,
	4: 504,
	5: 404,
	6: 409,
	7: 403,
	8: 429,
	9: 400,
	10: 409,
	11: 400,
	12: 501,
	13: 500,
	14: 503,
	15: 500,
	16: 401,
};

export function httpStatusOf(code: number): number {
	return httpStatusByCode[code] ?? 500;
}
