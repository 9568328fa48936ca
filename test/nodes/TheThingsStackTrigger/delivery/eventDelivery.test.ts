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

interface Execution {
	ids: string[];
	deduplicationKey?: string;
	/** The first item's `delivery` field. */
	delivery?: IDataObject;
	done?: { resolve(): void };
}

const idOf = (json: IDataObject) => {
	const up = json.data as IDataObject | undefined;
	return typeof json.unique_id === 'string'
		? json.unique_id
		: `stored ${String((up?.uplink_message as IDataObject).f_cnt)}`;
};

function createDelivery(
	overrides: Partial<DeliverySettings> = {},
	{ holdExecutions = false } = {},
) {
	const emitted: Emitted[] = [];
	const executions: Execution[] = [];
	const { context, workflow } = createTriggerContext({
		credentials: { apiKey: TEST_API_KEY, serverAddress: 'http://127.0.0.1:1' },
		emit: (data, _response, done, deduplicationKey) => {
			const savedKeys = savedKeysOf(workflow.staticData);
			for (const { json } of data[0]) emitted.push({ id: idOf(json), deduplicationKey, savedKeys });
			const execution: Execution = {
				ids: data[0].map(({ json }) => idOf(json)),
				deduplicationKey,
				delivery: data[0][0].json.delivery as IDataObject | undefined,
				done: done as Execution['done'],
			};
			executions.push(execution);
			if (!holdExecutions) setImmediate(() => execution.done?.resolve());
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
		batch: { maxItems: 1, maxWaitMs: 0 },
		maxInFlight: 10,
		backlog: { pauseAt: 2_000, resumeAt: 500 },
		...overrides,
	});
	return { delivery, emitted, executions, saved: () => savedKeysOf(workflow.staticData) };
}

/** The event keys of the resume point in the static data. */
function savedKeysOf(staticData: IDataObject): string[] {
	const point = parseResumePoint(
		(staticData['node:The Things Stack Trigger'] as IDataObject | undefined)?.resumePoint,
	);
	return (point?.sources.cluster?.keys ?? []).filter((key) => key.startsWith('event-'));
}

const tick = async () => await new Promise((resolve) => setImmediate(resolve));

describe('EventDelivery', () => {
	it('saves a point covering finished executions only, below the oldest unfinished one', async () => {
		const { delivery, executions, saved } = createDelivery(
			{ maxInFlight: 5 },
			{ holdExecutions: true },
		);
		for (let fCnt = 1; fCnt <= 12; fCnt++) delivery.accept('cluster', streamed(fCnt));
		await waitFor(() => executions.length === 5);
		await new Promise((resolve) => setTimeout(resolve, 50));
		// At the limit: nothing more is emitted, and nothing emitted is durable yet.
		expect(executions).toHaveLength(5);
		expect(saved()).toEqual([]);
		const finished = new Set<string>();
		const finish = async (index: number) => {
			executions[index].done?.resolve();
			for (const id of executions[index].ids) finished.add(id);
			await tick();
			expect(saved().filter((key) => !finished.has(key))).toEqual([]);
		};
		// Out of order: the second finishing first moves nothing.
		await finish(1);
		expect(saved()).toEqual([]);
		await finish(0);
		expect(saved()).toContain('event-1');
		await waitFor(() => executions.length === 7);
		for (let index = 2; index < 12; index++) {
			await waitFor(() => executions.length > index);
			await finish(index);
		}
		expect(executions.map((each) => each.ids[0])).toEqual(
			Array.from({ length: 12 }, (_, index) => `event-${index + 1}`),
		);
		// The point catches up with the last execution within a save interval.
		await waitFor(() => saved().includes('event-12'), { timeoutMs: 1_000 });
		delivery.stop();
	});

	it('batches by count and by time, one item per event, one key per batch', async () => {
		const { delivery, executions, emitted } = createDelivery({
			batch: { maxItems: 4, maxWaitMs: 60 },
		});
		for (let fCnt = 1; fCnt <= 10; fCnt++) delivery.accept('cluster', streamed(fCnt));
		await waitFor(() => executions.length === 2);
		expect(executions.map((each) => each.ids.length)).toEqual([4, 4]);
		await waitFor(() => executions.length === 3, { timeoutMs: 2_000 });
		expect(executions[2].ids).toEqual(['event-9', 'event-10']);
		expect(emitted.map((item) => item.id)).toEqual(
			Array.from({ length: 10 }, (_, index) => `event-${index + 1}`),
		);
		const keys = executions.map((each) => each.deduplicationKey);
		expect(new Set(keys).size).toBe(3);
		for (const key of keys) expect(key).toMatch(/^tts:w1:n1:batch:\d+:[0-9a-f]{64}$/);
		delivery.stop();
	});

	it('drains a backlog in full batches, and says how long the held-back items waited', async () => {
		const { delivery, executions, emitted } = createDelivery(
			{ batch: { maxItems: 4, maxWaitMs: 20 }, maxInFlight: 1 },
			{ holdExecutions: true },
		);
		delivery.accept('cluster', streamed(1));
		await waitFor(() => executions.length === 1);
		for (let fCnt = 2; fCnt <= 10; fCnt++) delivery.accept('cluster', streamed(fCnt));
		// Waiting a second makes an episode of holding back, which the next items tell of.
		await new Promise((resolve) => setTimeout(resolve, 1_400));
		expect(executions).toHaveLength(1);
		expect(delivery.backlog).toBe(9);
		for (let index = 0; index < 3; index++) {
			executions[index].done?.resolve();
			await waitFor(() => executions.length === index + 2);
		}
		expect(executions.map((each) => each.ids.length)).toEqual([1, 4, 4, 1]);
		expect(emitted).toHaveLength(10);
		expect(executions[0].delivery).toBeUndefined();
		expect(executions[1].delivery).toEqual({
			waitedMs: expect.any(Number),
			reason: 'max_executions_in_flight',
		});
		expect(executions[1].delivery?.waitedMs).toBeGreaterThanOrEqual(1_000);
		executions[3].done?.resolve();
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
