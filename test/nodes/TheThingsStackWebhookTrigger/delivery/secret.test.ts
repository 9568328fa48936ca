import {
	generateSecret,
	secretMatches,
} from '../../../../nodes/TheThingsStackWebhookTrigger/delivery/secret';

describe('webhook secret', () => {
	it('is 32 random bytes as hex, new each time', () => {
		const secret = generateSecret();
		expect(secret).toMatch(/^[0-9a-f]{64}$/);
		expect(generateSecret()).not.toBe(secret);
	});

	it('matches only the same text', () => {
		const secret = generateSecret();
		expect(secretMatches(secret, secret)).toBe(true);
		expect(secretMatches(secret.toUpperCase(), secret)).toBe(false);
		expect(secretMatches(secret.slice(0, -1), secret)).toBe(false);
		expect(secretMatches(`${secret}0`, secret)).toBe(false);
		expect(secretMatches('', secret)).toBe(false);
		expect(secretMatches(undefined, secret)).toBe(false);
		expect(secretMatches(['a', 'b'], secret)).toBe(false);
	});

	it('matches nothing when no secret is stored', () => {
		expect(secretMatches('', undefined)).toBe(false);
		expect(secretMatches('anything', '')).toBe(false);
	});
});
