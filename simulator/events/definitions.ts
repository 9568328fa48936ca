import { definedEventNameSet } from '../spec/eventNames';
import { IDENTITY_SERVER_EVENT_NAMES } from '../../nodes/shared/generated/eventNames';

export type EventHost = 'identity' | 'cluster';

export interface EventDefinition {
	/** The caller needs one of these rights on one of the event's identifiers to see it. */
	visibility: string[];
	/** Defined WithPropagateToParent: application subscriptions receive it for their devices. */
	propagateToParent: boolean;
	/** Which server publishes it: IS events come from the IS host, traffic from the cluster. */
	host: EventHost;
}

// The events the Identity Server publishes (pkg/identityserver, pkg/oauth, pkg/account), from
// the same spec data the trigger uses: served on the Identity Server host in split mode.
const identityServerEvents = new Set(IDENTITY_SERVER_EVENT_NAMES);

// pkg/applicationserver/observability.go, pkg/networkserver/observability.go,
// pkg/joinserver/observability.go, pkg/gatewayserver/observability.go,
// pkg/identityserver/*_registry.go: visibility and propagation of the events the simulator emits.
const applicationTraffic = ['RIGHT_APPLICATION_TRAFFIC_READ'];
const explicit: Record<string, Partial<EventDefinition>> = {
	'as.up.data.receive': { visibility: applicationTraffic, propagateToParent: false },
	'as.up.join.receive': { visibility: applicationTraffic, propagateToParent: false },
	'as.down.data.forward': { visibility: applicationTraffic, propagateToParent: false },
	'ns.up.data.receive': { visibility: applicationTraffic, propagateToParent: false },
	'ns.up.data.process': { visibility: applicationTraffic, propagateToParent: false },
	'ns.up.data.forward': { visibility: applicationTraffic, propagateToParent: false },
	'ns.up.join.receive': { visibility: applicationTraffic, propagateToParent: false },
	'ns.up.join.accept.forward': { visibility: applicationTraffic, propagateToParent: false },
	'ns.down.data.schedule.attempt': { visibility: applicationTraffic, propagateToParent: false },
	'ns.down.data.schedule.success': { visibility: applicationTraffic, propagateToParent: false },
	'gs.up.receive': { visibility: ['RIGHT_GATEWAY_TRAFFIC_READ'] },
	'gs.gateway.connect': { visibility: ['RIGHT_GATEWAY_LINK', 'RIGHT_GATEWAY_STATUS_READ'] },
	'gs.gateway.disconnect': { visibility: ['RIGHT_GATEWAY_LINK', 'RIGHT_GATEWAY_STATUS_READ'] },
	'gs.gateway.connection.stats': {
		visibility: ['RIGHT_GATEWAY_LINK', 'RIGHT_GATEWAY_STATUS_READ'],
	},
	'end_device.create': { visibility: ['RIGHT_APPLICATION_DEVICES_READ'] },
	'end_device.update': { visibility: ['RIGHT_APPLICATION_DEVICES_READ'] },
	'end_device.delete': { visibility: ['RIGHT_APPLICATION_DEVICES_READ'] },
	'end_device.batch.delete': { visibility: ['RIGHT_APPLICATION_DEVICES_READ'] },
};

function defaultVisibility(name: string): string[] {
	if (name.startsWith('application.api-key')) return ['RIGHT_APPLICATION_SETTINGS_API_KEYS'];
	if (name.startsWith('application.')) return ['RIGHT_APPLICATION_INFO'];
	if (name.startsWith('gateway.api-key')) return ['RIGHT_GATEWAY_SETTINGS_API_KEYS'];
	if (name.startsWith('gateway.')) return ['RIGHT_GATEWAY_INFO'];
	if (name.startsWith('organization.')) return ['RIGHT_ORGANIZATION_INFO'];
	if (name.startsWith('user.')) return ['RIGHT_USER_INFO'];
	if (name.startsWith('client.')) return ['RIGHT_CLIENT_INFO'];
	if (name.startsWith('gs.')) return ['RIGHT_GATEWAY_TRAFFIC_READ'];
	return applicationTraffic;
}

// tts-api.md §8.1: as.up.* (but receive), as.down.* (but data.forward), js.join.*,
// ns.up.join.process, the ns.*.fail events and end_device.* propagate to the application, and so
// do ns.end_device.* (pkg/networkserver/grpc_deviceregistry.go, WithPropagateToParent).
function defaultPropagation(name: string): boolean {
	return (
		name.startsWith('as.') ||
		name.startsWith('js.') ||
		name.startsWith('end_device.') ||
		name.startsWith('ns.end_device.') ||
		name === 'ns.up.join.process' ||
		(name.startsWith('ns.') && name.endsWith('.fail'))
	);
}

const cache = new Map<string, EventDefinition>();

export function eventDefinition(name: string): EventDefinition {
	const cached = cache.get(name);
	if (cached) return cached;
	const override = explicit[name] ?? {};
	const definition: EventDefinition = {
		visibility: override.visibility ?? defaultVisibility(name),
		propagateToParent: override.propagateToParent ?? defaultPropagation(name),
		host: identityServerEvents.has(name) ? 'identity' : 'cluster',
	};
	cache.set(name, definition);
	return definition;
}

export function isDefinedEventName(name: string): boolean {
	return definedEventNameSet.has(name);
}
