// pkg/ttnpb/lorawan_json.pb.go MACVersion_customvalue / PHYVersion_customvalue and the enum value
// aliases of lorawan.proto: extra input spellings that TTS maps onto the canonical name.
const macVersionAliases: Record<string, string> = {
	'1.0': 'MAC_V1_0',
	'1.0.0': 'MAC_V1_0',
	'1.0.1': 'MAC_V1_0_1',
	'1.0.2': 'MAC_V1_0_2',
	'1.0.3': 'MAC_V1_0_3',
	'1.0.4': 'MAC_V1_0_4',
	'1.1': 'MAC_V1_1',
	'1.1.0': 'MAC_V1_1',
	V1_0: 'MAC_V1_0',
	V1_0_1: 'MAC_V1_0_1',
	V1_0_2: 'MAC_V1_0_2',
	V1_0_3: 'MAC_V1_0_3',
	V1_0_4: 'MAC_V1_0_4',
	V1_1: 'MAC_V1_1',
};

const phyVersionAliases: Record<string, string> = {
	TS001_V1_0: 'PHY_V1_0',
	TS001_V1_0_1: 'PHY_V1_0_1',
	RP001_V1_0_2: 'PHY_V1_0_2_REV_A',
	RP001_V1_0_2_REV_B: 'PHY_V1_0_2_REV_B',
	RP001_V1_1_REV_A: 'PHY_V1_1_REV_A',
	RP001_V1_1_REV_B: 'PHY_V1_1_REV_B',
	RP001_V1_0_3_REV_A: 'PHY_V1_0_3_REV_A',
	'1.0': 'PHY_V1_0',
	'1.0.0': 'PHY_V1_0',
	'1.0.1': 'PHY_V1_0_1',
	'1.0.2': 'PHY_V1_0_2_REV_A',
	'1.0.2-a': 'PHY_V1_0_2_REV_A',
	'1.0.2-b': 'PHY_V1_0_2_REV_B',
	'1.1-a': 'PHY_V1_1_REV_A',
	'1.1.0-a': 'PHY_V1_1_REV_A',
	'1.1-b': 'PHY_V1_1_REV_B',
	'1.1.0-b': 'PHY_V1_1_REV_B',
	'1.0.3-a': 'PHY_V1_0_3_REV_A',
	'1.0.3': 'PHY_V1_0_3_REV_A',
	'rp002-1.0.0': 'RP002_V1_0_0',
	'rp002-1.0.1': 'RP002_V1_0_1',
	'rp002-1.0.2': 'RP002_V1_0_2',
	'rp002-1.0.3': 'RP002_V1_0_3',
	'rp002-1.0.4': 'RP002_V1_0_4',
};

const aliasesByEnum: Record<string, Record<string, string>> = {
	v3MACVersion: macVersionAliases,
	v3PHYVersion: phyVersionAliases,
};

/** The canonical enum name for an input value, or undefined if TTS would not accept it. */
export function canonicalEnumValue(
	enumName: string,
	values: readonly string[],
	input: unknown,
): string | undefined {
	// Swagger lists alias names next to canonical ones, so numbers index the proto's own order.
	const numbered = canonicalValuesByEnum[enumName] ?? values;
	if (typeof input === 'number') {
		return Number.isInteger(input) && input >= 0 && input < numbered.length
			? numbered[input]
			: undefined;
	}
	if (typeof input !== 'string') return undefined;
	const alias = aliasesByEnum[enumName]?.[input];
	if (alias) return alias;
	if (values.includes(input)) return input;
	if (/^\d+$/.test(input)) return canonicalEnumValue(enumName, values, Number(input));
	return undefined;
}

export const macVersionValues = [
	'MAC_UNKNOWN',
	'MAC_V1_0',
	'MAC_V1_0_1',
	'MAC_V1_0_2',
	'MAC_V1_1',
	'MAC_V1_0_3',
	'MAC_V1_0_4',
];

export const phyVersionValues = [
	'PHY_UNKNOWN',
	'PHY_V1_0',
	'PHY_V1_0_1',
	'PHY_V1_0_2_REV_A',
	'PHY_V1_0_2_REV_B',
	'PHY_V1_1_REV_A',
	'PHY_V1_1_REV_B',
	'PHY_V1_0_3_REV_A',
	'RP002_V1_0_0',
	'RP002_V1_0_1',
	'RP002_V1_0_2',
	'RP002_V1_0_3',
	'RP002_V1_0_4',
];

const canonicalValuesByEnum: Record<string, string[]> = {
	v3MACVersion: macVersionValues,
	v3PHYVersion: phyVersionValues,
};

/** Orders MAC versions by their LoRaWAN release, not by enum number. */
export function macVersionRank(version: string): number {
	return [
		'MAC_UNKNOWN',
		'MAC_V1_0',
		'MAC_V1_0_1',
		'MAC_V1_0_2',
		'MAC_V1_0_3',
		'MAC_V1_0_4',
		'MAC_V1_1',
	].indexOf(version);
}
