import type { JsonObject } from '../encoding/json';
import { endDeviceUid } from './records';

/** f_port -> association, as the AS package registry keeps them per application or device. */
export type AssociationsByPort = Map<number, JsonObject>;

/**
 * The Application Server's package associations of one tenant
 * (pkg/applicationserver/io/packages/redis/registry.go): default associations per application,
 * associations per end device, each keyed by f_port.
 */
export class PackageAssociations {
	/** Application id -> ApplicationPackageDefaultAssociation by f_port. */
	readonly defaults = new Map<string, AssociationsByPort>();
	/** End device uid -> ApplicationPackageAssociation by f_port. */
	readonly devices = new Map<string, AssociationsByPort>();

	defaultsOf(applicationId: string): AssociationsByPort {
		return portsOf(this.defaults, applicationId);
	}

	deviceOf(applicationId: string, deviceId: string): AssociationsByPort {
		return portsOf(this.devices, endDeviceUid(applicationId, deviceId));
	}

	/**
	 * The packages an end device's upstream messages go to: pkg/applicationserver/io/packages/
	 * packages.go findAssociations collects the device's associations and its application's
	 * default associations by package name, so a package handles each message once.
	 */
	packagesOf(applicationId: string, deviceId: string): Set<string> {
		const names = new Set<string>();
		const collect = (associations: AssociationsByPort | undefined) =>
			associations?.forEach((association) => names.add(String(association.package_name ?? '')));
		collect(this.devices.get(endDeviceUid(applicationId, deviceId)));
		collect(this.defaults.get(applicationId));
		return names;
	}
}

function portsOf(map: Map<string, AssociationsByPort>, key: string): AssociationsByPort {
	let ports = map.get(key);
	if (!ports) {
		ports = new Map();
		map.set(key, ports);
	}
	return ports;
}
