import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { JsonValue } from '../encoding/json';
import { GrpcCode } from '../errors/catalog';
import { ApiError, isApiError, PlainStatusError, TtsError } from '../errors/ttsError';
import type { FaultRequestInfo } from '../faults/faultInjector';
import type { RouteTable } from '../spec/routeTable';
import { Call, Handler, SimulatorServices, streamed } from './call';
import {
	headersWithoutAuthorization,
	parseBodyForLog,
	queryRecord,
	readBody,
} from './requestParts';
import { writeError, writeJson } from './responses';
import { componentOfPath, isServedByEveryComponent } from './component';
import { buildRequestMessage } from './requestMessage';
import { HostKind, RequestLog, RequestLogEntry } from './requestLog';
import { validateRequestMessage } from '../components/common/validation';
import { rateLimitEntity } from '../ratelimit/rateLimitEntity';
import { tenantFromHost } from './tenantHost';

const apiPrefix = '/api/v3';

export interface DispatcherDependencies {
	services: SimulatorServices;
	routes: RouteTable;
	handlers: ReadonlyMap<string, Handler>;
	requestLog: RequestLog;
}

/**
 * Request pipeline: route, host check, faults, decode, validation, rate limit, handler, response,
 * log.
 */
export class Dispatcher {
	constructor(private readonly dependencies: DispatcherDependencies) {}

	async handle(request: IncomingMessage, response: ServerResponse, host: HostKind): Promise<void> {
		const rawBody = await readBody(request);
		const url = new URL(request.url ?? '/', 'http://simulator');
		const tenantId = tenantFromHost(request.headers.host);
		const apiPath = url.pathname.startsWith(apiPrefix)
			? url.pathname.slice(apiPrefix.length)
			: undefined;
		const component = apiPath === undefined ? 'other' : componentOfPath(apiPath);
		const logEntry: RequestLogEntry = {
			method: request.method ?? 'GET',
			path: url.pathname,
			query: queryRecord(url.searchParams),
			body: parseBodyForLog(rawBody),
			rawBody,
			headers: headersWithoutAuthorization(request),
			status: 0,
			component,
			tenant: tenantId,
			host,
		};
		response.on('finish', () => {
			logEntry.status = response.statusCode;
		});
		try {
			await this.process(request, response, host, url, apiPath, rawBody, tenantId, logEntry);
		} catch (error) {
			if (!isApiError(error)) throw error;
			writeError(response, error);
		} finally {
			// A request that got no answer (hang and drop faults) stays logged with status 0.
			if (logEntry.status === 0 && response.headersSent) logEntry.status = response.statusCode;
			this.dependencies.requestLog.add(logEntry);
		}
	}

	private async process(
		request: IncomingMessage,
		response: ServerResponse,
		host: HostKind,
		url: URL,
		apiPath: string | undefined,
		rawBody: string,
		tenantId: string,
		logEntry: RequestLogEntry,
	): Promise<void> {
		const { services, routes, handlers } = this.dependencies;
		if (apiPath === undefined) throw notFound();
		const matches = routes.matchPath(apiPath);
		if (matches.length === 0) throw notFound();
		const match = matches.find((candidate) => candidate.route.method === request.method);
		if (!match) {
			throw new PlainStatusError(GrpcCode.Unimplemented, 'Method Not Allowed', 405);
		}
		const { route } = match;
		logEntry.rpc = route.rpc;
		const component = componentOfPath(apiPath);
		if (!isServedByEveryComponent(route.rpc)) {
			// A split deployment registers only its own services; the rest is grpc-gateway's 404.
			if (host === 'cluster' && component === 'is') throw notFound();
			if (host === 'identity' && component !== 'is') throw notFound();
		}
		const faultInfo: FaultRequestInfo = {
			method: route.method,
			path: url.pathname,
			rpc: route.rpc,
			component,
			tenant: tenantId,
			applicationId: findParameter(match.parameters, 'application_id'),
			deviceId: findParameter(match.parameters, 'device_id'),
		};
		// Never answered: the response stays open until the client or close() ends the connection.
		if (services.faults.takeHang(faultInfo)) return;
		const latency = services.faults.latencyFor(faultInfo);
		if (latency > 0) await sleep(latency);
		const burstStatus = services.faults.burstFor(faultInfo);
		if (burstStatus !== undefined) throw burstError(burstStatus);
		const dropAnswer = services.faults.takeDrop(faultInfo);

		let body: JsonValue | undefined;
		if (route.body === '*' && rawBody.trim() !== '') {
			try {
				body = JSON.parse(rawBody) as JsonValue;
			} catch (error) {
				throw new PlainStatusError(
					GrpcCode.InvalidArgument,
					`invalid JSON body: ${(error as Error).message}`,
				);
			}
		}
		const decoded = buildRequestMessage(route, body, match.parameters, url.searchParams);
		if (decoded.violations.length > 0) {
			const first = decoded.violations[0];
			throw new PlainStatusError(GrpcCode.InvalidArgument, `${first.path}: ${first.message}`);
		}
		// pkg/rpcserver/rpcserver.go New: the validator interceptor runs before the rate limiter.
		const handler = handlers.get(route.rpc);
		validateRequestMessage(route.rpc, decoded.message, handler);
		const tenant = services.tenants.get(tenantId);
		const call = new Call(
			services,
			route,
			decoded.message,
			tenantId,
			tenant,
			host,
			request,
			response,
		);

		const rateLimit = services.rateLimiter.check(
			{
				fullMethod: `/ttn.lorawan.v3.${route.rpc.replace('.', '/')}`,
				stream: route.stream,
				entity: route.stream ? '' : rateLimitEntity(route.rpc, decoded.message),
				tokenId: tokenIdOf(request.headers.authorization),
				tenant: tenantId,
			},
			services.options.now(),
		);
		if (rateLimit) {
			Object.assign(call.responseHeaders, rateLimit.headers);
			for (const [name, value] of Object.entries(rateLimit.headers))
				response.setHeader(name, value);
			if (rateLimit.exceeded) throw rateLimit.exceeded;
		}
		const injected = services.faults.failureFor(faultInfo);
		if (injected) throw injected;

		if (!handler) {
			throw new PlainStatusError(
				GrpcCode.Unimplemented,
				`${route.rpc} is not implemented by the simulator`,
			);
		}
		try {
			const result = await handler(call);
			if (result === streamed) return;
			if (dropAnswer) {
				response.socket?.destroy();
				return;
			}
			writeJson(response, 200, result, call);
		} catch (error) {
			if (error instanceof TtsError && response.headersSent) {
				return;
			}
			if (dropAnswer) {
				response.socket?.destroy();
				return;
			}
			if (isApiError(error)) {
				writeError(response, error, call);
				return;
			}
			throw error;
		}
	}
}

function notFound(): PlainStatusError {
	// grpc-gateway DefaultRoutingErrorHandler for an unregistered path.
	return new PlainStatusError(GrpcCode.NotFound, 'Not Found', 404);
}

function burstError(status: number): ApiError {
	if (status === 503)
		return new PlainStatusError(GrpcCode.Unavailable, 'upstream unavailable', 503);
	if (status === 504)
		return new PlainStatusError(GrpcCode.DeadlineExceeded, 'upstream timed out', 504);
	if (status === 502) return new PlainStatusError(GrpcCode.Unavailable, 'bad gateway', 502);
	return new PlainStatusError(GrpcCode.Internal, 'internal error', status);
}

function findParameter(parameters: Record<string, string>, field: string): string | undefined {
	for (const [name, value] of Object.entries(parameters)) {
		if (name === field || name.endsWith(`.${field}`)) return value;
	}
	return undefined;
}

function tokenIdOf(authorization: string | undefined): string | undefined {
	const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
	const parts = token?.split('.');
	return parts && parts.length === 3 ? parts[1] : undefined;
}
