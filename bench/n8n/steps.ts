/**
 * The rules of the n8n throughput benchmark (`npm run bench:n8n`, bench/n8n/run.mjs), apart from
 * running n8n: what a step at one rate measured, whether n8n held that rate, and which rate to try
 * next.
 */

/** One delivered uplink (or webhook call): when it was sent and when its execution started. */
export interface Delivery {
	/** ms since the epoch: the event's time (TTS) or the request's send time (webhook). */
	sentAt: number;
	/** ms since the epoch: `startedAt` of the execution that carries it. */
	startedAt: number;
}

export interface StepObservation {
	/** Per second. */
	rate: number;
	seconds: number;
	/** Uplinks (or calls) sent during the step. */
	sent: number;
	/** Each sent item found in an ended execution, in any order. */
	deliveries: Delivery[];
	/** Executions of the step that ended in another status than success. */
	failedExecutions: number;
	/** Executions of the step not ended when the drain time was up. */
	unfinishedExecutions: number;
}

export interface StepVerdict {
	held: boolean;
	/** Why it was not held (empty when held). */
	reasons: string[];
	delayMedianMs: number;
	delayP95Ms: number;
	/** Median delay of the last quarter of the step minus that of the first quarter. */
	delayGrowthMs: number;
}

/**
 * A backlog that grows during a step shows as a growing delay between sending and the execution's
 * start: at 5 % over capacity for 120 s, the last quarter waits about 4.7 s longer than the first
 * (in a 20-second step, 0.8 s: short steps only see larger overloads). Growth below this is noise
 * (a garbage collection, a database checkpoint).
 */
export const DELAY_GROWTH_LIMIT_MS = 1000;

/** The p-th percentile (0..100) by the nearest-rank method; NaN for no values. */
export function percentile(values: readonly number[], p: number): number {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/**
 * Whether n8n held the step's rate: every item sent is in a successful execution that ended within
 * the drain time, and the delay did not grow from the first quarter of the step to the last (a
 * growing backlog). An uplink TTS dropped on the event stream never reaches an execution, so it
 * counts as missing.
 */
export function judgeStep(step: StepObservation): StepVerdict {
	const reasons: string[] = [];
	if (step.deliveries.length !== step.sent) {
		reasons.push(`${step.deliveries.length} of ${step.sent} sent items reached an execution`);
	}
	if (step.failedExecutions > 0) reasons.push(`${step.failedExecutions} executions failed`);
	if (step.unfinishedExecutions > 0) {
		reasons.push(`${step.unfinishedExecutions} executions still unfinished after the drain time`);
	}
	const delays = step.deliveries.map((delivery) => delivery.startedAt - delivery.sentAt);
	const growth = delayGrowth(step.deliveries);
	if (growth > DELAY_GROWTH_LIMIT_MS) {
		reasons.push(`the backlog grew: the delay rose by ${Math.round(growth)} ms during the step`);
	}
	return {
		held: reasons.length === 0,
		reasons,
		delayMedianMs: percentile(delays, 50),
		delayP95Ms: percentile(delays, 95),
		delayGrowthMs: growth,
	};
}

/** Median delay of the last quarter (by send time) minus that of the first quarter. */
export function delayGrowth(deliveries: readonly Delivery[]): number {
	if (deliveries.length < 8) return 0;
	const bySendTime = [...deliveries].sort((a, b) => a.sentAt - b.sentAt);
	const quarter = Math.floor(bySendTime.length / 4);
	const median = (part: readonly Delivery[]) =>
		percentile(
			part.map((delivery) => delivery.startedAt - delivery.sentAt),
			50,
		);
	return median(bySendTime.slice(-quarter)) - median(bySendTime.slice(0, quarter));
}

export interface LadderSettings {
	startRate: number;
	/** Each held step multiplies the rate by this (each missed one, while none held, divides). */
	factor: number;
	maxSteps: number;
	/** Steps between the highest held and the lowest missed rate, each halving the gap. */
	refineSteps: number;
}

export interface LadderStep {
	rate: number;
	held: boolean;
}

/** Below this the ladder gives up going down. */
export const LOWEST_RATE = 1;

/**
 * The next rate to try after `steps`, or undefined when the ladder is done: rising by `factor`
 * while every step held, falling by it while none has, then bisecting (geometric mean) between the
 * highest held and the lowest missed rate above it for `refineSteps` steps.
 */
export function nextRate(
	steps: readonly LadderStep[],
	settings: LadderSettings,
): number | undefined {
	if (steps.length >= settings.maxSteps) return undefined;
	if (steps.length === 0) return settings.startRate;
	const held = steps.filter((step) => step.held).map((step) => step.rate);
	const missed = steps.filter((step) => !step.held).map((step) => step.rate);
	if (missed.length === 0) return round(steps[steps.length - 1].rate * settings.factor);
	if (held.length === 0) {
		const lower = round(Math.min(...missed) / settings.factor);
		return lower >= LOWEST_RATE && lower < Math.min(...missed) ? lower : undefined;
	}
	// the first step after which both a held and a missed rate were known
	const bracketed = steps.findIndex(
		(_, index) =>
			steps.slice(0, index + 1).some((step) => step.held) &&
			steps.slice(0, index + 1).some((step) => !step.held),
	);
	if (steps.length - 1 - bracketed >= settings.refineSteps) return undefined;
	const low = Math.max(...held);
	const above = missed.filter((rate) => rate > low);
	if (above.length === 0) return undefined;
	const high = Math.min(...above);
	const middle = round(Math.sqrt(low * high));
	return middle > low && middle < high ? middle : undefined;
}

/** The highest held rate, or undefined when none held. */
export function highestHeld(steps: readonly LadderStep[]): number | undefined {
	const held = steps.filter((step) => step.held).map((step) => step.rate);
	return held.length > 0 ? Math.max(...held) : undefined;
}

/** Rates with two significant digits (6.7, 10, 15, 23, 35, ...), so they read well. */
function round(rate: number): number {
	return Number(rate.toPrecision(2));
}
