import { createHash, randomBytes, timingSafeEqual } from 'crypto';

/** A new secret for the webhook's header: 32 random bytes as hex. */
export function generateSecret(): string {
	return randomBytes(32).toString('hex');
}

/**
 * Whether the header a delivery carries is the secret, compared in constant time: both are hashed
 * first, so that neither their contents nor their lengths decide how long the comparison takes.
 */
export function secretMatches(received: unknown, secret: string | undefined): boolean {
	if (typeof received !== 'string' || !secret) return false;
	return timingSafeEqual(sha256(received), sha256(secret));
}

function sha256(text: string): Buffer {
	return createHash('sha256').update(text, 'utf8').digest();
}
