import {
	createEventMatcher,
	findEventFilterProblem,
	selectEvents,
} from '../../../../nodes/TheThingsStackTrigger/events/eventSelection';
import { EVENT_PRESETS } from '../../../../nodes/TheThingsStackTrigger/events/eventPresets';
import { isKnownEventName } from '../../../../nodes/TheThingsStackTrigger/events/eventRouting';

describe('event selection', () => {
	it('offers presets sorted by name, each made of events TTS defines', () => {
		const names = EVENT_PRESETS.map((preset) => preset.name);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
		for (const preset of EVENT_PRESETS) {
			for (const event of preset.events)
				expect([event, isKnownEventName(event)]).toEqual([event, true]);
		}
		expect(EVENT_PRESETS.find((preset) => preset.value === 'uplink')?.events).toEqual([
			'as.up.data.forward',
		]);
	});

	it('combines presets and custom names without repeats', () => {
		expect(selectEvents(['uplink', 'join'], [' as.up.data.forward ', '/^gs\\.up\\./', ''])).toEqual(
			{
				all: false,
				filters: ['as.up.data.forward', 'as.up.join.forward', '/^gs\\.up\\./'],
			},
		);
	});

	it('reads "All Events" as no filter at all', () => {
		expect(selectEvents(['uplink', 'all'], ['ns.up.data.receive'])).toEqual({
			all: true,
			filters: [],
		});
	});

	it('refuses custom entries that are neither names nor /patterns/', () => {
		expect(findEventFilterProblem('as.up.data.forward')).toBeUndefined();
		expect(findEventFilterProblem('/^as\\./')).toBeUndefined();
		expect(findEventFilterProblem('//')).toMatch(/empty/);
		expect(findEventFilterProblem('/^as\\.')).toMatch(/does not end/);
		expect(findEventFilterProblem('As Up')).toMatch(/not an event name/);
		expect(() => selectEvents([], ['uplink message'])).toThrow(/not an event name/);
	});

	it('matches names as the server filter does', () => {
		const matches = createEventMatcher(selectEvents(['uplink'], ['/^gs\\.gateway\\./']));
		expect(matches('as.up.data.forward')).toBe(true);
		expect(matches('gs.gateway.connect')).toBe(true);
		expect(matches('as.up.join.forward')).toBe(false);
		expect(createEventMatcher({ all: true, filters: [] })('anything')).toBe(true);
		// A pattern only RE2 understands is left to the server.
		expect(createEventMatcher(selectEvents([], ['/(?P<x>as)/']))('ns.up.data.receive')).toBe(true);
	});
});
