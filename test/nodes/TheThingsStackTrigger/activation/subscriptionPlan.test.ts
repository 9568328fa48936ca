import { planSubscriptions } from '../../../../nodes/TheThingsStackTrigger/activation/subscriptionPlan';
import type { WatchedEntity } from '../../../../nodes/TheThingsStackTrigger/activation/watchedEntities';
import { selectEvents } from '../../../../nodes/TheThingsStackTrigger/events/eventSelection';

const app: WatchedEntity = { kind: 'application', applicationId: 'app1' };
const device: WatchedEntity = { kind: 'device', applicationId: 'app1', deviceId: 'dev1' };
const gateway: WatchedEntity = { kind: 'gateway', gatewayId: 'gw1' };

describe('planSubscriptions', () => {
	it('opens one stream with every name when one host serves everything', () => {
		const plans = planSubscriptions(
			[app, gateway],
			selectEvents(['uplink', 'deviceCreated'], []),
			false,
		);
		expect(plans).toEqual([
			{
				host: 'cluster',
				names: ['as.up.data.forward', 'end_device.create'],
				identifiers: [
					{ application_ids: { application_id: 'app1' } },
					{ gateway_ids: { gateway_id: 'gw1' } },
				],
				deviceApplications: [],
			},
		]);
	});

	it('splits the names between the Identity Server and the cluster, and opens only what is needed', () => {
		const both = planSubscriptions([app], selectEvents(['uplink', 'deviceCreated'], []), true);
		expect(both.map(({ host, names }) => ({ host, names }))).toEqual([
			{ host: 'identityServer', names: ['end_device.create'] },
			{ host: 'cluster', names: ['as.up.data.forward'] },
		]);
		expect(
			planSubscriptions([app], selectEvents(['uplink'], []), true).map((plan) => plan.host),
		).toEqual(['cluster']);
		const all = planSubscriptions([app], selectEvents(['all'], []), true);
		expect(all.map(({ host, names }) => ({ host, names }))).toEqual([
			{ host: 'identityServer', names: [] },
			{ host: 'cluster', names: [] },
		]);
	});

	it('sends a pattern to the hosts of the names it matches, and to both when it matches none it knows', () => {
		const plans = planSubscriptions(
			[app],
			selectEvents([], ['/^(end_device|as\\.up)\\./', '/^gs\\.up\\./']),
			true,
		);
		expect(plans.map(({ host, names }) => ({ host, names }))).toEqual([
			{ host: 'identityServer', names: ['/^(end_device|as\\.up)\\./'] },
			{ host: 'cluster', names: ['/^(end_device|as\\.up)\\./', '/^gs\\.up\\./'] },
		]);
		const unknown = planSubscriptions([app], selectEvents([], ['/^future\\./']), true);
		expect(unknown.map((plan) => plan.host)).toEqual(['identityServer', 'cluster']);
	});

	it('names the devices of watched applications for events TTS does not pass on to applications', () => {
		expect(
			planSubscriptions([app, device], selectEvents(['uplink'], []), false)[0].deviceApplications,
		).toEqual([]);
		expect(
			planSubscriptions([app, device], selectEvents([], ['ns.up.data.receive']), false)[0]
				.deviceApplications,
		).toEqual(['app1']);
		expect(
			planSubscriptions([app], selectEvents(['all'], []), false)[0].deviceApplications,
		).toEqual(['app1']);
		expect(
			planSubscriptions([app], selectEvents([], ['/^ns\\.up\\.data\\./']), false)[0]
				.deviceApplications,
		).toEqual(['app1']);
		const split = planSubscriptions([app], selectEvents(['all'], []), true);
		expect(split.map((plan) => [plan.host, plan.deviceApplications])).toEqual([
			['identityServer', []],
			['cluster', ['app1']],
		]);
	});
});
