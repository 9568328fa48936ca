import { RecentKeys } from '../../../../nodes/shared/delivery/recentKeys';

describe('RecentKeys', () => {
	it('remembers the last keys added, forgetting the oldest first', () => {
		const recent = new RecentKeys(3);
		for (const key of ['a', 'b', 'c', 'b', 'd', 'e']) recent.add(key);
		expect(['a', 'b', 'c', 'd', 'e'].map((key) => recent.has(key))).toEqual([
			false,
			false,
			true,
			true,
			true,
		]);
		expect(recent.size).toBe(3);
	});

	it('stays bounded however many keys go through it', () => {
		const recent = new RecentKeys(100);
		for (let index = 0; index < 10_000; index++) recent.add(`k${index}`);
		expect(recent.size).toBe(100);
		expect(recent.has('k9899')).toBe(false);
		expect(recent.has('k9900')).toBe(true);
	});
});
