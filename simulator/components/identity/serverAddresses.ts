import type { JsonObject } from '../../encoding/json';
import type { ErrorId } from '../../errors/catalog';
import { ttsError } from '../../errors/ttsError';
import { stringAt } from '../common/messageFields';

const addressFields: Array<[string, ErrorId]> = [
	['network_server_address', 'pkg/identityserver:network_server_address_mismatch'],
	['application_server_address', 'pkg/identityserver:application_server_address_mismatch'],
	['join_server_address', 'pkg/identityserver:join_server_address_mismatch'],
];

/**
 * is/end_device_registry.go getHost: the host of a `scheme://` URL (Go's url.Parse keeps its case),
 * then without the port when net.SplitHostPort accepts it; otherwise the address as written.
 */
export function hostOfAddress(address: string): string {
	let host = address;
	if (host.includes('://')) {
		const url = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/(?:[^/?#]*@)?([^/?#]*)/.exec(host);
		if (url) host = url[1];
	}
	if (host.includes(':')) {
		const split = splitHostPort(host);
		if (split !== undefined) return split;
	}
	return host;
}

/** Go's net.SplitHostPort, the host part: `host:port` with one colon, or `[host]:port`. */
function splitHostPort(hostPort: string): string | undefined {
	if (hostPort.startsWith('[')) {
		const end = hostPort.indexOf(']');
		return end > 0 && hostPort[end + 1] === ':' ? hostPort.slice(1, end) : undefined;
	}
	const host = hostPort.slice(0, hostPort.lastIndexOf(':'));
	return host.includes(':') || /[[\]]/.test(host) ? undefined : host;
}

/**
 * is/end_device_registry.go validateEndDeviceServerAddressMatch, on Create only: when the
 * application pins a server address, the device's must have the same host, compared as written.
 */
export function checkServerAddresses(application: JsonObject, device: JsonObject): void {
	for (const [field, error] of addressFields) {
		const expected = stringAt(application, field);
		const address = stringAt(device, field);
		if (expected && address && hostOfAddress(expected) !== hostOfAddress(address)) {
			throw ttsError(error, { address, expected });
		}
	}
}
