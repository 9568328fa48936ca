import type { IDataObject } from 'n8n-workflow';

import type { Connection } from '../../shared/transport';
import { COMPONENT_NAMES } from '../../shared/transport';
import type { Component } from './deviceFields';

/** The cluster the credential points at, as device server addresses name it. */
export interface ClusterIdentity {
	/** Host name of the cluster base URL, e.g. `acme.eu1.cloud.thethings.industries`. */
	hostname: string;
	tenantId?: string;
}

/** The cluster's servers a device is registered on: the Join Server for OTAA devices only. */
export function clusterServersFor(activationMode: 'otaa' | 'abp'): ClusterComponent[] {
	return activationMode === 'otaa' ? ['js', 'ns', 'as'] : ['ns', 'as'];
}

export function clusterOf(connection: Connection): ClusterIdentity {
	return { hostname: new URL(connection.hosts.cluster).hostname, tenantId: connection.tenantId };
}

/** A server the device names on another host, so this cluster's server was not written. */
export interface SkippedServer {
	server: string;
	address: string;
	reason: string;
}

export type ClusterComponent = Exclude<Component, 'is'>;

export const ADDRESS_FIELDS: Record<ClusterComponent, string> = {
	js: 'join_server_address',
	ns: 'network_server_address',
	as: 'application_server_address',
};

/** Host name of a server address (`host`, `host:port`), lower case. */
function hostnameOf(address: string): string {
	return address
		.trim()
		.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
		.replace(/[/?#].*$/, '')
		.replace(/:\d+$/, '')
		.toLowerCase();
}

/**
 * Whether a device server address names this cluster. Hosts are compared without a scheme and the
 * port, as the Identity Server reads them (pkg/identityserver/end_device_registry.go getHost) and
 * the Console's SDK does (sdk/js/src/util/stack-configuration.js isSameHost, hostname only), but
 * regardless of case, as DNS names are: the Identity Server's own check, a device's address
 * against the application's on Create, compares them as written. On a multi-tenant cluster the
 * address may name the cluster without the tenant in front.
 */
export function isClusterAddress(address: string, cluster: ClusterIdentity): boolean {
	const hostname = hostnameOf(address);
	const clusterHostname = cluster.hostname.toLowerCase();
	if (hostname === clusterHostname) return true;
	return !!cluster.tenantId && `${cluster.tenantId}.${hostname}` === clusterHostname;
}

/**
 * Which of `components` a new device is registered on here, and which it names elsewhere: the
 * Console writes only to the servers whose address is its own host
 * (sdk/js/src/service/devices/index.js create: requestTree.js/ns/as are dropped when the device's
 * address is not the configured host).
 */
export function placeNewDevice(
	addresses: IDataObject,
	components: ClusterComponent[],
	cluster: ClusterIdentity,
): Placement {
	return placeByAddress(addresses, components, cluster, { emptyIsHere: false });
}

/**
 * Which of `components` an existing device has here, and which elsewhere, by its stored addresses
 * (with those the write changes). As ttn-lw-cli does (cmd/ttn-lw-cli/commands/end_devices.go
 * compareServerAddressesEndDevice, `end-devices set`), an empty Network or Application Server
 * address counts as this cluster, and an empty Join Server address as a Join Server elsewhere (an
 * external one, or a claimed device).
 */
export function placeExistingDevice(
	addresses: IDataObject,
	components: ClusterComponent[],
	cluster: ClusterIdentity,
): Placement {
	return place(components, cluster, (component) => {
		const address = addressOf(addresses, component);
		if (address === '') return component === 'js' ? '' : undefined;
		return isClusterAddress(address, cluster) ? undefined : address;
	});
}

/**
 * The server addresses a device will have after a write: the stored ones, with those the plan
 * sets, except addresses that only defaulted to this cluster (`defaulted`).
 */
export function addressesAfterWrite(
	stored: IDataObject,
	device: IDataObject,
	defaulted: readonly string[] = [],
): IDataObject {
	const addresses: IDataObject = { ...stored };
	for (const field of Object.values(ADDRESS_FIELDS)) {
		if (device[field] !== undefined && !defaulted.includes(field)) addresses[field] = device[field];
	}
	return addresses;
}

/**
 * Which of `components` a deletion touches here: all but those the device names on another host
 * (ttn-lw-cli `end-devices delete` compares the addresses first). An empty address is tried here:
 * a leftover on this cluster's server is deleted, and a server that does not hold the device
 * answers "not found".
 */
export function placeForDeletion(
	addresses: IDataObject,
	components: ClusterComponent[],
	cluster: ClusterIdentity,
): Placement {
	return placeByAddress(addresses, components, cluster, { emptyIsHere: true });
}

/** Here when the address names this cluster (or, with `emptyIsHere`, names none). */
function placeByAddress(
	addresses: IDataObject,
	components: ClusterComponent[],
	cluster: ClusterIdentity,
	{ emptyIsHere }: { emptyIsHere: boolean },
): Placement {
	return place(components, cluster, (component) => {
		const address = addressOf(addresses, component);
		return (emptyIsHere && address === '') || isClusterAddress(address, cluster)
			? undefined
			: address;
	});
}

export interface Placement {
	/** The servers on this cluster, in the order given. */
	local: ClusterComponent[];
	/** The others, with why. */
	skipped: SkippedServer[];
}

function addressOf(addresses: IDataObject, component: ClusterComponent): string {
	return String(addresses[ADDRESS_FIELDS[component]] ?? '').trim();
}

function place(
	components: ClusterComponent[],
	cluster: ClusterIdentity,
	addressElsewhere: (component: ClusterComponent) => string | undefined,
): Placement {
	const placement: Placement = { local: [], skipped: [] };
	for (const component of components) {
		const address = addressElsewhere(component);
		if (address === undefined) {
			placement.local.push(component);
			continue;
		}
		const server = COMPONENT_NAMES[component];
		placement.skipped.push({
			server,
			address,
			reason:
				address === ''
					? `The device names no ${server}: its keys are not on this cluster’s ${server} (an external ${server}, or a claimed device).`
					: `The device names ${address} as its ${server}, not this cluster (${cluster.hostname}), so this cluster’s ${server} was left alone. Use a credential for ${address} to write it there.`,
		});
	}
	return placement;
}
