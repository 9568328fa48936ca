import {
	goDurationMs,
	selectStored,
	storageQueryOf,
} from '../../../../simulator/components/packages/storageQuery';
import type { StoredApplicationUp } from '../../../../simulator/state/applicationUpStorage';

const record = (id: number, second: number): StoredApplicationUp => ({
	id,
	applicationId: 'app1',
	deviceId: 'dev1',
	type: 'uplink_message',
	fPort: 1,
	receivedAtNs: BigInt(second) * 1_000_000_000n,
	storedAtMs: 0,
	up: { uplink_message: { f_cnt: id } },
});

describe('Storage Integration queries', () => {
	it.each([
		['10m', 600_000],
		['1h30m', 5_400_000],
		['1.5s', 1_500],
		['250ms', 250],
		['.5h', 1_800_000],
		['0', 0],
		['10', undefined],
		['10 minutes', undefined],
		['1d', undefined],
	])('reads `last` %j as Go’s time.ParseDuration does: %j ms', (text, ms) => {
		expect(goDurationMs(text)).toBe(ms);
	});

	it('continues after the last message of the page, in either order', () => {
		const records = [record(1, 10), record(2, 20), record(3, 20), record(4, 30)];
		const ids = (query: Parameters<typeof selectStored>[1]) =>
			selectStored(records, query, 0).map((each) => each.id);
		const descending = storageQueryOf({ type: 'uplink_message', order: '-received_at', limit: 2 });
		expect(ids(descending)).toEqual([4, 3]);
		expect(ids({ ...descending, lastReceivedId: 3 })).toEqual([2, 1]);
		const ascending = storageQueryOf({ type: 'uplink_message', limit: 2 });
		expect(ids({ ...ascending, lastReceivedId: 2 })).toEqual([3, 4]);
		// The message the token points at is gone (retention): continue by ID.
		const withoutFirst = selectStored(records.slice(1), { ...ascending, lastReceivedId: 1 }, 0);
		expect(withoutFirst.map((each) => each.id)).toEqual([2, 3]);
	});
});
