import type { JsonObject } from '../../encoding/json';
import type { ErrorId } from '../../errors/catalog';
import { ttsError } from '../../errors/ttsError';
import { stringAt } from '../common/messageFields';

const addressFields: Array<[string, ErrorId]> = [
	['network_server_address', 'pkg/identityserver:network_server_address_mismatch'],
	['application_server_address', 'pkg/identityserver:application_server_address_mismatch'],
	['join_server_address', 'pkg/identityserver:join_server_address_mismatch'],
];

function hostOf(address: string): string {
	return address.replace(/:\d+$/, '').toLowerCase();
}

/**
 * pkg/identityserver/end_device_registry.go: when the application pins a server address, a
 * device's address must have the same host.
 */
export function checkServerAddresses(
	application: JsonObject,
	device: JsonObject,
	paths?: readonly string[],
): void {
	for (const [field, error] of addressFields) {
		if (paths && !paths.includes(field)) continue;
		const expected = stringAt(application, field);
		const address = stringAt(device, field);
		if (expected && address && hostOf(expected) !== hostOf(address)) {
			throw ttsError(error, { address, expected });
		}
	}
}
