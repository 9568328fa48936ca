import { randomBytes } from 'node:crypto';

const base32Alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Unpadded RFC 4648 base32, as Go's base32.StdEncoding.WithPadding(NoPadding). */
export function base32(bytes: Uint8Array): string {
	let bits = 0;
	let value = 0;
	let output = '';
	for (const byte of bytes) {
		value = (value << 8) | byte;
		bits += 8;
		while (bits >= 5) {
			output += base32Alphabet[(value >>> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits > 0) output += base32Alphabet[(value << (5 - bits)) & 31];
	return output;
}

// pkg/auth/auth.go: token type prefixes are the base32 of a three-letter tag.
export const tokenTypes: Record<string, string> = {
	NNSXS: 'api_key',
	MFRWG: 'access_token',
	OJSWM: 'refresh_token',
	MF2XI: 'authorization_code',
	ONZW4: 'session',
};

export interface ParsedToken {
	type: string;
	id: string;
	secret: string;
}

/**
 * pkg/auth/auth.go SplitToken: exactly three dot-separated parts with a known type prefix; an
 * empty ID or secret passes here and is simply not found.
 */
export function parseToken(token: string): ParsedToken | undefined {
	const parts = token.split('.');
	if (parts.length !== 3) return undefined;
	const type = tokenTypes[parts[0]];
	if (!type) return undefined;
	return { type, id: parts[1], secret: parts[2] };
}

/** A new API key id (24 random bytes) and secret (32 random bytes), both unpadded base32. */
export function newApiKeyParts(): { id: string; secret: string; token: string } {
	const id = base32(randomBytes(24));
	const secret = base32(randomBytes(32));
	return { id, secret, token: `NNSXS.${id}.${secret}` };
}
