import { ExecutionTracker } from '../../../../nodes/shared/delivery/executionTracker';

describe('ExecutionTracker', () => {
	it('keeps the durable point below the oldest unfinished execution', () => {
		const tracker = new ExecutionTracker<string>();
		const first = tracker.add('p1');
		const second = tracker.add('p2');
		const third = tracker.add('p3');
		expect(tracker.unfinished).toBe(3);
		expect(tracker.finish(third)).toBeUndefined();
		expect(tracker.finish(second)).toBeUndefined();
		expect(tracker.durablePoint).toBeUndefined();
		// The oldest finishing takes the point past everything finished behind it.
		expect(tracker.finish(first)).toBe('p3');
		expect(tracker.durablePoint).toBe('p3');
		expect(tracker.unfinished).toBe(0);
	});

	it('moves to the newest point among the finished, skipping executions without one', () => {
		const tracker = new ExecutionTracker<string>();
		const first = tracker.add('p1');
		const second = tracker.add();
		const third = tracker.add();
		expect(tracker.finish(first)).toBe('p1');
		expect(tracker.finish(second)).toBeUndefined();
		expect(tracker.coverNewest('p3')).toBeUndefined();
		expect(tracker.finish(third)).toBe('p3');
		expect(tracker.finish(third)).toBeUndefined();
	});

	it('makes a point durable at once when every execution finished already', () => {
		const tracker = new ExecutionTracker<string>();
		tracker.finish(tracker.add());
		expect(tracker.durablePoint).toBeUndefined();
		expect(tracker.coverNewest('p1')).toBe('p1');
		expect(tracker.durablePoint).toBe('p1');
	});

	it('stays correct over many executions finished in any order', () => {
		const tracker = new ExecutionTracker<number>();
		const entries = Array.from({ length: 5_000 }, (_, index) => tracker.add(index));
		const order = entries
			.map((_, index) => index)
			.sort((a, b) => ((a * 7919) % 5000) - ((b * 7919) % 5000));
		const finished = new Set<number>();
		for (const index of order) {
			tracker.finish(entries[index]);
			finished.add(index);
			let lowestUnfinished = 0;
			while (finished.has(lowestUnfinished)) lowestUnfinished += 1;
			expect(tracker.durablePoint ?? -1).toBe(lowestUnfinished - 1);
			if (finished.size > 60) break;
		}
	});
});
