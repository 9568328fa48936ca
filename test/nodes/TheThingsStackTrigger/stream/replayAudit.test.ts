import { ReplayAudit } from '../../../../nodes/TheThingsStackTrigger/stream/replayAudit';

const app = ['application:app1'];

describe('ReplayAudit', () => {
	it('is satisfied when the last delivered event is replayed before newer ones', () => {
		const audit = new ReplayAudit();
		audit.record(app, 1_000);
		audit.record(app, 2_000);
		audit.beginResume(1_000);
		audit.streamStarted(5_000);
		expect(audit.inspect(app, 2_000, true)).toEqual([]);
		expect(audit.inspect(app, 3_000, false)).toEqual([]);
	});

	it('reports an entity whose history no longer reaches back to the last delivered event', () => {
		const audit = new ReplayAudit();
		audit.record(app, 2_000);
		audit.beginResume(1_000);
		audit.streamStarted(5_000);
		// The event of 2_000 was pushed out of the server's per-entity history: the replay starts later.
		expect(audit.inspect(app, 4_000, false)).toEqual([
			{ entity: 'application:app1', anchorMs: 2_000 },
		]);
		expect(audit.inspect(app, 4_100, false)).toEqual([]);
	});

	it('accepts missed events older than the anchor, which the replay delivers first', () => {
		const audit = new ReplayAudit();
		audit.record(app, 2_000);
		audit.beginResume(1_000);
		audit.streamStarted(5_000);
		expect(audit.inspect(app, 1_500, false)).toEqual([]);
		expect(audit.inspect(app, 3_000, false)).toEqual([]);
	});

	it('takes the anchor back in another form (without its data, under another key) as reached', () => {
		const audit = new ReplayAudit({ 'application:app1': 2_000 });
		audit.beginResume(1_000);
		audit.streamStarted(5_000);
		expect(audit.inspect(app, 2_000, false)).toEqual([]);
		expect(audit.inspect(app, 3_000, false)).toEqual([]);
	});

	it('starts from anchors restored after a restart', () => {
		const audit = new ReplayAudit({ 'application:app1': 2_000 });
		audit.beginResume(1_000);
		audit.streamStarted(5_000);
		expect(audit.inspect(app, 4_000, false)).toEqual([
			{ entity: 'application:app1', anchorMs: 2_000 },
		]);
	});

	it('does not blame live events on a history that was merely quiet', () => {
		const audit = new ReplayAudit();
		audit.record(app, 2_000);
		audit.beginResume(1_000);
		audit.streamStarted(5_000);
		expect(audit.inspect(app, 6_000, false)).toEqual([]);
	});

	it('takes an event of the start millisecond for a live one', () => {
		const audit = new ReplayAudit();
		audit.record(app, 2_000);
		audit.beginResume(1_000);
		audit.streamStarted(5_000);
		expect(audit.inspect(app, 5_000, false)).toEqual([]);
		expect(audit.inspect(app, 4_000, false)).toEqual([]);
	});

	it('checks nothing when the server will replay nothing', () => {
		const audit = new ReplayAudit();
		audit.record(app, 2_000);
		audit.beginResume(1_000);
		audit.cancel();
		audit.streamStarted(5_000);
		expect(audit.inspect(app, 3_000, false)).toEqual([]);
	});

	it('does not check anchors the resumed stream cannot reach', () => {
		const audit = new ReplayAudit();
		audit.record(app, 2_000);
		audit.beginResume(2_500);
		audit.streamStarted(5_000);
		expect(audit.inspect(app, 3_000, false)).toEqual([]);
	});

	it('checks each subscribed entity on its own', () => {
		const audit = new ReplayAudit();
		audit.record(['application:a'], 2_000);
		audit.record(['application:b'], 2_100);
		audit.beginResume(1_000);
		audit.streamStarted(5_000);
		expect(audit.inspect(['application:a'], 2_000, true)).toEqual([]);
		expect(audit.inspect(['application:b'], 3_000, false)).toEqual([
			{ entity: 'application:b', anchorMs: 2_100 },
		]);
	});
});
