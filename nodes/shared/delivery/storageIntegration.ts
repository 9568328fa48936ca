import type { IDataObject } from 'n8n-workflow';

import type { TtsContext } from '../transport';
import { ttsApiRequest } from '../transport';
import type { StorageStatus, StorageTarget } from './recoveryPlan';

/** The application package name of the Storage Integration (docs integrations/storage/enable.md). */
export const STORAGE_PACKAGE = 'storage-integration';

// A TTS without the package registry answers 404 (service not registered, grpc-gateway) or
// 501 (Unimplemented): the same for the trigger as an application without the integration.
const NO_PACKAGES_STATUS = new Set(['404', '501']);

/**
 * Whether the Storage Integration keeps the uplinks of an application (a default association,
 * `GET /as/applications/{id}/packages/associations`) or of one device (its own association).
 * Never throws: a key without RIGHT_APPLICATION_SETTINGS_PACKAGES or a failed request gives
 * `unknown`, with the reason.
 */
export async function findStorageIntegration(
	this: TtsContext,
	target: StorageTarget,
): Promise<StorageStatus> {
	try {
		const defaults = await ttsApiRequest.call(this, {
			method: 'GET',
			path: '/as/applications/{application_id}/packages/associations',
			pathParams: { application_id: target.applicationId },
			qs: { field_mask: 'package_name', limit: 100 },
		});
		if (hasStoragePackage(defaults.defaults)) return { state: 'available' };
		if (target.deviceId === undefined) {
			return { state: 'absent', reason: 'the Storage Integration is not enabled' };
		}
		const own = await ttsApiRequest.call(this, {
			method: 'GET',
			path: '/as/applications/{application_id}/devices/{device_id}/packages/associations',
			pathParams: { application_id: target.applicationId, device_id: target.deviceId },
			qs: { field_mask: 'package_name', limit: 100 },
		});
		if (hasStoragePackage(own.associations)) return { state: 'available' };
		return { state: 'absent', reason: 'the Storage Integration is not enabled' };
	} catch (error) {
		const status = (error as { httpCode?: unknown }).httpCode;
		if (typeof status === 'string' && NO_PACKAGES_STATUS.has(status)) {
			return {
				state: 'absent',
				reason: `the server offers no Storage Integration (HTTP ${status})`,
			};
		}
		if (status === '403') {
			return {
				state: 'unknown',
				reason:
					'the API key may not read the application packages (RIGHT_APPLICATION_SETTINGS_PACKAGES), so the Storage Integration could not be checked',
			};
		}
		return {
			state: 'unknown',
			reason: `the Storage Integration could not be checked (${(error as Error).message})`,
		};
	}
}

function hasStoragePackage(associations: unknown): boolean {
	return (
		Array.isArray(associations) &&
		associations.some(
			(association) => (association as IDataObject | null)?.package_name === STORAGE_PACKAGE,
		)
	);
}
