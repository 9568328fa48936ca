import type { JsonObject } from '../../encoding/json';

/** TTS omits empty repeated fields: an empty list answers `{}`. */
export function listResponse(field: string, items: JsonObject[]): JsonObject {
	return items.length > 0 ? { [field]: items } : {};
}
