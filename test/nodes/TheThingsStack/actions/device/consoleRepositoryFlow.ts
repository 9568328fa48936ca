import type { Simulator } from '../../../../../simulator';
import type { JsonObject, JsonValue } from '../../../../../simulator/encoding/json';
import { allowedFieldMaskPaths } from '../../../../../simulator/spec/fieldMasks';
import { endDeviceFieldMap } from '../../../../../nodes/shared/generated/endDeviceFieldMap';
import { api } from '../../../../simulator/helpers';

/**
 * The Console's "Select the end device in the LoRaWAN Device Repository" registration, step by
 * step as its source does it, for comparison with the node:
 * 1. the template of brand, model, firmware and band, by the SDK's application route
 *    (sdk/js/src/service/devices/repository.js getTemplate);
 * 2. the form takes the template's field_mask paths from its end_device, and keeps its own
 *    version_ids (device-onboarding-form/type-form-section/repository-form-section);
 * 3. the SDK turns the device into field-mask paths (util/marshaler.js fieldMaskFromPatch over the
 *    Update/Set paths of the four registries), splits them by the device entity map
 *    (service/devices/split.js splitSetPaths), and creates the device on the Identity Server, then
 *    sets it on the Network, Application and Join Server (split.js makeRequests).
 */

export interface ConsoleRegistration {
	applicationId: string;
	deviceId: string;
	devEui: string;
	joinEui: string;
	appKey: string;
	versionIds: Record<string, string>;
	frequencyPlanId: string;
	/** The stack's host, as the Console's configuration names the servers. */
	host: string;
	/** ABP: the device address and session keys the provisioning section takes. */
	session?: JsonObject;
}

function get(source: JsonValue | undefined, path: string): JsonValue | undefined {
	let node = source;
	for (const key of path.split('.')) {
		if (!node || typeof node !== 'object' || Array.isArray(node)) return undefined;
		node = node[key];
	}
	return node;
}

function set(target: JsonObject, path: string, value: JsonValue | undefined): void {
	const keys = path.split('.');
	let node = target;
	for (const key of keys.slice(0, -1)) {
		if (!node[key] || typeof node[key] !== 'object') node[key] = {};
		node = node[key] as JsonObject;
	}
	if (value !== undefined) node[keys[keys.length - 1]] = value;
}

/** marshaler.js fieldMaskFromPatch: each leaf (arrays whole) at the deepest allowed path. */
function fieldMaskFromPatch(patch: JsonObject, allowed: Set<string>): string[] {
	const paths: string[] = [];
	const visit = (value: JsonValue, path: string[]) => {
		if (value && typeof value === 'object' && !Array.isArray(value)) {
			for (const [key, child] of Object.entries(value)) visit(child, [...path, key]);
			return;
		}
		for (let length = path.length; length >= 0; length--) {
			const candidate = path.slice(0, length).join('.');
			if (allowed.has(candidate)) {
				if (!paths.includes(candidate)) paths.push(candidate);
				break;
			}
		}
	};
	visit(patch, []);
	return paths;
}

/** split.js splitSetPaths by device-entity-map.json (generated into endDeviceFieldMap). */
function splitSetPaths(paths: string[]): Record<'is' | 'ns' | 'as' | 'js', string[]> {
	const tree = { is: [] as string[], ns: [] as string[], as: [] as string[], js: [] as string[] };
	for (const path of paths) {
		const set = endDeviceFieldMap[path]?.set;
		if (!set || set === 'read_only') continue;
		for (const component of set) tree[component].push(path);
	}
	return tree;
}

function pick(device: JsonObject, paths: string[], base: JsonObject = {}): JsonObject {
	const result: JsonObject = structuredClone(base);
	for (const path of paths) set(result, path, get(device, path));
	return result;
}

export async function registerLikeTheConsole(
	sim: Simulator,
	key: string,
	registration: ConsoleRegistration,
): Promise<void> {
	const { applicationId, versionIds } = registration;
	const template = await api(
		sim,
		'GET',
		`/dr/applications/${applicationId}/brands/${versionIds.brand_id}/models/${versionIds.model_id}/${versionIds.firmware_version}/${versionIds.band_id}/template`,
		{ key },
	);
	if (template.status !== 200) throw new Error(`template: ${template.text}`);
	const fill: JsonObject = {};
	for (const path of template.body.field_mask.paths as string[]) {
		set(fill, path, get(template.body.end_device, path));
	}
	const device: JsonObject = JSON.parse(
		JSON.stringify({
			...fill,
			version_ids: versionIds,
			ids: {
				device_id: registration.deviceId,
				dev_eui: registration.devEui,
				join_eui: registration.joinEui,
			},
			...(registration.session
				? { session: registration.session }
				: { root_keys: { app_key: { key: registration.appKey } } }),
			frequency_plan_id: registration.frequencyPlanId,
			network_server_address: registration.host,
			application_server_address: registration.host,
			...(registration.session ? {} : { join_server_address: registration.host }),
		}),
	);
	const allowed = new Set(
		[
			'EndDeviceRegistry.Update',
			'NsEndDeviceRegistry.Set',
			'AsEndDeviceRegistry.Set',
			'JsEndDeviceRegistry.Set',
		].flatMap((rpc) => [...(allowedFieldMaskPaths(rpc) ?? [])]),
	);
	const tree = splitSetPaths(fieldMaskFromPatch(device, allowed));
	const created = await api(sim, 'POST', `/applications/${applicationId}/devices`, {
		key,
		body: {
			end_device: pick(device, tree.is, { ids: device.ids }),
			field_mask: { paths: tree.is },
		},
	});
	if (created.status !== 200) throw new Error(`IS create: ${created.text}`);
	// split.js makeRequests: no Join Server request for a device that does not join.
	const components = registration.session ? (['ns', 'as'] as const) : (['ns', 'as', 'js'] as const);
	for (const component of components) {
		const response = await api(
			sim,
			'PUT',
			`/${component}/applications/${applicationId}/devices/${registration.deviceId}`,
			{
				key,
				body: { end_device: pick(device, tree[component]), field_mask: { paths: tree[component] } },
			},
		);
		if (response.status !== 200) throw new Error(`${component} set: ${response.text}`);
	}
}
