import {
	delayGrowth,
	highestHeld,
	judgeStep,
	nextRate,
	percentile,
	type Delivery,
	type LadderSettings,
	type StepObservation,
} from '../../../bench/n8n/steps';

/** `count` deliveries one every 1000/rate ms from t = 0, each started `delayAt(index)` ms later. */
function deliveries(count: number, rate: number, delayAt: (index: number) => number): Delivery[] {
	return Array.from({ length: count }, (_, index) => {
		const sentAt = 1_700_000_000_000 + (index * 1000) / rate;
		return { sentAt, startedAt: sentAt + delayAt(index) };
	});
}

function step(overrides: Partial<StepObservation> = {}): StepObservation {
	const items = deliveries(200, 10, () => 40);
	return {
		rate: 10,
		seconds: 20,
		sent: items.length,
		deliveries: items,
		failedExecutions: 0,
		unfinishedExecutions: 0,
		...overrides,
	};
}

describe('percentile', () => {
	it('takes the nearest rank', () => {
		const values = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5];
		expect(percentile(values, 50)).toBe(5);
		expect(percentile(values, 95)).toBe(10);
		expect(percentile(values, 0)).toBe(1);
		expect(percentile([42], 95)).toBe(42);
	});

	it('is NaN without values', () => {
		expect(percentile([], 50)).toBeNaN();
	});
});

describe('judgeStep', () => {
	it('holds a step where every item started within a steady delay', () => {
		const verdict = judgeStep(step());
		expect(verdict).toMatchObject({ held: true, reasons: [], delayMedianMs: 40, delayP95Ms: 40 });
		expect(verdict.delayGrowthMs).toBe(0);
	});

	it('misses a step where items did not reach an execution', () => {
		const verdict = judgeStep(step({ sent: 210 }));
		expect(verdict.held).toBe(false);
		expect(verdict.reasons).toEqual(['200 of 210 sent items reached an execution']);
	});

	it('misses a step with failed or unfinished executions', () => {
		expect(judgeStep(step({ failedExecutions: 2 })).reasons).toEqual(['2 executions failed']);
		expect(judgeStep(step({ unfinishedExecutions: 3 })).reasons).toEqual([
			'3 executions still unfinished after the drain time',
		]);
	});

	it('misses a 2-minute step 5 % over capacity: the delay rises from the first quarter to the last', () => {
		// 10/s sent, 9.5/s served: item i (sent at i / 10 s) waits i × 0.5 / 9.5 / 10 s longer
		const growing = deliveries(1200, 10, (index) => 40 + (index * 500) / 9.5 / 10);
		const verdict = judgeStep(step({ seconds: 120, sent: 1200, deliveries: growing }));
		expect(verdict.held).toBe(false);
		expect(verdict.delayGrowthMs).toBeCloseTo((900 * 500) / 9.5 / 10, -1);
		expect(verdict.reasons).toEqual([
			`the backlog grew: the delay rose by ${Math.round(verdict.delayGrowthMs)} ms during the step`,
		]);
	});

	it('cannot see 5 % over capacity in a 20-second step (why full runs step for 2 minutes)', () => {
		const growing = deliveries(200, 10, (index) => 40 + (index * 500) / 9.5 / 10);
		expect(judgeStep(step({ deliveries: growing })).held).toBe(true);
	});

	it('holds a step with one slow moment (a pause) that the backlog recovers from', () => {
		const pause = deliveries(200, 10, (index) => (index >= 90 && index < 100 ? 900 : 40));
		expect(judgeStep(step({ deliveries: pause })).held).toBe(true);
	});

	it('judges the order of sending, not the order the deliveries are listed in', () => {
		const growing = deliveries(200, 10, (index) => 40 + index * 20).reverse();
		expect(delayGrowth(growing)).toBeGreaterThan(2000);
	});

	it('does not measure growth on fewer than 8 items', () => {
		expect(delayGrowth(deliveries(7, 1, (index) => index * 10_000))).toBe(0);
	});
});

describe('nextRate', () => {
	const settings: LadderSettings = { startRate: 10, factor: 1.5, maxSteps: 10, refineSteps: 2 };

	it('starts at the start rate and rises by the factor while steps hold', () => {
		expect(nextRate([], settings)).toBe(10);
		expect(nextRate([{ rate: 10, held: true }], settings)).toBe(15);
		expect(
			nextRate(
				[
					{ rate: 10, held: true },
					{ rate: 15, held: true },
					{ rate: 23, held: true },
				],
				settings,
			),
		).toBe(35);
	});

	it('then bisects between the highest held and the lowest missed rate, refineSteps times', () => {
		const climbed = [
			{ rate: 10, held: true },
			{ rate: 15, held: true },
			{ rate: 23, held: false },
		];
		expect(nextRate(climbed, settings)).toBe(19);
		expect(nextRate([...climbed, { rate: 19, held: true }], settings)).toBe(21);
		expect(
			nextRate([...climbed, { rate: 19, held: true }, { rate: 21, held: false }], settings),
		).toBeUndefined();
	});

	it('falls by the factor while no step held, down to 1/s', () => {
		expect(nextRate([{ rate: 10, held: false }], settings)).toBe(6.7);
		expect(
			nextRate(
				[
					{ rate: 10, held: false },
					{ rate: 6.7, held: true },
				],
				settings,
			),
		).toBe(8.2);
		expect(nextRate([{ rate: 1.2, held: false }], settings)).toBeUndefined();
	});

	it('stops when no rate lies between, or after maxSteps', () => {
		expect(
			nextRate(
				[
					{ rate: 10, held: true },
					{ rate: 11, held: false },
				],
				settings,
			),
		).toBeUndefined();
		const rising = Array.from({ length: 10 }, (_, index) => ({ rate: 10 + index, held: true }));
		expect(nextRate(rising, settings)).toBeUndefined();
	});

	it('rounds rates to two significant digits', () => {
		expect(nextRate([{ rate: 120, held: true }], settings)).toBe(180);
		expect(nextRate([{ rate: 1234, held: true }], { ...settings, factor: 1 })).toBe(1200);
	});
});

describe('highestHeld', () => {
	it('is the highest rate that held, whatever came after', () => {
		expect(
			highestHeld([
				{ rate: 10, held: true },
				{ rate: 20, held: false },
				{ rate: 14, held: true },
			]),
		).toBe(14);
		expect(highestHeld([{ rate: 10, held: false }])).toBeUndefined();
	});
});
