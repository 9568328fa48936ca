import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { Simulator } from '../../../../simulator';
import type { ActionRun, OnError } from '../../../support/workflow';
import { runActionNode } from '../../../support/workflow';

/** A resource locator value given "By ID", as a workflow stores it. */
export function byId(value: string) {
	return { __rl: true, mode: 'id', value };
}

export interface RunOptions {
	/** Input items; one empty item by default. */
	items?: IDataObject[];
	onError?: OnError;
	/** Extra credential fields (tenant, Identity Server address, ...). */
	credentials?: IDataObject;
}

/** Runs the action node through n8n's engine against the simulator, with the given API key. */
export async function runNode(
	sim: Simulator,
	apiKey: string,
	parameters: INodeParameters,
	options: RunOptions = {},
): Promise<ActionRun> {
	return await runActionNode({
		parameters,
		items: (options.items ?? [{}]).map((json) => ({ json })),
		credentials: { apiKey, serverAddress: sim.url, ...options.credentials },
		onError: options.onError,
	});
}

/** The JSON of the output items. */
export function outputJson(run: ActionRun): IDataObject[] {
	return run.items.map((item) => item.json);
}

/** The pairedItem indexes of the output items. */
export function pairedItems(run: ActionRun): number[] {
	return run.items.map((item) => (item.pairedItem as { item: number }).item);
}

/** Requests that reached the simulator, as `METHOD /path`. */
export function requestsOf(sim: Simulator): string[] {
	return sim.requestLog().map((entry) => `${entry.method} ${entry.path}`);
}
