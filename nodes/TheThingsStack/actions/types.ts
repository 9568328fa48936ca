import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/**
 * One operation of the action node, as exported by its `<name>.operation.ts` module.
 * `prepare` reads and validates an item's parameters without sending anything, so that every
 * item is checked before the first request of the run; `execute` sends the requests and returns
 * the item's output.
 */
export interface OperationModule<TInput = unknown> {
	description: INodeProperties[];
	prepare?(this: IExecuteFunctions, itemIndex: number): TInput | Promise<TInput>;
	execute(
		this: IExecuteFunctions,
		itemIndex: number,
		input: TInput,
	): Promise<IDataObject | IDataObject[]>;
	/** How many items may be processed at once; read once per run. Default 1. */
	concurrency?(this: IExecuteFunctions): number;
}

export interface ResourceModule {
	description: INodeProperties[];
	operations: Record<string, OperationModule>;
}
