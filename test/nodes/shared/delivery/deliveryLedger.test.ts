import { DeliveryLedger } from '../../../../nodes/shared/delivery/deliveryLedger';
import { RESUME_POINT_LIMITS } from '../../../../nodes/shared/delivery/resumePoint';

const settings = { overlapMs: 1000, maxRemembered: 200 };

describe('DeliveryLedger', () => {
	it('keeps, per source, the keys a resumed source may send again, and each entity’s newest time', () => {
		const ledger = new DeliveryLedger(settings);
		ledger.record('cluster', ['u1', 'uplink_message:app1/dev1@t1'], 5_000, [
			'application:app1',
			'device:app1/dev1',
		]);
		ledger.record('cluster', ['u2'], 5_500, ['application:app1']);
		ledger.record('identityServer', ['i1'], 4_000, ['application:app1']);
		expect(ledger.snapshot()).toEqual({
			cluster: {
				newestMs: 5_500,
				floorMs: undefined,
				keys: ['u1', 'uplink_message:app1/dev1@t1', 'u2'],
				anchors: { 'device:app1/dev1': 5_000, 'application:app1': 5_500 },
			},
			identityServer: {
				newestMs: 4_000,
				floorMs: undefined,
				keys: ['i1'],
				anchors: { 'application:app1': 4_000 },
			},
		});
	});

	it('does not move an anchor back for an older event', () => {
		const ledger = new DeliveryLedger(settings);
		ledger.record('cluster', ['new'], 5_000, ['application:app1']);
		ledger.record('cluster', ['late'], 4_800, ['application:app1']);
		expect(ledger.snapshot().cluster.anchors).toEqual({ 'application:app1': 5_000 });
	});

	it('keeps the anchors of the entities updated last, within the bound', () => {
		const ledger = new DeliveryLedger(settings);
		const count = RESUME_POINT_LIMITS.maxAnchors + 10;
		for (let index = 0; index < count; index++) {
			ledger.record('cluster', [`k${index}`], 1_000 + index, [`device:app1/dev${index}`]);
		}
		const anchors = Object.keys(ledger.snapshot().cluster.anchors);
		expect(anchors).toHaveLength(RESUME_POINT_LIMITS.maxAnchors);
		expect(anchors[0]).toBe('device:app1/dev10');
		expect(anchors.at(-1)).toBe(`device:app1/dev${count - 1}`);
	});

	it('starts from a restored point', () => {
		const first = new DeliveryLedger(settings);
		first.record('cluster', ['a', 'b'], 9_000, ['application:app1']);
		const restored = new DeliveryLedger(settings, {
			scope: 's',
			savedAtMs: 9_100,
			sources: first.snapshot(),
		});
		expect(restored.newestMs('cluster')).toBe(9_000);
		restored.record('cluster', ['c'], 9_200, ['application:app1']);
		expect(restored.snapshot().cluster.keys).toEqual(['a', 'b', 'c']);
	});

	it('tells whether a source delivered a key, and where it resumes, within its overlap', () => {
		const ledger = new DeliveryLedger(settings);
		expect(ledger.isKnown('webhook', 'a')).toBe(false);
		expect(ledger.resumeAfterMs('webhook')).toBeUndefined();
		ledger.record('webhook', ['a'], 5_000, ['application:app1']);
		ledger.record('webhook', ['b'], 7_000, ['application:app1']);
		expect(ledger.isKnown('webhook', 'b')).toBe(true);
		expect(ledger.isKnown('cluster', 'b')).toBe(false);
		// The overlap is 1 s: `a` (5 s) is older than 7 s less the overlap and is forgotten.
		expect(ledger.isKnown('webhook', 'a')).toBe(false);
		expect(ledger.resumeAfterMs('webhook')).toBe(6_000);
	});
});
