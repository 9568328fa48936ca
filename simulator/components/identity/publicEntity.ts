import { pickPaths } from '../../encoding/fieldMask';
import { isJsonObject, JsonObject } from '../../encoding/json';
import type { EntityKind } from './entityKinds';

/**
 * pkg/ttnpb/fieldmask_utils.go HasOnlyAllowedFields: every requested path is a public field or
 * lies below one.
 */
export function hasOnlyPublicFields(kind: EntityKind, paths: readonly string[]): boolean {
	return paths.every((path) =>
		kind.publicFields.some((field) => path === field || path.startsWith(`${field}.`)),
	);
}

/**
 * pkg/ttnpb/public.go PublicSafe: the public fields of an entity as a caller without the INFO
 * right may see them; a gateway shows its server address only with status_public and its
 * antenna locations only with location_public.
 */
export function publicSafe(kind: EntityKind, entity: JsonObject): JsonObject {
	const safe = pickPaths(entity, kind.publicFields);
	if (kind.type === 'gateway') {
		if (safe.status_public !== true) delete safe.gateway_server_address;
		if (safe.location_public !== true && Array.isArray(safe.antennas)) {
			safe.antennas = safe.antennas.map((antenna) => {
				if (!isJsonObject(antenna)) return antenna;
				const withoutLocation = { ...antenna };
				delete withoutLocation.location;
				return withoutLocation;
			});
		}
	}
	return safe;
}
