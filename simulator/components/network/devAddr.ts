import type { TenantState } from '../../state/tenantState';

/** `260B0000/16`: a DevAddr prefix as the API writes it (pkg/types/devaddr.go DevAddrPrefix). */
export interface DevAddrPrefix {
	devAddr: number;
	length: number;
}

export function parseDevAddrPrefix(text: string): DevAddrPrefix {
	const match = /^([0-9A-Fa-f]{8})\/(\d{1,2})$/.exec(text);
	if (!match || Number(match[2]) > 32) throw new Error(`"${text}" is not a DevAddr prefix`);
	return { devAddr: parseInt(match[1], 16) >>> 0, length: Number(match[2]) };
}

export function formatDevAddrPrefix({ devAddr, length }: DevAddrPrefix): string {
	return `${formatDevAddr(devAddr)}/${length}`;
}

function formatDevAddr(devAddr: number): string {
	return (devAddr >>> 0).toString(16).toUpperCase().padStart(8, '0');
}

// pkg/types/devaddr.go NwkAddrBits: the NwkAddr bits of each NetID type. A DevAddr of type t
// starts with t ones and a zero, then the low bits of the NetID's NwkID fill what is left.
const nwkAddrBits = [25, 24, 20, 17, 15, 13, 10, 7];

/**
 * The prefix a Network Server without configured prefixes derives from its NetID
 * (pkg/networkserver/networkserver.go New: NewDevAddr(netID, nil) of length 32 − NwkAddrBits).
 */
export function devAddrPrefixOfNetId(netId: string): DevAddrPrefix {
	const value = parseInt(netId, 16);
	const type = value >>> 21;
	const addrBits = nwkAddrBits[type];
	const idBits = 32 - (type + 1) - addrBits;
	const nwkId = value & ((1 << idBits) - 1);
	const typePrefix = (0xff << (8 - type)) & 0xff;
	const devAddr = ((typePrefix << 24) | (nwkId << addrBits)) >>> 0;
	return { devAddr, length: 32 - addrBits };
}

/**
 * The Network Server's DevAddr prefixes: the configured ones, or the one of its NetID
 * (pkg/networkserver/networkserver.go New).
 */
export function devAddrPrefixes(netId: string, configured: readonly string[]): DevAddrPrefix[] {
	return configured.length > 0 ? configured.map(parseDevAddrPrefix) : [devAddrPrefixOfNetId(netId)];
}

/**
 * A new DevAddr in the first prefix, for GenerateDevAddr and joins. The Network Server picks a
 * random one in a prefix chosen by size (networkserver.go makeNewDevAddrFunc); the simulator
 * counts up, so runs repeat.
 */
export function issueDevAddr(tenant: TenantState, prefixes: readonly DevAddrPrefix[]): string {
	const [{ devAddr, length }] = prefixes;
	const hostMask = 2 ** (32 - length) - 1;
	tenant.devAddrsIssued++;
	return formatDevAddr(((devAddr & ~hostMask) | (tenant.devAddrsIssued & hostMask)) >>> 0);
}
