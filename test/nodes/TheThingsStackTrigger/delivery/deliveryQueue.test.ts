import { DeliveryQueue } from '../../../../nodes/TheThingsStackTrigger/delivery/deliveryQueue';

/**
 * A queue whose handling costs 1 ms of a fake clock per item, and a probe that stands for the
 * socket reads: it runs whenever the event loop gets a turn.
 */
function slowQueue(sliceMs: number) {
	let clock = 0;
	const log: string[] = [];
	const queue = new DeliveryQueue<number>(
		(item) => {
			clock += 1;
			log.push(`handle ${item}`);
		},
		() => log.push('slice end'),
		{ sliceMs, now: () => clock },
	);
	let probing = true;
	const probe = () => {
		if (!probing) return;
		log.push('read');
		setImmediate(probe);
	};
	return {
		queue,
		log,
		startProbe: () => setImmediate(probe),
		stopProbe: () => (probing = false),
	};
}

const drained = async (queue: DeliveryQueue<number>) => {
	while (queue.length > 0) await new Promise((resolve) => setTimeout(resolve, 5));
};

describe('DeliveryQueue', () => {
	it('never handles an item while the stream that pushed it is still being read', () => {
		const { queue, log } = slowQueue(5);
		queue.push(1);
		queue.push(2);
		expect(log).toEqual([]);
		queue.stop();
	});

	it('handles at most one slice between two turns of the event loop, in order', async () => {
		const { queue, log, startProbe, stopProbe } = slowQueue(5);
		startProbe();
		for (let item = 1; item <= 23; item++) queue.push(item);
		await drained(queue);
		stopProbe();
		const handled = log.filter((entry) => entry.startsWith('handle'));
		expect(handled).toEqual(Array.from({ length: 23 }, (_, index) => `handle ${index + 1}`));
		// Runs of handled items between reads: never more than a slice (5 ms at 1 ms each).
		const runs = log
			.join('|')
			.split('read')
			.map((part) => part.split('|').filter((entry) => entry.startsWith('handle')).length)
			.filter((count) => count > 0);
		expect(Math.max(...runs)).toBe(5);
		expect(runs.length).toBeGreaterThanOrEqual(5);
		expect(log.filter((entry) => entry === 'slice end').length).toBe(runs.length);
	});

	it('holds back what comes after a hold, handles what came before, and lets it go on release', async () => {
		const { queue, log } = slowQueue(100);
		queue.push(1);
		const hold = queue.hold();
		queue.push(2);
		queue.push(3);
		await hold.reached;
		expect(log.filter((entry) => entry.startsWith('handle'))).toEqual(['handle 1']);
		hold.handleNow((item) => item === 3);
		hold.release((held) => [...held, 4]);
		await drained(queue);
		expect(log.filter((entry) => entry.startsWith('handle'))).toEqual([
			'handle 1',
			'handle 3',
			'handle 2',
			'handle 4',
		]);
	});

	it('goes on only once every hold taken on it is released, from the place of the first', async () => {
		const { queue, log } = slowQueue(100);
		queue.push(1);
		const first = queue.hold();
		queue.push(2);
		const second = queue.hold();
		queue.push(3);
		await second.reached;
		first.release();
		await new Promise((resolve) => setTimeout(resolve, 10));
		expect(log.filter((entry) => entry.startsWith('handle'))).toEqual(['handle 1']);
		second.release();
		second.release();
		await drained(queue);
		expect(log.filter((entry) => entry.startsWith('handle'))).toEqual([
			'handle 1',
			'handle 2',
			'handle 3',
		]);
	});

	it('stops handling, and lets a hold waiting to be reached go, when stopped', async () => {
		const { queue, log } = slowQueue(100);
		queue.push(1);
		const hold = queue.hold();
		queue.stop();
		await hold.reached;
		await new Promise((resolve) => setTimeout(resolve, 10));
		expect(log).toEqual([]);
	});
});
