import { backoffDelay } from '../../../../nodes/shared/delivery/backoff';

describe('backoffDelay', () => {
	const settings = { baseMs: 250, capMs: 60_000 };

	it('does not wait before the first attempt', () => {
		expect(backoffDelay(0, settings)).toBe(0);
	});

	it('doubles per failure, with jitter between half and all of it', () => {
		expect(backoffDelay(1, settings, () => 0)).toBe(125);
		expect(backoffDelay(1, settings, () => 1)).toBe(250);
		expect(backoffDelay(3, settings, () => 0)).toBe(500);
		expect(backoffDelay(3, settings, () => 1)).toBe(1000);
	});

	it('is capped', () => {
		expect(backoffDelay(50, settings, () => 1)).toBe(60_000);
		expect(backoffDelay(1_000, settings, () => 0)).toBe(30_000);
	});
});
