import {
	CLUSTER_EVENT_NAMES,
	IDENTITY_SERVER_EVENT_NAMES,
} from '../../shared/generated/eventNames';

export type EventHost = 'identityServer' | 'cluster';

const identityServerNames = new Set(IDENTITY_SERVER_EVENT_NAMES);
const clusterNames = new Set(CLUSTER_EVENT_NAMES);

export const ALL_EVENT_NAMES: readonly string[] = [
	...IDENTITY_SERVER_EVENT_NAMES,
	...CLUSTER_EVENT_NAMES,
];

// For names this package does not know (a newer stack), the Identity Server's event families.
const IDENTITY_SERVER_PREFIXES = [
	'account.',
	'application.',
	'client.',
	'end_device.',
	'gateway.',
	'invitation.',
	'oauth.',
	'organization.',
	'user.',
];

/** Whether the name is one The Things Stack defines (as of the catalog's release). */
export function isKnownEventName(name: string): boolean {
	return identityServerNames.has(name) || clusterNames.has(name);
}

/** The server that publishes an event: the Identity Server or the cluster. */
export function hostOfEvent(name: string): EventHost {
	if (identityServerNames.has(name)) return 'identityServer';
	if (clusterNames.has(name)) return 'cluster';
	return IDENTITY_SERVER_PREFIXES.some((prefix) => name.startsWith(prefix))
		? 'identityServer'
		: 'cluster';
}

// Device events defined WithPropagateToParent, which an application subscription receives
// (pkg/events/basic/subscription.go matchIdentifiers). Sources: pkg/applicationserver/observability.go
// (every as.* event but the three below), pkg/joinserver/observability.go (js.join.*),
// pkg/networkserver/observability.go (ns.up.join.process and the *.fail events listed here),
// pkg/networkserver/grpc_deviceregistry.go (ns.end_device.*), pkg/identityserver (end_device.*).
const APPLICATION_SERVER_NOT_PROPAGATED = new Set([
	'as.up.data.receive',
	'as.up.join.receive',
	'as.down.data.forward',
]);
const NETWORK_SERVER_PROPAGATED = new Set([
	'ns.up.join.process',
	'ns.up.join.cluster.fail',
	'ns.up.join.interop.fail',
	'ns.down.data.schedule.fail',
	'ns.down.join.schedule.fail',
	'ns.down.transmission.fail',
	'ns.down.rx.parameters.fail',
]);

/**
 * Whether an application subscription misses this event: a device event that is not propagated
 * to its application. Such events are only delivered to a subscription that names the device.
 * Names not known to propagate count as not propagating, since naming the devices as well costs
 * nothing but a longer request.
 */
export function needsDeviceSubscription(name: string): boolean {
	if (name.startsWith('as.')) return APPLICATION_SERVER_NOT_PROPAGATED.has(name);
	if (name.startsWith('ns.')) {
		return !NETWORK_SERVER_PROPAGATED.has(name) && !name.startsWith('ns.end_device.');
	}
	if (name.startsWith('js.')) return !name.startsWith('js.join.');
	return name.startsWith('dcs.end_device.');
}

/**
 * The known names a `/regex/` filter matches. TTS compiles it with Go's RE2; JavaScript reads the
 * common syntax the same way. Undefined when JavaScript cannot compile it.
 */
export function namesMatchingPattern(pattern: string): string[] | undefined {
	const expression = compilePattern(pattern);
	return expression ? ALL_EVENT_NAMES.filter((name) => expression.test(name)) : undefined;
}

/** `/^as\.up\./` → the RegExp, or undefined when it is not a pattern JavaScript can compile. */
export function compilePattern(pattern: string): RegExp | undefined {
	if (!isPattern(pattern)) return undefined;
	try {
		return new RegExp(pattern.slice(1, -1));
	} catch {
		return undefined;
	}
}

/** Whether a name filter is a regular expression (`/…/`) rather than an exact name. */
export function isPattern(name: string): boolean {
	return name.length >= 2 && name.startsWith('/') && name.endsWith('/');
}
