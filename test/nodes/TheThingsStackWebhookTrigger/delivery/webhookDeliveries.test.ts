import type { IDataObject } from 'n8n-workflow';

import { applicationUpKey } from '../../../../nodes/shared/delivery/applicationUp';
import type { ResumePoint } from '../../../../nodes/shared/delivery/resumePoint';
import type { Recovery } from '../../../../nodes/TheThingsStackWebhookTrigger/delivery/missedUplinks';
import {
	deliveriesOf,
	WebhookDeliveries,
} from '../../../../nodes/TheThingsStackWebhookTrigger/delivery/webhookDeliveries';

const start = Date.parse('2024-10-24T12:00:00Z');

function uplink(deviceId: string, fCnt: number, offsetMs: number): IDataObject {
	const receivedAt = new Date(start + offsetMs).toISOString();
	return {
		end_device_ids: { device_id: deviceId, application_ids: { application_id: 'app1' } },
		received_at: receivedAt,
		uplink_message: { f_cnt: fCnt, received_at: receivedAt },
	};
}

/** A resume point as a trigger saves it after delivering `ups`. */
function savedAfter(ups: IDataObject[]): ResumePoint {
	const deliveries = new WebhookDeliveries('scope', 'application:app1', undefined);
	for (const up of ups) void deliveries.accept(up, unexpectedRecovery);
	return { scope: 'scope', savedAtMs: start, sources: deliveries.snapshot() };
}

const unexpectedRecovery = async (): Promise<Recovery> => {
	throw new Error('no recovery expected');
};

describe('WebhookDeliveries', () => {
	it('takes the first message of a trigger without a resume point as it comes', async () => {
		const deliveries = new WebhookDeliveries('scope', 'application:app1', undefined);
		const up = uplink('dev1', 1, 0);
		expect(await deliveries.accept(up, unexpectedRecovery)).toEqual({ messages: [up], gaps: [] });
	});

	it('reads back what was missed since the resume point on the first message, then puts it first', async () => {
		const earlier = uplink('dev1', 1, 0);
		const deliveries = new WebhookDeliveries('scope', 'application:app1', savedAfter([earlier]));
		const missed = [uplink('dev1', 2, 60_000), uplink('dev2', 1, 61_000)];
		const live = uplink('dev1', 3, 120_000);
		const recover = jest.fn(async () => ({ uplinks: missed, gaps: [] }));
		expect(await deliveries.accept(live, recover)).toEqual({
			messages: [...missed, live],
			gaps: [],
		});
		expect(recover).toHaveBeenCalledWith({
			lastDeliveredMs: start,
			readFromMs: start - 10_000,
			toMs: start + 120_000,
			liveKey: applicationUpKey(live),
		});
		for (const up of [earlier, ...missed, live]) {
			expect(deliveries.isKnown(applicationUpKey(up) as string)).toBe(true);
		}
		const next = uplink('dev2', 2, 121_000);
		expect(await deliveries.accept(next, unexpectedRecovery)).toEqual({
			messages: [next],
			gaps: [],
		});
	});

	it('lets messages that come during the catch-up wait, and drops one the catch-up read', async () => {
		const deliveries = new WebhookDeliveries(
			'scope',
			'application:app1',
			savedAfter([uplink('dev1', 1, 0)]),
		);
		const missed = uplink('dev2', 1, 60_000);
		let finish!: (recovery: Recovery) => void;
		const first = deliveries.accept(
			uplink('dev1', 2, 120_000),
			async () => await new Promise<Recovery>((resolve) => (finish = resolve)),
		);
		const overtaken = deliveries.accept({ ...missed }, unexpectedRecovery);
		const later = uplink('dev2', 2, 121_000);
		const newer = deliveries.accept(later, unexpectedRecovery);
		let settled = false;
		void newer.then(() => (settled = true));
		await new Promise((resolve) => setImmediate(resolve));
		expect(settled).toBe(false);
		finish({ uplinks: [missed], gaps: [] });
		expect((await first)?.messages).toHaveLength(2);
		expect(await overtaken).toBeUndefined();
		expect(await newer).toEqual({ messages: [later], gaps: [] });
	});

	it('starts nothing for a message it took before', async () => {
		const deliveries = new WebhookDeliveries('scope', 'application:app1', undefined);
		const up = uplink('dev1', 1, 0);
		await deliveries.accept(up, unexpectedRecovery);
		expect(await deliveries.accept({ ...up }, unexpectedRecovery)).toBeUndefined();
	});

	it('passes the gaps of a catch-up on, also when the message itself was read already', async () => {
		const deliveries = new WebhookDeliveries(
			'scope',
			'application:app1',
			savedAfter([uplink('dev1', 1, 0)]),
		);
		const live = uplink('dev1', 2, 120_000);
		const gap = {
			reason: 'deliveries_missed' as const,
			server: 'webhook',
			from: 'a',
			to: 'b',
			message: 'missing',
		};
		const accepted = await deliveries.accept(live, async () => ({ uplinks: [], gaps: [gap] }));
		expect(accepted).toEqual({ messages: [live], gaps: [gap] });
	});
});

describe('deliveriesOf', () => {
	it('keeps one per trigger and activation, also for requests that come at once', async () => {
		const create = jest.fn(
			async () => new WebhookDeliveries('scope', 'application:app1', undefined),
		);
		const [a, b] = await Promise.all([
			deliveriesOf('workflow/node-a', 'activation-1', create),
			deliveriesOf('workflow/node-a', 'activation-1', create),
		]);
		expect(a).toBe(b);
		expect(create).toHaveBeenCalledTimes(1);
		const again = await deliveriesOf('workflow/node-a', 'activation-2', create);
		expect(again).not.toBe(a);
		expect(await deliveriesOf('workflow/node-b', 'activation-1', create)).not.toBe(again);
		expect(create).toHaveBeenCalledTimes(3);
	});
});
