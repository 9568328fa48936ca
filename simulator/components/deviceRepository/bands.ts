/**
 * lorawan-devices region names and the band IDs of The Things Stack
 * (pkg/devicerepository/store/remote/enums.go regionToBandID, bandIDToRegion). A profile listed
 * under another region name is keyed by the empty band ID.
 */
export const regionToBandId: Record<string, string> = {
	'EU863-870': 'EU_863_870',
	'US902-928': 'US_902_928',
	'CN779-787': 'CN_779_787',
	EU433: 'EU_433',
	'AU915-928': 'AU_915_928',
	'CN470-510': 'CN_470_510',
	'CN470-510-20-A': 'CN_470_510_20_A',
	'CN470-510-20-B': 'CN_470_510_20_B',
	'CN470-510-26-A': 'CN_470_510_26_A',
	'CN470-510-26-B': 'CN_470_510_26_B',
	AS923: 'AS_923',
	'AS923-2': 'AS_923_2',
	'AS923-3': 'AS_923_3',
	'AS923-4': 'AS_923_4',
	'KR920-923': 'KR_920_923',
	'IN865-867': 'IN_865_867',
	'RU864-870': 'RU_864_870',
};

const knownBandIds = new Set(Object.values(regionToBandId));

/** Whether the Device Repository knows the band (enums.go bandIDToRegion). */
export function isRepositoryBand(bandId: string): boolean {
	return knownBandIds.has(bandId);
}
