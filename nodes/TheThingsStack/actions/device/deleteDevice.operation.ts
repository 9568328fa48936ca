import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { getConnection } from '../../../shared/transport';
import { applicationRLC, deviceRLC } from '../../descriptions';
import type { Component } from '../../helpers/deviceFields';
import { attachErrorDetails } from '../../helpers/errors';
import type { ClusterComponent, Placement } from '../../helpers/serverPlacement';
import { ADDRESS_FIELDS, clusterOf, placeForDeletion } from '../../helpers/serverPlacement';
import type { DeviceRef } from './deviceServers';
import { deleteFromAllServers, findOnServer, remainingServers, serverName } from './deviceServers';
import { readApplicationId, readDeviceId } from './deviceInput';

const properties: INodeProperties[] = [applicationRLC, deviceRLC];

export const description = updateDisplayOptions(
	{ show: { resource: ['device'], operation: ['deleteDevice'] } },
	properties,
);

const CLUSTER_SERVERS: ClusterComponent[] = ['as', 'ns', 'js'];

export function prepare(this: IExecuteFunctions, itemIndex: number): DeviceRef {
	return {
		applicationId: readApplicationId.call(this, itemIndex),
		deviceId: readDeviceId.call(this, itemIndex),
	};
}

/**
 * Deletes the device from this cluster's Application, Network and Join Server, then from the
 * Identity Server; a server that does not hold it is fine, so half-registered devices are cleaned
 * up too. Servers the device names on another host are left alone, and then so is the Identity
 * Server entry, which lets the device be found and deleted there.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	ref: DeviceRef,
): Promise<IDataObject> {
	const placement = await placeDeletion.call(this, ref, itemIndex);
	const keepIdentityServer = placement.skipped.length > 0;
	const outcome = await deleteFromAllServers.call(this, ref, itemIndex, placement.local, {
		keepIdentityServer,
	});
	const skippedServers = new Set(placement.skipped.map((skipped) => skipped.server));
	const servers: IDataObject = {};
	for (const component of [...CLUSTER_SERVERS, 'is'] as Component[]) {
		const result = outcome.results[component];
		if (result !== undefined) {
			servers[serverName(component)] =
				typeof result === 'object' ? `failed: ${result.error}` : result;
		} else if (skippedServers.has(serverName(component))) {
			servers[serverName(component)] = 'skipped';
		} else if (component === 'is' && keepIdentityServer && !outcome.failed) {
			servers[serverName(component)] = 'kept';
		}
	}
	if (outcome.failed) {
		const left = remainingServers(outcome).map(serverName);
		throw attachErrorDetails(
			new NodeOperationError(
				this.getNode(),
				`Device "${ref.deviceId}" could not be deleted everywhere: it is still on the ${left.join(', ')}`,
				{
					itemIndex,
					description: `Per server: ${Object.entries(servers)
						.map(([server, result]) => `${server}: ${String(result)}`)
						.join(
							'; ',
						)}. The Identity Server entry is kept while other servers still hold the device, so it can be found and deleted again.`,
				},
			),
			{ servers, remainingOn: left },
		);
	}
	if (
		outcome.results.is === 'not found' &&
		Object.values(outcome.results).every((result) => result === 'not found')
	) {
		throw new NodeOperationError(
			this.getNode(),
			`Device "${ref.deviceId}" does not exist in application "${ref.applicationId}"`,
			{
				itemIndex,
				description: 'No server holds a device with this ID.',
			},
		);
	}
	return {
		application_id: ref.applicationId,
		device_id: ref.deviceId,
		deleted: !keepIdentityServer,
		servers,
		...(keepIdentityServer
			? { skipped_servers: placement.skipped as unknown as IDataObject[] }
			: {}),
	};
}

/**
 * The servers of this cluster to delete the device from, by the addresses the Identity Server
 * stores; all of them for a device the Identity Server does not hold (a leftover).
 */
async function placeDeletion(
	this: IExecuteFunctions,
	ref: DeviceRef,
	itemIndex: number,
): Promise<Placement> {
	const registration = await findOnServer.call(
		this,
		'is',
		ref,
		Object.values(ADDRESS_FIELDS),
		itemIndex,
	);
	if (!registration) return { local: [...CLUSTER_SERVERS], skipped: [] };
	return placeForDeletion(registration, CLUSTER_SERVERS, clusterOf(await getConnection.call(this)));
}
