import type { QueuedEvent } from '../../../../nodes/TheThingsStackTrigger/delivery/eventDelivery';
import { keepNewestReplayed } from '../../../../nodes/TheThingsStackTrigger/delivery/replaySelection';
import { parseEventTime } from '../../../../nodes/TheThingsStackTrigger/stream/eventTime';

const queued = (key: string, time: string, replayed: boolean): QueuedEvent => ({
	source: 'cluster',
	receivedAtMs: 0,
	delivered: {
		event: { name: 'as.up.data.forward', time, unique_id: key },
		key,
		timeMs: parseEventTime(time) as number,
		entities: [],
		replayed,
		withoutData: false,
	},
});

const keys = (items: QueuedEvent[]) => items.map((item) => item.delivered.key);

describe('keepNewestReplayed', () => {
	it('keeps the newest replayed events over all entities, oldest first, then the live ones', () => {
		// The application's history first, then a device's: newest overall is not last in.
		const held = [
			queued('app-1', '2024-10-01T12:00:01Z', true),
			queued('app-3', '2024-10-01T12:00:03Z', true),
			queued('dev-2', '2024-10-01T12:00:02Z', true),
			queued('dev-4', '2024-10-01T12:00:04Z', true),
			queued('live', '2024-10-01T12:00:09Z', false),
		];
		expect(keys(keepNewestReplayed(held, 2))).toEqual(['app-3', 'dev-4', 'live']);
		expect(keys(keepNewestReplayed(held, 10))).toEqual([
			'app-1',
			'dev-2',
			'app-3',
			'dev-4',
			'live',
		]);
		expect(keys(keepNewestReplayed(held, 0))).toEqual(['live']);
	});

	it('orders events of one millisecond by their nanoseconds', () => {
		const held = [
			queued('later', '2024-10-01T12:00:00.123900Z', true),
			queued('earlier', '2024-10-01T12:00:00.1234Z', true),
			queued('older', '2024-10-01T12:00:00.122999999Z', true),
		];
		expect(keys(keepNewestReplayed(held, 2))).toEqual(['earlier', 'later']);
	});
});
