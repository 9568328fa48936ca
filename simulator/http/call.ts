import type { IncomingMessage, ServerResponse } from 'node:http';
import { CallerRights } from '../auth/callerRights';
import { authenticate } from '../auth/credentials';
import type { JsonObject } from '../encoding/json';
import type { EventBus } from '../events/eventBus';
import type { FaultInjector } from '../faults/faultInjector';
import type { ResolvedOptions } from '../options';
import type { RateLimiter } from '../ratelimit/rateLimiter';
import type { RouteDefinition } from '../spec/routeTable';
import type { TenantRegistry, TenantState } from '../state/tenantState';
import type { ConnectionTracker } from './connectionTracker';
import type { HostKind } from './requestLog';
import type { EventStreamRegistry } from '../events/streamRegistry';

/** The shared services every handler can reach. */
export interface SimulatorServices {
	options: ResolvedOptions;
	tenants: TenantRegistry;
	events: EventBus;
	faults: FaultInjector;
	rateLimiter: RateLimiter;
	connections: ConnectionTracker;
	streams: EventStreamRegistry;
}

/** Returned by handlers that wrote a streaming response themselves. */
export const streamed = Symbol('streamed');
export type HandlerResult = JsonObject | typeof streamed;

/**
 * The proto validation rules of an RPC's request message, beyond what every request is checked
 * for (see validateRequestMessage): pkg/rpcmiddleware/validator runs them before the rate limiter
 * and the handler.
 */
export type RequestValidator = (message: JsonObject) => void;

export type Handler = ((call: Call) => HandlerResult | Promise<HandlerResult>) & {
	validateRequest?: RequestValidator;
};

/** A handler whose request message `validate` checks before the rate limit (see Dispatcher). */
export function withRequestValidation(validate: RequestValidator, handler: Handler): Handler {
	return Object.assign((call: Call) => handler(call), { validateRequest: validate });
}

/** One API call: the decoded request message plus what the handler needs to answer it. */
export class Call {
	readonly warnings: string[] = [];
	readonly responseHeaders: Record<string, string> = {};
	private callerRights: CallerRights | undefined;

	constructor(
		readonly services: SimulatorServices,
		readonly route: RouteDefinition,
		/** The request message: JSON body, path parameters and query parameters merged. */
		readonly message: JsonObject,
		readonly tenantId: string,
		readonly tenant: TenantState,
		readonly host: HostKind,
		readonly request: IncomingMessage,
		readonly response: ServerResponse,
	) {}

	get rpc(): string {
		return this.route.rpc;
	}

	/** The caller's rights; authenticates on first use, as TTS does when a handler asks for rights. */
	get caller(): CallerRights {
		if (!this.callerRights) {
			const credentials = authenticate(
				this.request.headers.authorization,
				this.tenant.identity,
				this.services.options.now(),
			);
			this.callerRights = new CallerRights(credentials, this.tenant.identity);
		}
		return this.callerRights;
	}

	/** Adds an `X-Warning` (gRPC `warning` metadata in TTS). */
	warn(text: string): void {
		this.warnings.push(text);
	}

	/** `X-Total-Count`, set by every IS list and search (pkg/identityserver/utils.go setTotalHeader). */
	setTotalCount(total: number): void {
		this.responseHeaders['X-Total-Count'] = String(total);
	}
}
