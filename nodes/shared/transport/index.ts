export type { Connection, TtsContext } from './connection';
export { getConnection } from './connection';
export type { TtsError } from './errors';
export { createApiError, parseTtsError, ttsErrorOf } from './errors';
export type { StackHosts, TheThingsStackCredentials } from './hosts';
export { CREDENTIAL_TYPE, resolveStackHosts } from './hosts';
export type { ListRequest } from './pagination';
export { MAX_PAGE_SIZE, ttsApiRequestAllItems } from './pagination';
export type { IdKind, PathParams, StackComponent } from './paths';
export { buildPath, COMPONENT_NAMES, componentOfPath, findIdProblem, idLabel } from './paths';
export { testTheThingsStackCredential } from './credentialTest';
export { isOutcomeUnknown } from './networkFailures';
export type { TtsRequest, TtsResponse } from './request';
export { ttsApiRequest, ttsApiRequestWithResponse } from './request';
export { USER_AGENT } from './userAgent';
export { takeWarnings } from './warnings';
export type { StreamFailure, StreamServer, TtsStream, TtsStreamRequest } from './stream';
export {
	discardStream,
	forEachChunk,
	openTtsStream,
	streamFailureOf,
	withStreamFailure,
} from './stream';
export type { StreamMessage } from './streamFraming';
export { STREAM_START_EVENT, StreamFramingParser } from './streamFraming';
