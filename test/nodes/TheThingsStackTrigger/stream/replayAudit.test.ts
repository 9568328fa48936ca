import { ReplayAudit } from '../../../../nodes/TheThingsStackTrigger/stream/replayAudit';

const app = ['application:app1'];

describe('ReplayAudit', () => {
	it('is satisfied when the last delivered event is replayed before newer ones', () => {
		const audit = new ReplayAudit();
		audit.record(app, 'e1', 1_000);
		audit.record(app, 'e2', 2_000);
		audit.beginResume(1_000);
		audit.streamStarted(5_000);
		expect(audit.inspect(app, 'e2', 2_000, true)).toEqual([]);
		expect(audit.inspect(app, 'e3', 3_000, false)).toEqual([]);
	});

	it('reports an entity whose history no longer reaches back to the last delivered event', () => {
		const audit = new ReplayAudit();
		audit.record(app, 'e2', 2_000);
		audit.beginResume(1_000);
		audit.streamStarted(5_000);
		// e2 was pushed out of the server's per-entity history: the replay starts later.
		expect(audit.inspect(app, 'e40', 4_000, false)).toEqual(['application:app1']);
		expect(audit.inspect(app, 'e41', 4_100, false)).toEqual([]);
	});

	it('accepts missed events older than the anchor, which the replay delivers first', () => {
		const audit = new ReplayAudit();
		audit.record(app, 'e2', 2_000);
		audit.beginResume(1_000);
		audit.streamStarted(5_000);
		expect(audit.inspect(app, 'late', 1_500, false)).toEqual([]);
		expect(audit.inspect(app, 'e2', 2_000, true)).toEqual([]);
	});

	it('does not blame live events on a history that was merely quiet', () => {
		const audit = new ReplayAudit();
		audit.record(app, 'e2', 2_000);
		audit.beginResume(1_000);
		audit.streamStarted(5_000);
		expect(audit.inspect(app, 'live', 6_000, false)).toEqual([]);
	});

	it('takes an event of the start millisecond for a live one', () => {
		const audit = new ReplayAudit();
		audit.record(app, 'e2', 2_000);
		audit.beginResume(1_000);
		audit.streamStarted(5_000);
		expect(audit.inspect(app, 'live', 5_000, false)).toEqual([]);
		expect(audit.inspect(app, 'replayed-late', 4_000, false)).toEqual([]);
	});

	it('checks nothing when the server will replay nothing', () => {
		const audit = new ReplayAudit();
		audit.record(app, 'e2', 2_000);
		audit.beginResume(1_000);
		audit.cancel();
		audit.streamStarted(5_000);
		expect(audit.inspect(app, 'e9', 3_000, false)).toEqual([]);
	});

	it('checks each subscribed entity on its own', () => {
		const audit = new ReplayAudit();
		audit.record(['application:a'], 'a1', 2_000);
		audit.record(['application:b'], 'b1', 2_100);
		audit.beginResume(1_000);
		audit.streamStarted(5_000);
		expect(audit.inspect(['application:a'], 'a1', 2_000, true)).toEqual([]);
		expect(audit.inspect(['application:b'], 'b9', 3_000, false)).toEqual(['application:b']);
	});
});
