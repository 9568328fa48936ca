import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	NodeApiError,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { takeWarnings } from '../../shared/transport';
import { errorDetailsOf, withItemNumber } from '../helpers/errors';
import { resources } from './resources';
import type { OperationModule } from './types';

/**
 * Runs the chosen operation over every input item: validates all items first, then executes them
 * (concurrently when the operation allows it), and returns the outputs in input order, each with
 * its pairedItem. With Continue On Fail a failed item becomes an error item and the rest go on.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operations = resources[resource as keyof typeof resources]?.operations as
		Record<string, OperationModule> | undefined;
	const operation = operations?.[operationName];
	if (!operation) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operationName}" of resource "${resource}" is not supported`,
		);
	}

	const outputs: INodeExecutionData[][] = new Array(items.length);
	const inputs: unknown[] = new Array(items.length);
	const continueOnFail = this.continueOnFail();

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			inputs[itemIndex] = operation.prepare
				? await operation.prepare.call(this, itemIndex)
				: undefined;
		} catch (error) {
			const itemError = withItemNumber(this.getNode(), error, itemIndex);
			if (!continueOnFail) throw itemError;
			outputs[itemIndex] = [errorItem.call(this, itemError, itemIndex)];
		}
	}

	const pending = items.map((_, itemIndex) => itemIndex).filter((i) => outputs[i] === undefined);
	const concurrency = Math.max(1, Math.floor(operation.concurrency?.call(this) ?? 1));
	let firstFailure: Error | undefined;
	let next = 0;

	const worker = async () => {
		while (next < pending.length && !firstFailure) {
			const itemIndex = pending[next++];
			try {
				const data = await operation.execute.call(this, itemIndex, inputs[itemIndex]);
				outputs[itemIndex] = outputItems.call(this, data, itemIndex);
			} catch (error) {
				const itemError = withItemNumber(this.getNode(), error, itemIndex);
				if (!continueOnFail) {
					firstFailure ??= itemError;
					return;
				}
				outputs[itemIndex] = [errorItem.call(this, itemError, itemIndex)];
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, pending.length) }, worker));
	if (firstFailure) throw firstFailure;

	return [outputs.flat()];
}

function outputItems(
	this: IExecuteFunctions,
	data: IDataObject | IDataObject[],
	itemIndex: number,
): INodeExecutionData[] {
	const warnings = takeWarnings(this, itemIndex);
	const list = Array.isArray(data) ? data : [data];
	const withWarnings = warnings.length ? list.map((json) => ({ ...json, warnings })) : list;
	return this.helpers.constructExecutionMetaData(this.helpers.returnJsonArray(withWarnings), {
		itemData: { item: itemIndex },
	});
}

// With "Using Error Output", n8n sends an item to the error output, merged with its input row,
// when its JSON holds only `error`, `message` and `details` (n8n 2.x), or only `error` and
// `message` (n8n 1.x, which has no isToolExecution). The facts about the failure therefore go
// under `details`, or into `message` as text where `details` would not be routed.
function errorItem(
	this: IExecuteFunctions,
	error: NodeApiError | NodeOperationError,
	itemIndex: number,
): INodeExecutionData {
	const details: IDataObject = {
		item: itemIndex,
		...(error.description ? { description: error.description } : {}),
		...errorDetailsOf(error),
	};
	const detailsRouted =
		typeof (this as { isToolExecution?: unknown }).isToolExecution === 'function';
	if (this.getNode().onError === 'continueErrorOutput' && !detailsRouted) {
		return {
			json: { error: error.message, message: describeDetails(details) },
			pairedItem: { item: itemIndex },
		};
	}
	return { json: { error: error.message, details }, pairedItem: { item: itemIndex } };
}

function describeDetails(details: IDataObject): string {
	return Object.entries(details)
		.map(
			([name, value]) =>
				`${name}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`,
		)
		.join('\n');
}
