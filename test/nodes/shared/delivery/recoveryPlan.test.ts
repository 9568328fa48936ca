import type {
	Loss,
	RecoveryContext,
	StorageTargetStatus,
} from '../../../../nodes/shared/delivery/recoveryPlan';
import { planRecovery } from '../../../../nodes/shared/delivery/recoveryPlan';

const hour = 3_600_000;
const now = Date.UTC(2024, 9, 1, 12);
const app1: StorageTargetStatus = {
	target: { applicationId: 'app1' },
	storage: { state: 'available' },
};
const app2Absent: StorageTargetStatus = {
	target: { applicationId: 'app2' },
	storage: { state: 'absent', reason: 'the Storage Integration is not enabled' },
};
const loss: Loss = { reason: 'history_without_data', fromMs: now - hour, toMs: now - 1_000 };
const context = (overrides: Partial<RecoveryContext> = {}): RecoveryContext => ({
	nowMs: now,
	maxCatchUpMs: 24 * hour,
	uplinks: true,
	otherEvents: false,
	targets: [app1],
	...overrides,
});

describe('planRecovery', () => {
	it('reads back the missed uplinks, and reports nothing, when storage holds them all', () => {
		expect(planRecovery(loss, context())).toEqual({
			catchUp: { fromMs: loss.fromMs, toMs: loss.toMs, targets: [{ applicationId: 'app1' }] },
			gaps: [],
		});
	});

	it('reports the loss when the application has no Storage Integration, saying why', () => {
		const plan = planRecovery(loss, context({ targets: [{ ...app2Absent }] }));
		expect(plan.catchUp).toBeUndefined();
		expect(plan.gaps).toEqual([
			{
				reason: 'history_without_data',
				fromMs: loss.fromMs,
				toMs: loss.toMs,
				entities: undefined,
				message: expect.stringMatching(
					/came without their payload\. Missed uplinks cannot be recovered \(application "app2": the Storage Integration is not enabled\)\.$/,
				),
			},
		]);
	});

	it('reads back what it can and reports the rest: applications without storage', () => {
		const plan = planRecovery(loss, context({ targets: [app1, app2Absent] }));
		expect(plan.catchUp?.targets).toEqual([{ applicationId: 'app1' }]);
		expect(plan.gaps).toEqual([
			expect.objectContaining({
				reason: 'history_without_data',
				message: expect.stringContaining('application "app2"'),
			}),
		]);
	});

	it('reads back no further than the catch-up limit, and reports what is older', () => {
		const plan = planRecovery(
			{ ...loss, fromMs: now - 30 * hour },
			context({ maxCatchUpMs: 24 * hour }),
		);
		expect(plan.catchUp).toEqual({
			fromMs: now - 24 * hour,
			toMs: loss.toMs,
			targets: [{ applicationId: 'app1' }],
		});
		expect(plan.gaps).toEqual([
			{
				reason: 'outage_longer_than_catch_up',
				fromMs: now - 30 * hour,
				toMs: now - 24 * hour,
				entities: undefined,
				message: expect.stringContaining('catch-up limit (24 h)'),
			},
		]);
	});

	it('says that other events may be missing when more than uplinks were chosen', () => {
		const plan = planRecovery(loss, context({ otherEvents: true }));
		expect(plan.catchUp).toBeDefined();
		expect(plan.gaps).toEqual([
			expect.objectContaining({
				reason: 'history_without_data',
				message: expect.stringContaining(
					'Uplinks are recovered from the Storage Integration; other events of that time may be missing.',
				),
			}),
		]);
	});

	it('only reports, when uplinks were not chosen or catching up is off', () => {
		expect(planRecovery(loss, context({ uplinks: false }))).toEqual({
			gaps: [expect.objectContaining({ reason: 'history_without_data' })],
		});
		const off = planRecovery(loss, context({ maxCatchUpMs: 0 }));
		expect(off.catchUp).toBeUndefined();
		expect(off.gaps[0].message).toContain(
			'Catching up from the Storage Integration is turned off.',
		);
	});

	it('names the entities whose history was cut short', () => {
		const truncated: Loss = {
			reason: 'history_truncated',
			fromMs: now - 60_000,
			toMs: now,
			entities: ['application:app2'],
		};
		expect(planRecovery(truncated, context({ targets: [app2Absent] })).gaps).toEqual([
			expect.objectContaining({
				entities: ['application:app2'],
				message: expect.stringMatching(/^The server's event history of application:app2 no longer/),
			}),
		]);
	});

	it('reports a catch-up window that starts after the loss ends as a gap only', () => {
		const plan = planRecovery(
			{ ...loss, fromMs: now - 50 * hour, toMs: now - 40 * hour },
			context(),
		);
		expect(plan.catchUp).toBeUndefined();
		expect(plan.gaps).toEqual([
			expect.objectContaining({
				reason: 'outage_longer_than_catch_up',
				fromMs: now - 50 * hour,
				toMs: now - 40 * hour,
			}),
		]);
	});

	it('says that n8n missed webhook deliveries, and why they cannot be read back', () => {
		const missed: Loss = { reason: 'deliveries_missed', fromMs: now - hour, toMs: now - 1_000 };
		const plan = planRecovery(missed, context({ targets: [app2Absent] }));
		expect(plan.catchUp).toBeUndefined();
		expect(plan.gaps).toEqual([
			expect.objectContaining({
				reason: 'deliveries_missed',
				fromMs: missed.fromMs,
				toMs: missed.toMs,
				message: expect.stringMatching(
					/^n8n was not taking deliveries of the webhook .*sends each message once.*the Storage Integration is not enabled/,
				),
			}),
		]);
	});
});
