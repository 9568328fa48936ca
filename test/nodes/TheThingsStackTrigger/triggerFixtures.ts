import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import type { Simulator } from '../../../simulator';
import type { ActivateTriggerOptions, ActiveTrigger } from '../../support/trigger';
import { parseResumePoint } from '../../../nodes/shared/delivery/resumePoint';
import { activateTrigger, waitFor } from '../../support/trigger';

/** The trigger on the uplinks of application `app1`, output as The Things Stack sent them. */
export const watchApp1: INodeParameters = {
	watch: 'application',
	applicationId: { __rl: true, mode: 'id', value: 'app1' },
	events: ['uplink'],
	output: 'raw',
};

/** The frame counters of the uplinks among raw items, in order. */
export function fCntsOf(items: INodeExecutionData[]): number[] {
	return items
		.filter((item) => item.json.name === 'as.up.data.forward')
		.map((item) => Number(((item.json.data as IDataObject).uplink_message as IDataObject).f_cnt));
}

/**
 * The `streamGaps` entries of the items; without the notice an activation gives when the
 * application has no Storage Integration unless asked: it reports no loss.
 */
export function gapsOf(items: INodeExecutionData[], { withNotice = false } = {}): IDataObject[] {
	return items
		.flatMap((item) => (item.json.streamGaps as IDataObject[]) ?? [])
		.filter((gap) => withNotice || gap.reason !== 'no_storage_integration');
}

/** The static data as n8n's database gives it back: JSON, without the change tracking. */
export function asSaved(staticData: IDataObject): IDataObject {
	return JSON.parse(JSON.stringify(staticData)) as IDataObject;
}

/** The event stream subscriptions the simulator received. */
export function eventRequests(sim: Simulator) {
	return sim.requestLog().filter((entry) => entry.path === '/api/v3/events');
}

/**
 * Activates triggers on the simulator and key of the moment (they change per test), and closes
 * every one of them at the end of the test (`closeAll` in `afterEach`).
 */
export function triggerActivations(current: () => { sim: Simulator; key: string }) {
	const active: ActiveTrigger[] = [];
	return {
		activate: async (
			parameters: INodeParameters,
			staticData?: IDataObject,
			executions: Pick<ActivateTriggerOptions, 'holdExecutions' | 'runExecutions'> = {},
		) => {
			const { sim, key } = current();
			const trigger = await activateTrigger({
				parameters,
				credentials: { apiKey: key, serverAddress: sim.url },
				staticData,
				...executions,
			});
			active.push(trigger);
			return trigger;
		},
		closeAll: async () => {
			for (const trigger of active.splice(0)) await trigger.close();
		},
	};
}

/**
 * Waits until the resume point in the static data covers the last emitted item: it moves as n8n
 * finishes executions (at most every 25 ms), so a test that stops the trigger cleanly and expects
 * nothing again after the restart waits for it first.
 */
export async function waitForSavedPoint(trigger: ActiveTrigger): Promise<void> {
	const last = trigger.items().at(-1)?.json.unique_id;
	await waitFor(
		() => {
			const point = parseResumePoint(
				(trigger.staticData['node:The Things Stack Trigger'] as IDataObject | undefined)
					?.resumePoint,
			);
			return Object.values(point?.sources ?? {}).some((source) =>
				source.keys.includes(String(last)),
			);
		},
		{ timeoutMs: 2_000, what: 'the saved point to cover the last item' },
	);
}
