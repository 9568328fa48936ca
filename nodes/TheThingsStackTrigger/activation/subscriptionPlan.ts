import type { IDataObject } from 'n8n-workflow';

import type { EventSelection } from '../events/eventSelection';
import type { EventHost } from '../events/eventRouting';
import {
	hostOfEvent,
	isPattern,
	namesMatchingPattern,
	needsDeviceSubscription,
} from '../events/eventRouting';
import type { WatchedEntity } from './watchedEntities';
import { identifiersOf } from './watchedEntities';

/** One `POST /api/v3/events` subscription. */
export interface HostSubscription {
	host: EventHost;
	/** Name filters for this host; empty for all events. */
	names: string[];
	identifiers: IDataObject[];
	/**
	 * Watched applications whose devices must be named as well: some chosen events are not
	 * propagated from devices to their application (tts-api.md §8.1).
	 */
	deviceApplications: string[];
}

const BOTH_HOSTS: EventHost[] = ['identityServer', 'cluster'];

/**
 * Works out the streams to open. Identity Server events and cluster events come from different
 * hosts when the credential names a separate Identity Server (The Things Network, TTS Cloud):
 * then each host gets the names it publishes, and only hosts with something to send are used.
 */
export function planSubscriptions(
	entities: WatchedEntity[],
	selection: EventSelection,
	separateIdentityServer: boolean,
): HostSubscription[] {
	const identifiers = entities.map(identifiersOf);
	const applications = entities
		.filter((entity) => entity.kind === 'application')
		.map((entity) => (entity as { applicationId: string }).applicationId);
	const deviceApplications = selectsUnpropagatedEvents(selection) ? applications : [];
	if (!separateIdentityServer) {
		return [{ host: 'cluster', names: selection.filters, identifiers, deviceApplications }];
	}
	const namesByHost = new Map<EventHost, string[]>();
	for (const filter of selection.all ? [] : selection.filters) {
		for (const host of hostsOf(filter)) {
			namesByHost.set(host, [...(namesByHost.get(host) ?? []), filter]);
		}
	}
	const hosts = selection.all ? BOTH_HOSTS : BOTH_HOSTS.filter((host) => namesByHost.has(host));
	return hosts.map((host) => ({
		host,
		names: namesByHost.get(host) ?? [],
		identifiers,
		deviceApplications: host === 'cluster' ? deviceApplications : [],
	}));
}

function hostsOf(filter: string): EventHost[] {
	if (!isPattern(filter)) return [hostOfEvent(filter)];
	const matching = namesMatchingPattern(filter);
	if (!matching || matching.length === 0) return BOTH_HOSTS;
	return BOTH_HOSTS.filter((host) => matching.some((name) => hostOfEvent(name) === host));
}

function selectsUnpropagatedEvents(selection: EventSelection): boolean {
	if (selection.all) return true;
	return selection.filters.some((filter) => {
		if (!isPattern(filter)) return needsDeviceSubscription(filter);
		const matching = namesMatchingPattern(filter);
		return !matching || matching.length === 0 || matching.some(needsDeviceSubscription);
	});
}
