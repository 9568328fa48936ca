import { randomBytes } from 'crypto';

// api/ttn/lorawan/v3/lorawan.proto MACVersion / PHYVersion, as the API writes them.
export const MAC_VERSIONS = [
	{ name: 'LoRaWAN Specification 1.0.0', value: 'MAC_V1_0' },
	{ name: 'LoRaWAN Specification 1.0.1', value: 'MAC_V1_0_1' },
	{ name: 'LoRaWAN Specification 1.0.2', value: 'MAC_V1_0_2' },
	{ name: 'LoRaWAN Specification 1.0.3', value: 'MAC_V1_0_3' },
	{ name: 'LoRaWAN Specification 1.0.4', value: 'MAC_V1_0_4' },
	{ name: 'LoRaWAN Specification 1.1.0', value: 'MAC_V1_1' },
] as const;

export type MacVersion = (typeof MAC_VERSIONS)[number]['value'];

export const PHY_VERSIONS = [
	{ name: 'TS001 Technical Specification 1.0.0', value: 'PHY_V1_0' },
	{ name: 'TS001 Technical Specification 1.0.1', value: 'PHY_V1_0_1' },
	{ name: 'RP001 Regional Parameters 1.0.2', value: 'PHY_V1_0_2_REV_A' },
	{ name: 'RP001 Regional Parameters 1.0.2 Revision B', value: 'PHY_V1_0_2_REV_B' },
	{ name: 'RP001 Regional Parameters 1.0.3 Revision A', value: 'PHY_V1_0_3_REV_A' },
	{ name: 'RP001 Regional Parameters 1.1 Revision A', value: 'PHY_V1_1_REV_A' },
	{ name: 'RP001 Regional Parameters 1.1 Revision B', value: 'PHY_V1_1_REV_B' },
	{ name: 'RP002 Regional Parameters 1.0.0', value: 'RP002_V1_0_0' },
	{ name: 'RP002 Regional Parameters 1.0.1', value: 'RP002_V1_0_1' },
	{ name: 'RP002 Regional Parameters 1.0.2', value: 'RP002_V1_0_2' },
	{ name: 'RP002 Regional Parameters 1.0.3', value: 'RP002_V1_0_3' },
	{ name: 'RP002 Regional Parameters 1.0.4', value: 'RP002_V1_0_4' },
] as const;

export type PhyVersion = (typeof PHY_VERSIONS)[number]['value'];

const RP002_VERSIONS = PHY_VERSIONS.map((version) => version.value).filter((value) =>
	value.startsWith('RP002_'),
);

// The regional parameters a LoRaWAN version may be used with, as the Console offers them
// (pkg/webui/console/components/lorawan-version-input/index.js phyVersionsMap, read from the PHY
// side). The Network Server checks no pair at all (pkg/networkserver/grpc_deviceregistry.go Set
// validates each version alone, and the PHY version against the band), so nothing the Console
// offers may be refused here.
const PHY_VERSIONS_BY_MAC: Record<MacVersion, readonly PhyVersion[]> = {
	MAC_V1_0: ['PHY_V1_0'],
	MAC_V1_0_1: ['PHY_V1_0_1'],
	MAC_V1_0_2: ['PHY_V1_0_2_REV_A', 'PHY_V1_0_2_REV_B'],
	MAC_V1_0_3: ['PHY_V1_0_3_REV_A'],
	MAC_V1_0_4: PHY_VERSIONS.map((version) => version.value),
	MAC_V1_1: ['PHY_V1_1_REV_A', 'PHY_V1_1_REV_B', ...RP002_VERSIONS],
};

// Input aliases the API accepts (pkg/ttnpb/lorawan_json.pb.go MACVersion_customvalue and the
// PHYVersion equivalents): "1.0.3", "V1_0_3", "MAC_V1_0_3"; "RP001_V1_0_3_REV_A", "1.0.3-a".
const MAC_ALIASES: Record<string, MacVersion> = {
	'1.0': 'MAC_V1_0',
	'1.0.0': 'MAC_V1_0',
	'1.0.1': 'MAC_V1_0_1',
	'1.0.2': 'MAC_V1_0_2',
	'1.0.3': 'MAC_V1_0_3',
	'1.0.4': 'MAC_V1_0_4',
	'1.1': 'MAC_V1_1',
	'1.1.0': 'MAC_V1_1',
};

const PHY_ALIASES: Record<string, PhyVersion> = {
	'1.0': 'PHY_V1_0',
	'1.0.0': 'PHY_V1_0',
	TS001_V1_0: 'PHY_V1_0',
	'1.0.1': 'PHY_V1_0_1',
	TS001_V1_0_1: 'PHY_V1_0_1',
	'1.0.2': 'PHY_V1_0_2_REV_A',
	'1.0.2-a': 'PHY_V1_0_2_REV_A',
	RP001_V1_0_2: 'PHY_V1_0_2_REV_A',
	'1.0.2-b': 'PHY_V1_0_2_REV_B',
	RP001_V1_0_2_REV_B: 'PHY_V1_0_2_REV_B',
	'1.0.3-a': 'PHY_V1_0_3_REV_A',
	RP001_V1_0_3_REV_A: 'PHY_V1_0_3_REV_A',
	'1.1-a': 'PHY_V1_1_REV_A',
	RP001_V1_1_REV_A: 'PHY_V1_1_REV_A',
	'1.1-b': 'PHY_V1_1_REV_B',
	RP001_V1_1_REV_B: 'PHY_V1_1_REV_B',
};

/** Reads a LoRaWAN version as users write it (`1.0.3`, `MAC_V1_0_3`, `V1_0_3`). */
export function parseMacVersion(value: unknown): MacVersion | undefined {
	const text = String(value ?? '').trim();
	if (text === '') return undefined;
	const upper = text.toUpperCase();
	const canonical = upper.startsWith('MAC_')
		? upper
		: upper.startsWith('V')
			? `MAC_${upper}`
			: undefined;
	if (canonical && MAC_VERSIONS.some((version) => version.value === canonical)) {
		return canonical as MacVersion;
	}
	return MAC_ALIASES[text];
}

/** Reads a regional parameters version as users write it (`PHY_V1_0_3_REV_A`, `RP001_V1_0_3_REV_A`, `RP002-1.0.3`, `1.0.3-a`). */
export function parsePhyVersion(value: unknown): PhyVersion | undefined {
	const text = String(value ?? '').trim();
	if (text === '') return undefined;
	const upper = text.toUpperCase().replace(/-/g, '_').replace(/\./g, '_');
	const direct = PHY_VERSIONS.find((version) => version.value === upper);
	if (direct) return direct.value;
	const rp002 = /^RP002_(?:V)?(1_0_[0-4])$/.exec(upper);
	if (rp002) return `RP002_V${rp002[1]}` as PhyVersion;
	return PHY_ALIASES[text] ?? PHY_ALIASES[upper];
}

export function phyVersionsForMac(mac: MacVersion): readonly PhyVersion[] {
	return PHY_VERSIONS_BY_MAC[mac];
}

export function isLoRaWAN11(mac: MacVersion): boolean {
	return mac === 'MAC_V1_1';
}

/** LoRaWAN ≥ 1.0.4 ABP devices must have a DevEUI (pkg/specification/macspec RequireDevEUIForABP). */
export function requiresDevEuiForAbp(mac: MacVersion): boolean {
	return mac === 'MAC_V1_0_4' || mac === 'MAC_V1_1';
}

/** Strips the separators people paste with hex values (spaces, colons, dashes, 0x) and upper-cases. */
export function normalizeHex(value: unknown): string {
	return String(value ?? '')
		.trim()
		.replace(/^0x/i, '')
		.replace(/[\s:-]/g, '')
		.toUpperCase();
}

/** Why `value` is not `bytes` bytes of hex, or undefined. */
export function findHexProblem(label: string, value: string, bytes: number): string | undefined {
	if (value === '') return `${label} is empty`;
	if (!/^[0-9A-F]*$/.test(value)) return `${label} "${value}" is not hexadecimal`;
	if (value.length !== bytes * 2) {
		return `${label} "${value}" has ${value.length} hex digits; it needs ${bytes * 2} (${bytes} bytes)`;
	}
	return undefined;
}

export function randomHex(bytes: number): string {
	return randomBytes(bytes).toString('hex').toUpperCase();
}

export const EUI_BYTES = 8;
export const KEY_BYTES = 16;
export const DEV_ADDR_BYTES = 4;
