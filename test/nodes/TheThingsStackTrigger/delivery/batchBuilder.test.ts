import { BatchBuilder } from '../../../../nodes/TheThingsStackTrigger/delivery/batchBuilder';

describe('BatchBuilder', () => {
	it('is due when full', () => {
		const batch = new BatchBuilder<number>({ maxItems: 3, maxWaitMs: 1_000 });
		expect(batch.dueInMs(0)).toBeUndefined();
		expect(batch.add(1, 0)).toBe(false);
		expect(batch.add(2, 5)).toBe(false);
		expect(batch.add(3, 6)).toBe(true);
		expect(batch.dueInMs(6)).toBe(0);
		expect(batch.take()).toEqual([1, 2, 3]);
		expect(batch.size).toBe(0);
	});

	it('is due when its first item waited the window, counted from the first item', () => {
		const batch = new BatchBuilder<number>({ maxItems: 100, maxWaitMs: 50 });
		batch.add(1, 1_000);
		batch.add(2, 1_040);
		expect(batch.dueInMs(1_040)).toBe(10);
		expect(batch.dueInMs(1_050)).toBe(0);
		expect(batch.take()).toEqual([1, 2]);
		batch.add(3, 2_000);
		expect(batch.dueInMs(2_000)).toBe(50);
	});

	it('with one item per batch, every item is a batch of its own', () => {
		const batch = new BatchBuilder<string>({ maxItems: 1, maxWaitMs: 0 });
		expect(batch.add('a', 0)).toBe(true);
		expect(batch.take()).toEqual(['a']);
	});
});
