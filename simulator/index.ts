export { startSimulator, Simulator } from './simulator';
export type {
	ApiKeyRequest,
	CreatedApiKey,
	StorageIntegrationRequest,
	UplinkRequest,
} from './simulator';
export type { StoredApplicationUp } from './state/applicationUpStorage';
export type { SimulatorOptions, StorageIntegrationOptions } from './options';
export type {
	SeedApplication,
	SeedData,
	SeedDevice,
	SeedGateway,
	SeedOrganization,
	SeedUser,
	Owner,
} from './seed/seedTypes';
export type {
	ComponentFailure,
	FaultHandle,
	FaultRequestInfo,
	LatencySetting,
	ServerComponent,
	ServerErrorBurst,
	StreamCut,
} from './faults/faultInjector';
export type { RateLimitProfile } from './ratelimit/rateLimiter';
export type { RequestLogEntry } from './http/requestLog';
export type { EventInput, PublishedEvent } from './events/eventBus';
export type { EventStreamStats } from './events/streamRegistry';
export { checkRequest, checkRequests } from './contract/contractCheck';
export type { ContractIssue, ContractReport } from './contract/contractCheck';
export { environmentFormatterMarker } from './components/application/payloadFormatter';
export { mapLocalhostSubdomainsToLoopback } from './testing/localhostResolver';
export { demo, demoReading, demoSeed } from './seed/demoSeed';
