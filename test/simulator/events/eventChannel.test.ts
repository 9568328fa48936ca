import { eventDefinition } from '../../../simulator/events/definitions';
import { ChannelEvent, channelSizeFor, EventChannel } from '../../../simulator/events/eventChannel';

const event = (name: string): ChannelEvent => ({
	name,
	event: { name },
	definition: eventDefinition(name),
	visibilityKeys: ['application:app1'],
});

describe('EventChannel', () => {
	it.each([
		[0, 8],
		[1, 8],
		[8, 8],
		[20, 20],
		[1024, 1024],
		[100_000, 1024],
	])('has clamp(tail, 8, 1024) slots for tail %d: %d', (tail, size) => {
		expect(channelSizeFor(tail)).toBe(size);
	});

	it('drops and counts, by name, what is pushed into a full channel', () => {
		let pushes = 0;
		const channel = new EventChannel(2, () => pushes++);
		channel.notify(event('as.up.data.forward'));
		channel.notify(event('as.up.data.forward'));
		channel.notify(event('as.up.data.forward'));
		channel.notify(event('as.up.join.forward'));
		expect(channel.length).toBe(2);
		expect(channel.pushed).toBe(4);
		expect(channel.dropped).toBe(2);
		expect(Object.fromEntries(channel.droppedByName)).toEqual({
			'as.up.data.forward': 1,
			'as.up.join.forward': 1,
		});
		expect(pushes).toBe(2);
		expect(channel.take()?.name).toBe('as.up.data.forward');
		channel.notify(event('js.join.accept'));
		expect([channel.take()?.name, channel.take()?.name, channel.take()]).toEqual([
			'as.up.data.forward',
			'js.join.accept',
			undefined,
		]);
		expect(channel.dropped).toBe(2);
	});
});
