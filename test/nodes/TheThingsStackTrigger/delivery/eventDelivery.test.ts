import type { IDataObject } from 'n8n-workflow';

import { DeliveryLedger } from '../../../../nodes/shared/delivery/deliveryLedger';
import { parseResumePoint, ResumePointStore } from '../../../../nodes/shared/delivery/resumePoint';
import type { DeliverySettings } from '../../../../nodes/TheThingsStackTrigger/delivery/eventDelivery';
import { EventDelivery } from '../../../../nodes/TheThingsStackTrigger/delivery/eventDelivery';
import type { DeliveredEvent } from '../../../../nodes/TheThingsStackTrigger/stream/eventStreamRunner';
import { TEST_API_KEY } from '../../../support/constants';
import { createTriggerContext, waitFor } from '../../../support/trigger';

const T0 = Date.UTC(2024, 9, 1, 12);
const iso = (ms: number) => new Date(ms).toISOString();
const ids = { device_id: 'dev1', application_ids: { application_id: 'app1' } };

/** An uplink as the Application Server forwards it (the data of as.up.data.forward). */
const applicationUp = (fCnt: number): IDataObject => ({
	end_device_ids: ids,
	received_at: iso(T0 + fCnt),
	uplink_message: { f_cnt: fCnt, received_at: iso(T0 + fCnt - 1) },
});

const streamed = (fCnt: number, overrides: Partial<DeliveredEvent> = {}): DeliveredEvent => ({
	event: {
		name: 'as.up.data.forward',
		time: iso(T0 + fCnt + 2),
		identifiers: [{ device_ids: ids }],
		data: { '@type': 'type.googleapis.com/ttn.lorawan.v3.ApplicationUp', ...applicationUp(fCnt) },
		unique_id: `event-${fCnt}`,
		origin: 'test',
	},
	key: `event-${fCnt}`,
	timeMs: T0 + fCnt + 2,
	entities: ['application:app1'],
	replayed: false,
	withoutData: false,
	...overrides,
});

interface Emitted {
	/** The event's unique ID; `stored <f_cnt>` for an uplink read from storage. */
	id: string;
	deduplicationKey?: string;
	/** The keys of the resume point in the static data when the item was emitted. */
	savedKeys: string[];
}

function createDelivery(overrides: Partial<DeliverySettings> = {}) {
	const emitted: Emitted[] = [];
	const { context, workflow } = createTriggerContext({
		credentials: { apiKey: TEST_API_KEY, serverAddress: 'http://127.0.0.1:1' },
		emit: (data, _response, _done, deduplicationKey) => {
			const json = data[0][0].json;
			const up = json.data as IDataObject | undefined;
			const point = parseResumePoint(
				(workflow.staticData['node:The Things Stack Trigger'] as IDataObject | undefined)
					?.resumePoint,
			);
			emitted.push({
				id:
					typeof json.unique_id === 'string'
						? json.unique_id
						: `stored ${String((up?.uplink_message as IDataObject).f_cnt)}`,
				deduplicationKey,
				savedKeys: point?.sources.cluster?.keys ?? [],
			});
		},
	});
	const manual = overrides.manual ?? false;
	const delivery = new EventDelivery(context, {
		output: 'raw',
		manual,
		ledger: new DeliveryLedger({ overlapMs: 1_000, maxRemembered: 200 }),
		store: manual ? undefined : new ResumePointStore(context.getWorkflowStaticData('node'), 's'),
		deduplication: manual ? undefined : { workflowId: 'w1', nodeId: 'n1' },
		delivered: [],
		recentCapacity: 100,
		sliceMs: 8,
		...overrides,
	});
	return { delivery, emitted };
}

describe('EventDelivery', () => {
	it('saves before the emit that ends a burst, and never a point covering what was not emitted', async () => {
		const { delivery, emitted } = createDelivery();
		// Four chunks of a stream, read one after the other: within the 25 ms between saves.
		for (let fCnt = 1; fCnt <= 40; fCnt++) {
			delivery.accept('cluster', streamed(fCnt));
			if (fCnt % 10 === 0) await new Promise((resolve) => setImmediate(resolve));
		}
		await waitFor(() => emitted.length === 40);
		// Not every emit followed a save…
		expect(new Set(emitted.map((item) => item.savedKeys.length)).size).toBeGreaterThan(1);
		expect(emitted.map((item) => item.id)).toEqual(
			Array.from({ length: 40 }, (_, index) => `event-${index + 1}`),
		);
		for (const [index, item] of emitted.entries()) {
			const emittedSoFar = emitted.slice(0, index + 1).map((each) => each.id);
			const savedEvents = item.savedKeys.filter((key) => key.startsWith('event-'));
			expect(savedEvents.filter((key) => !emittedSoFar.includes(key))).toEqual([]);
		}
		// The last emit follows a save that covers it.
		expect(emitted[39].savedKeys).toContain('event-40');
		delivery.stop();
	});

	it('emits an uplink once, whether it came from storage or the stream first', async () => {
		const { delivery, emitted } = createDelivery();
		const hold = delivery.hold();
		delivery.accept('cluster', streamed(2));
		await hold.reached;
		expect(delivery.recovered('cluster', applicationUp(1))).toBe(true);
		expect(delivery.recovered('cluster', applicationUp(2))).toBe(true);
		delivery.flush();
		hold.release();
		delivery.accept('cluster', streamed(1, { key: 'event-1-again' }));
		await waitFor(() => emitted.length >= 2);
		await new Promise((resolve) => setTimeout(resolve, 150));
		expect(emitted.map((item) => item.id)).toEqual(['stored 1', 'stored 2']);
		// The same key for the stored and the streamed copy: n8n 2.x would drop a second one.
		expect(emitted[0].deduplicationKey).toBe(
			`tts:w1:n1:uplink_message:app1/dev1@${iso(T0 + 1)}|${iso(T0)}#1`,
		);
		expect(delivery.recovered('cluster', applicationUp(2))).toBe(false);
		delivery.stop();
	});

	it('drops uplinks replayed without their data where storage gave them back', async () => {
		const { delivery, emitted } = createDelivery();
		delivery.covered([{ applicationId: 'app1' }], T0, T0 + 100);
		const withoutData = (fCnt: number): DeliveredEvent => ({
			...streamed(fCnt),
			event: {
				name: 'as.up.data.forward',
				time: iso(T0 + fCnt),
				identifiers: [{ application_ids: { application_id: 'app1' } }],
				unique_id: `event-${fCnt}`,
			},
			replayed: true,
			withoutData: true,
		});
		delivery.accept('cluster', withoutData(50));
		delivery.accept('cluster', withoutData(150));
		delivery.accept('cluster', streamed(151));
		await waitFor(() => emitted.length === 2);
		// The one outside what storage gave back is emitted as it came.
		expect(emitted.map((item) => item.id)).toEqual(['event-150', 'event-151']);
		delivery.stop();
	});

	it('in a test run, emits the first item only, without a key, and saves nothing', async () => {
		const { delivery, emitted } = createDelivery({ manual: true });
		delivery.accept('cluster', streamed(1));
		delivery.accept('cluster', streamed(2));
		await waitFor(() => emitted.length === 1);
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect(emitted).toEqual([{ id: 'event-1', deduplicationKey: undefined, savedKeys: [] }]);
		delivery.stop();
	});
});
