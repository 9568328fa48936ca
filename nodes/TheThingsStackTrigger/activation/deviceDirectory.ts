import type { IDataObject, ITriggerFunctions } from 'n8n-workflow';

import { ttsApiRequestAllItems } from '../../shared/transport';
import { deviceIdentifiers } from './watchedEntities';

const REFRESH_AFTER_MS = 30_000;

/**
 * The devices of watched applications, named in the subscription so that device events TTS does
 * not propagate to applications still arrive. Listed again before every connection, so devices
 * added later are included from the next reconnect on (lists are reused for REFRESH_AFTER_MS, so
 * that a burst of reconnects does not list them each time); when listing fails, the last list is
 * used.
 */
export class DeviceDirectory {
	private readonly known = new Map<string, { identifiers: IDataObject[]; listedAtMs: number }>();

	constructor(private readonly context: ITriggerFunctions) {}

	/** Lists the devices of the applications; throws the first failure. */
	async load(applicationIds: readonly string[]): Promise<void> {
		await Promise.all(applicationIds.map(async (applicationId) => await this.list(applicationId)));
	}

	/** Device identifiers of the applications, listed afresh or, failing that, as last known. */
	async identifiers(applicationIds: readonly string[]): Promise<IDataObject[]> {
		const lists = await Promise.all(
			applicationIds.map(async (applicationId) => {
				const known = this.known.get(applicationId);
				if (known && Date.now() - known.listedAtMs < REFRESH_AFTER_MS) return known.identifiers;
				try {
					return await this.list(applicationId);
				} catch (error) {
					this.context.logger.warn(
						`The Things Stack Trigger could not list the devices of application "${applicationId}" (${(error as Error).message}); device events that are not passed on to the application may be missing until it can`,
					);
					return known?.identifiers ?? [];
				}
			}),
		);
		return lists.flat();
	}

	private async list(applicationId: string): Promise<IDataObject[]> {
		const devices = await ttsApiRequestAllItems.call(this.context, {
			method: 'GET',
			path: '/applications/{application_id}/devices',
			pathParams: { application_id: applicationId },
			listKey: 'end_devices',
		});
		const identifiers = devices
			.map((device) => (device.ids as IDataObject | undefined)?.device_id)
			.filter((deviceId): deviceId is string => typeof deviceId === 'string')
			.map((deviceId) => deviceIdentifiers(applicationId, deviceId));
		this.known.set(applicationId, { identifiers, listedAtMs: Date.now() });
		return identifiers;
	}
}
