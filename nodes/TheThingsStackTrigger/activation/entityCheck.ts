import type { ITriggerFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { TtsRequest } from '../../shared/transport';
import { ttsApiRequest } from '../../shared/transport';
import type { WatchedEntity } from './watchedEntities';
import { describeEntity } from './watchedEntities';

/**
 * Fails when a watched entity does not exist. The event stream itself cannot tell: for an admin
 * key it streams nothing for an unknown ID, for other keys it answers "no rights". Only the
 * public field `ids` is asked for, which TTS returns to any authenticated caller
 * (pkg/identityserver/application_registry.go getApplication, PublicApplicationFields); any
 * answer but 404 leaves the decision to the stream.
 */
export async function ensureEntitiesExist(
	this: ITriggerFunctions,
	entities: WatchedEntity[],
): Promise<void> {
	await Promise.all(entities.map(async (entity) => await ensureEntityExists.call(this, entity)));
}

async function ensureEntityExists(this: ITriggerFunctions, entity: WatchedEntity): Promise<void> {
	try {
		await ttsApiRequest.call(this, lookupRequest(entity));
	} catch (error) {
		if ((error as { httpCode?: string }).httpCode !== '404') return;
		throw new NodeOperationError(this.getNode(), `The ${describeEntity(entity)} does not exist`, {
			description:
				'Check the ID, and that the credential points at the server and tenant where it is registered.',
		});
	}
}

function lookupRequest(entity: WatchedEntity): TtsRequest {
	const qs = { field_mask: 'ids' };
	switch (entity.kind) {
		case 'application':
			return {
				method: 'GET',
				path: '/applications/{application_id}',
				pathParams: { application_id: entity.applicationId },
				qs,
			};
		case 'device':
			return {
				method: 'GET',
				path: '/applications/{application_id}/devices/{device_id}',
				pathParams: { application_id: entity.applicationId, device_id: entity.deviceId },
				qs,
			};
		case 'gateway':
			return {
				method: 'GET',
				path: '/gateways/{gateway_id}',
				pathParams: { gateway_id: entity.gatewayId },
				qs,
			};
	}
}
