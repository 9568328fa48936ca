import type { ErrorId } from '../errors/catalog';
import { ErrorAttributes, TtsError, ttsError } from '../errors/ttsError';
import { seededRandom } from './seededRandom';

export type ServerComponent = 'is' | 'ns' | 'as' | 'js' | 'gs';

export interface FaultRequestInfo {
	method: string;
	path: string;
	rpc?: string;
	component: ServerComponent | 'edtc' | 'other';
	tenant: string;
	applicationId?: string;
	deviceId?: string;
}

export type LatencySetting = number | ((request: FaultRequestInfo) => number);

export interface ComponentFailure {
	component: ServerComponent;
	/** Device ids (`dev1`) or end device uids (`app1.dev1`) that fail; all requests if omitted. */
	devices?: string[];
	/** Fail this fraction (0..1) of the matching requests, drawn from `seed`. */
	fraction?: number;
	seed?: number;
	/** Only these RPCs (`NsEndDeviceRegistry.Set`). */
	rpcs?: string[];
	/** The TTS error to answer with; default `pkg/networkserver:device_not_found`-like per component. */
	error?: ErrorId;
	attributes?: ErrorAttributes;
	/** Stop after failing this many requests. */
	times?: number;
}

export interface ServerErrorBurst {
	/** The next `count` matching requests fail. */
	count: number;
	status: 500 | 502 | 503 | 504;
	component?: ServerComponent;
	rpc?: string;
}

export interface StreamCut {
	/** Destroy the connection after this many events (after the stream start message). */
	afterEvents?: number;
	/** Destroy the connection after this many body bytes, possibly in the middle of an event. */
	afterBytes?: number;
	/** How many streams to cut (default 1; Infinity for every stream). */
	times?: number;
}

/** Requests whose connection breaks: see hangRequests and dropResponses. */
export interface ConnectionFault {
	component?: ServerComponent;
	/** Only this RPC (`EndDeviceRegistry.Create`). */
	rpc?: string;
	/** Only requests for these device ids (`dev1`) or end device uids (`app1.dev1`). */
	devices?: string[];
	/** How many matching requests (default 1; Infinity for all). */
	times?: number;
}

export interface FaultHandle {
	remove(): void;
}

const defaultComponentErrors: Record<ServerComponent, ErrorId> = {
	is: 'pkg/identityserver/store:end_device_not_found',
	ns: 'pkg/networkserver:device_not_found',
	as: 'pkg/applicationserver:device_not_found',
	js: 'pkg/joinserver:device_not_found',
	gs: 'pkg/gatewayserver:not_connected',
};

interface ActiveFailure extends ComponentFailure {
	random: () => number;
	failed: number;
}

type ActiveConnectionFault = ConnectionFault & { remaining: number };

function matchesDevices(devices: string[] | undefined, request: FaultRequestInfo): boolean {
	if (!devices) return true;
	const uid = `${request.applicationId}.${request.deviceId}`;
	return (
		request.deviceId !== undefined &&
		devices.some((device) => device === request.deviceId || device === uid)
	);
}

function addConnectionFault(
	faults: Set<ActiveConnectionFault>,
	fault: ConnectionFault,
): FaultHandle {
	const active = { ...fault, remaining: fault.times ?? 1 };
	faults.add(active);
	return { remove: () => faults.delete(active) };
}

/** Takes one use of the first fault of `faults` that matches the request. */
function takeConnectionFault(
	faults: Set<ActiveConnectionFault>,
	request: FaultRequestInfo,
): boolean {
	for (const fault of faults) {
		if (fault.component && fault.component !== request.component) continue;
		if (fault.rpc && fault.rpc !== request.rpc) continue;
		if (!matchesDevices(fault.devices, request)) continue;
		fault.remaining--;
		if (fault.remaining <= 0) faults.delete(fault);
		return true;
	}
	return false;
}

/**
 * Test and benchmark controls: latency, component failures, 5xx bursts, requests that hang or
 * lose their answer, stream cuts.
 */
export class FaultInjector {
	private latency: LatencySetting = 0;
	private readonly failures = new Set<ActiveFailure>();
	private readonly bursts = new Set<ServerErrorBurst & { remaining: number }>();
	private readonly hangs = new Set<ActiveConnectionFault>();
	private readonly drops = new Set<ActiveConnectionFault>();
	private readonly streamCuts: Array<StreamCut & { remaining: number }> = [];
	maxStreamDurationMs: number | undefined;

	setLatency(latency: LatencySetting): void {
		this.latency = latency;
	}

	latencyFor(request: FaultRequestInfo): number {
		return typeof this.latency === 'function' ? this.latency(request) : this.latency;
	}

	failComponent(failure: ComponentFailure): FaultHandle {
		const active: ActiveFailure = {
			...failure,
			random: seededRandom(failure.seed ?? 1),
			failed: 0,
		};
		this.failures.add(active);
		return { remove: () => this.failures.delete(active) };
	}

	/** The error an injected component failure answers this request with, if any. */
	failureFor(request: FaultRequestInfo): TtsError | undefined {
		for (const failure of this.failures) {
			if (failure.component !== request.component) continue;
			if (failure.rpcs && (!request.rpc || !failure.rpcs.includes(request.rpc))) continue;
			if (!matchesDevices(failure.devices, request)) continue;
			if (failure.fraction !== undefined && failure.random() >= failure.fraction) continue;
			failure.failed++;
			if (failure.times !== undefined && failure.failed >= failure.times)
				this.failures.delete(failure);
			const attributes =
				failure.attributes ??
				(request.deviceId ? { device_uid: `${request.applicationId}.${request.deviceId}` } : {});
			return ttsError(failure.error ?? defaultComponentErrors[failure.component], attributes);
		}
		return undefined;
	}

	burst(burst: ServerErrorBurst): FaultHandle {
		const active = { ...burst, remaining: burst.count };
		this.bursts.add(active);
		return { remove: () => this.bursts.delete(active) };
	}

	/** The status of a pending 5xx burst that this request consumes, if any. */
	burstFor(request: FaultRequestInfo): number | undefined {
		for (const burst of this.bursts) {
			if (burst.component && burst.component !== request.component) continue;
			if (burst.rpc && burst.rpc !== request.rpc) continue;
			burst.remaining--;
			if (burst.remaining <= 0) this.bursts.delete(burst);
			return burst.status;
		}
		return undefined;
	}

	/**
	 * The matching requests are accepted and never answered, as by a server that hangs: the
	 * connection stays open until the client gives up or the simulator closes. Nothing is handled.
	 */
	hangRequests(fault: ConnectionFault = {}): FaultHandle {
		return addConnectionFault(this.hangs, fault);
	}

	/** Whether this request hangs, consuming one use of the fault. */
	takeHang(request: FaultRequestInfo): boolean {
		return takeConnectionFault(this.hangs, request);
	}

	/**
	 * The matching requests are handled (what they create or change is stored, their events are
	 * published), then the connection is closed without an answer, as when it drops on the way
	 * back: the client cannot tell whether the request took effect.
	 */
	dropResponses(fault: ConnectionFault = {}): FaultHandle {
		return addConnectionFault(this.drops, fault);
	}

	/** Whether the answer to this request is lost, consuming one use of the fault. */
	takeDrop(request: FaultRequestInfo): boolean {
		return takeConnectionFault(this.drops, request);
	}

	cutStreams(cut: StreamCut): void {
		this.streamCuts.push({ ...cut, remaining: cut.times ?? 1 });
	}

	/** The cut that applies to a stream being opened now, consuming one of its uses. */
	takeStreamCut(): StreamCut | undefined {
		const cut = this.streamCuts[0];
		if (!cut) return undefined;
		cut.remaining--;
		if (cut.remaining <= 0) this.streamCuts.shift();
		return { afterEvents: cut.afterEvents, afterBytes: cut.afterBytes };
	}

	reset(): void {
		this.latency = 0;
		this.failures.clear();
		this.bursts.clear();
		this.hangs.clear();
		this.drops.clear();
		this.streamCuts.length = 0;
		this.maxStreamDurationMs = undefined;
	}
}
