import type { IDataObject } from 'n8n-workflow';

import type { StorageTarget } from '../../shared/delivery/recoveryPlan';

export type WatchedEntity =
	| { kind: 'application'; applicationId: string }
	| { kind: 'device'; applicationId: string; deviceId: string }
	| { kind: 'gateway'; gatewayId: string };

/** The EntityIdentifiers of a watched entity, as `POST /api/v3/events` takes them. */
export function identifiersOf(entity: WatchedEntity): IDataObject {
	switch (entity.kind) {
		case 'application':
			return { application_ids: { application_id: entity.applicationId } };
		case 'device':
			return deviceIdentifiers(entity.applicationId, entity.deviceId);
		case 'gateway':
			return { gateway_ids: { gateway_id: entity.gatewayId } };
	}
}

export function deviceIdentifiers(applicationId: string, deviceId: string): IDataObject {
	return {
		device_ids: { device_id: deviceId, application_ids: { application_id: applicationId } },
	};
}

/** `application "my-app"`, `device "dev-1" of application "my-app"`, `gateway "gw-1"`. */
export function describeEntity(entity: WatchedEntity): string {
	switch (entity.kind) {
		case 'application':
			return `application "${entity.applicationId}"`;
		case 'device':
			return `device "${entity.deviceId}" of application "${entity.applicationId}"`;
		case 'gateway':
			return `gateway "${entity.gatewayId}"`;
	}
}

/** `application:app1`, `device:app1/dev1`, `gateway:gw1`: as eventKeys.ts names entities. */
export function entityKeyOf(entity: WatchedEntity): string {
	switch (entity.kind) {
		case 'application':
			return `application:${entity.applicationId}`;
		case 'device':
			return `device:${entity.applicationId}/${entity.deviceId}`;
		case 'gateway':
			return `gateway:${entity.gatewayId}`;
	}
}

/**
 * Where stored uplinks of the watched entities are read: each watched application, and each
 * watched device whose application is not watched as a whole. Gateways have none.
 */
export function storageTargetsOf(entities: readonly WatchedEntity[]): StorageTarget[] {
	const applications = new Set(
		entities.flatMap((entity) => (entity.kind === 'application' ? [entity.applicationId] : [])),
	);
	const targets: StorageTarget[] = [...applications].map((applicationId) => ({ applicationId }));
	for (const entity of entities) {
		if (entity.kind !== 'device' || applications.has(entity.applicationId)) continue;
		targets.push({ applicationId: entity.applicationId, deviceId: entity.deviceId });
	}
	return targets;
}
