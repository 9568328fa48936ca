import { entity as entityRef } from '../../auth/callerRights';
import { isJsonObject, JsonObject } from '../../encoding/json';
import { ttsError } from '../../errors/ttsError';
import { withRequestValidation } from '../../http/call';
import { endDeviceUid } from '../../state/records';
import { arrayAt, objectAt, stringAt } from '../common/messageFields';
import { deliverToApplicationServer } from './traffic';

function requiredField(field: string, reason: string): never {
	throw ttsError('pkg/errors:validation', { field, reason, name: 'required' });
}

// lorawan.proto TxSettings, metadata.proto RxMetadata: data_rate is required, frequency at least
// 100000, every rx_metadata names its gateway (the validator, before the handler).
function validateSimulatedUplink(message: JsonObject): void {
	if (!isJsonObject(message.uplink_message)) return;
	const uplink = objectAt(message, 'uplink_message');
	const settings = objectAt(uplink, 'settings');
	if (!isJsonObject(settings.data_rate))
		requiredField('uplink_message.settings.data_rate', 'value is required');
	if (settings.frequency !== undefined && Number(settings.frequency) < 100000) {
		throw ttsError('pkg/errors:validation', {
			field: 'uplink_message.settings.frequency',
			reason: 'value must be greater than or equal to 100000',
			name: 'gte',
		});
	}
	arrayAt(uplink, 'rx_metadata').forEach((metadata, index) => {
		if (!isJsonObject(metadata) || !isJsonObject(metadata.gateway_ids)) {
			requiredField(`uplink_message.rx_metadata[${index}].gateway_ids`, 'value is required');
		}
	});
}

/**
 * `POST …/up/simulate` (pkg/applicationserver/io/grpc/grpc.go SimulateUplink): answers `{}` at
 * once and processes the message afterwards, like the AS processing pool.
 */
export const simulateUplink = withRequestValidation(validateSimulatedUplink, (call) => {
	const applicationId = stringAt(call.message, 'end_device_ids.application_ids.application_id');
	const deviceId = stringAt(call.message, 'end_device_ids.device_id');
	// Traffic already marked simulated is refused before the rights are asked for.
	if (call.message.simulated === true) throw ttsError('pkg/applicationserver/io/grpc:simulated');
	call.caller.requireFromCluster(
		entityRef('application', applicationId),
		'RIGHT_APPLICATION_TRAFFIC_UP_WRITE',
	);
	const uid = endDeviceUid(applicationId, deviceId);
	const device = call.tenant.applicationServer.devices.get(uid);
	if (device?.skip_payload_crypto === true) {
		throw ttsError('pkg/applicationserver/io/grpc:payload_crypto_skipped');
	}
	if (!isJsonObject(call.message.uplink_message)) return {};
	const uplink = objectAt(call.message, 'uplink_message');
	const { services, tenantId, tenant } = call;
	setImmediate(() =>
		deliverToApplicationServer({ services, tenantId, tenant }, uid, uplink, [], true),
	);
	return {};
});
