import {
	ALL_EVENT_NAMES,
	hostOfEvent,
	isKnownEventName,
	namesMatchingPattern,
	needsDeviceSubscription,
} from '../../../../nodes/TheThingsStackTrigger/events/eventRouting';
import messages from '../../../../simulator/generated/messages.json';

describe('event routing', () => {
	it('knows every event name TTS defines', () => {
		expect([...ALL_EVENT_NAMES].sort()).toEqual([...messages.events].sort());
		expect(isKnownEventName('as.up.data.forward')).toBe(true);
		expect(isKnownEventName('as.up.data.forwarded')).toBe(false);
	});

	it('sends registry events to the Identity Server and traffic to the cluster', () => {
		expect(hostOfEvent('end_device.create')).toBe('identityServer');
		expect(hostOfEvent('application.update')).toBe('identityServer');
		expect(hostOfEvent('gateway.delete')).toBe('identityServer');
		expect(hostOfEvent('as.up.data.forward')).toBe('cluster');
		expect(hostOfEvent('gs.gateway.connect')).toBe('cluster');
		expect(hostOfEvent('ns.end_device.create')).toBe('cluster');
		// Names of a newer stack go by their family.
		expect(hostOfEvent('end_device.future')).toBe('identityServer');
		expect(hostOfEvent('as.future')).toBe('cluster');
	});

	it('names the device events an application subscription does not receive (tts-api.md §8.1)', () => {
		for (const name of [
			'ns.up.data.receive',
			'ns.up.data.process',
			'ns.up.data.forward',
			'as.up.data.receive',
			'as.up.join.receive',
			'as.down.data.forward',
			'ns.down.data.schedule.attempt',
			'ns.down.data.schedule.success',
		]) {
			expect([name, needsDeviceSubscription(name)]).toEqual([name, true]);
		}
		for (const name of [
			'as.up.data.forward',
			'as.up.join.forward',
			'as.down.data.ack.forward',
			'js.join.accept',
			'ns.up.join.process',
			'ns.down.data.schedule.fail',
			'ns.end_device.create',
			'end_device.create',
			'gs.gateway.connect',
			'application.update',
		]) {
			expect([name, needsDeviceSubscription(name)]).toEqual([name, false]);
		}
	});

	it('expands patterns against the known names, and gives up on syntax JavaScript cannot read', () => {
		expect(namesMatchingPattern('/^gs\\.gateway\\./')).toEqual([
			'gs.gateway.connect',
			'gs.gateway.connection.stats',
			'gs.gateway.disconnect',
		]);
		expect(namesMatchingPattern('/^nothing$/')).toEqual([]);
		expect(namesMatchingPattern('/(?P<x>as)/')).toBeUndefined();
	});
});
