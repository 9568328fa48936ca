import type { IDataObject } from 'n8n-workflow';

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
