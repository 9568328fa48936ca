import type { JsonObject } from '../../encoding/json';
import type { ErrorId } from '../../errors/catalog';
import { TtsError, ttsError } from '../../errors/ttsError';
import { stringAt } from './messageFields';

/**
 * The key of a device's JoinEUI/DevEUI pair in a registry's unique index; a device without both
 * EUIs has none.
 */
export function euiPairKey(ids: JsonObject): string | undefined {
	const joinEui = stringAt(ids, 'join_eui');
	const devEui = stringAt(ids, 'dev_eui');
	return joinEui && devEui ? `${joinEui}:${devEui}` : undefined;
}

/**
 * `end_device_euis_taken` naming the device that holds the pair: the IS's
 * (is/end_device_registry.go createEndDevice) and the NS, AS and JS registries'
 * (pkg/internal/registry/errors.go UniqueEUIViolationErr) share the attributes.
 */
export function endDeviceEuisTaken(id: ErrorId, ids: JsonObject, holderUid: string): TtsError {
	const [applicationId, deviceId] = holderUid.split('.');
	return ttsError(id, {
		join_eui: stringAt(ids, 'join_eui'),
		dev_eui: stringAt(ids, 'dev_eui'),
		device_id: deviceId,
		application_id: applicationId,
	});
}
