import { ResumeState } from '../../../../nodes/shared/delivery/resumeState';

describe('ResumeState', () => {
	it('has no resume point before the first event', () => {
		const state = new ResumeState({ overlapMs: 1000, maxRemembered: 100 });
		expect(state.hasDelivered).toBe(false);
		expect(state.resumeAfterMs()).toBeUndefined();
	});

	it('resumes one overlap before the newest event and remembers what that replays', () => {
		const state = new ResumeState({ overlapMs: 1000, maxRemembered: 100 });
		state.remember('a', 10_000);
		state.remember('b', 10_500);
		state.remember('c', 10_400); // out of order
		expect(state.resumeAfterMs()).toBe(9_500);
		expect(['a', 'b', 'c', 'd'].map((key) => state.isKnown(key))).toEqual([
			true,
			true,
			true,
			false,
		]);
	});

	it('forgets keys the server can no longer replay', () => {
		const state = new ResumeState({ overlapMs: 1000, maxRemembered: 100 });
		state.remember('old', 1_000);
		state.remember('new', 5_000);
		expect(state.isKnown('old')).toBe(false);
		expect(state.isKnown('new')).toBe(true);
		expect(state.resumeAfterMs()).toBe(4_000);
	});

	it('stays bounded, and moves the resume point past what it forgot', () => {
		const state = new ResumeState({ overlapMs: 1000, maxRemembered: 3 });
		for (let index = 0; index < 10; index++) state.remember(`e${index}`, 20_000 + index);
		expect(state.size).toBe(3);
		// e0..e6 were forgotten: a resumed stream must not send them again.
		expect(state.resumeAfterMs()).toBe(20_006);
		expect(['e6', 'e7', 'e8', 'e9'].map((key) => state.isKnown(key))).toEqual([
			false,
			true,
			true,
			true,
		]);
	});

	it('never lets the server replay an event it delivered but forgot (the invariant)', () => {
		const state = new ResumeState({ overlapMs: 50, maxRemembered: 8 });
		const delivered: Array<[string, number]> = [];
		let time = 1_000;
		for (let index = 0; index < 500; index++) {
			time += index % 7 === 0 ? 0 : (index * 13) % 5;
			const eventTime = time - ((index * 31) % 11); // some arrive out of order
			state.remember(`k${index}`, eventTime);
			delivered.push([`k${index}`, eventTime]);
			const after = state.resumeAfterMs() as number;
			for (const [key, at] of delivered) {
				if (at > after) expect([key, state.isKnown(key)]).toEqual([key, true]);
			}
		}
	});
});

describe('ResumeState with many events in one millisecond', () => {
	it('keeps the whole newest millisecond, so that resuming cannot skip the rest of it', () => {
		const state = new ResumeState({ overlapMs: 1000, maxRemembered: 3 });
		state.remember('before', 9_999);
		for (let index = 0; index < 6; index++) state.remember(`same${index}`, 10_000);
		// TTS replays events strictly after `after`, compared in milliseconds.
		expect(state.resumeAfterMs()).toBeLessThan(10_000);
		expect(state.size).toBe(6);
		expect(state.isKnown('same0')).toBe(true);
		state.remember('later', 10_001);
		expect(state.size).toBe(3);
		expect(state.resumeAfterMs()).toBe(10_000);
	});
});

describe('ResumeState across activations', () => {
	it('starts after the given time before the first event, and never resumes before it', () => {
		const state = new ResumeState({ overlapMs: 1000, maxRemembered: 100 });
		state.startAfter(50_000);
		expect(state.resumeAfterMs()).toBe(50_000);
		state.remember('a', 50_200);
		expect(state.resumeAfterMs()).toBe(50_000);
		state.remember('b', 52_000);
		expect(state.resumeAfterMs()).toBe(51_000);
		state.startAfter(60_000);
		expect(state.resumeAfterMs()).toBe(51_000);
	});

	it('carries on from a snapshot: the same `after`, the same events known', () => {
		const before = new ResumeState({ overlapMs: 1000, maxRemembered: 3 });
		for (let index = 0; index < 6; index++) before.remember(`e${index}`, 20_000 + index * 100);
		const after = new ResumeState({ overlapMs: 1000, maxRemembered: 3 }, before.snapshot());
		expect(after.resumeAfterMs()).toBe(before.resumeAfterMs());
		expect(after.newestEventMs).toBe(20_500);
		expect(['e2', 'e3', 'e4', 'e5'].map((key) => after.isKnown(key))).toEqual(
			['e2', 'e3', 'e4', 'e5'].map((key) => before.isKnown(key)),
		);
	});

	it('keeps restored keys until a newer event moves `after` past them', () => {
		const state = new ResumeState(
			{ overlapMs: 1000, maxRemembered: 100 },
			{ newestMs: 10_000, keys: ['a', 'b'] },
		);
		state.remember('c', 10_500);
		expect(state.isKnown('a')).toBe(true);
		state.remember('d', 11_200);
		expect(state.isKnown('a')).toBe(false);
		expect(state.resumeAfterMs()).toBe(10_200);
	});
});
