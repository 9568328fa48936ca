import type {
	ExecutionError,
	IConnections,
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	IRun,
	ITriggerResponse,
	IWorkflowBase,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { createRunExecutionData, NodeConnectionTypes, Workflow } from 'n8n-workflow';
import { TriggerContext, WorkflowExecute } from 'n8n-core';

import { createAdditionalData } from './additionalData';
import { nodeTypes, PASS_THROUGH_NODE_TYPE, SLOW_NODE_TYPE, TRIGGER_NODE_TYPE } from './nodeTypes';
import { CREDENTIAL_TYPE } from './workflow';

export interface ActivateTriggerOptions {
	parameters: INodeParameters;
	credentials: ICredentialDataDecryptedObject;
	mode?: WorkflowExecuteMode;
	/**
	 * The workflow's static data, as n8n keeps it across restarts: pass `staticData` of an earlier
	 * activation to activate the same workflow again.
	 */
	staticData?: IDataObject;
	/**
	 * Whether n8n finishes each execution at once (the default: its donePromise is resolved on the
	 * next turn of the event loop) or only when the test calls finishExecutions.
	 */
	holdExecutions?: boolean;
	/**
	 * Runs each emitted execution through the real engine (WorkflowExecute: the trigger, then a
	 * step that takes `slowStepMs`), settling its donePromise from the engine's
	 * workflowExecuteAfter hook as n8n does.
	 */
	runExecutions?: { slowStepMs: number };
}

/** emit's donePromise, as n8n passes it on: settled when the execution ended. */
export interface DonePromise {
	promise: Promise<unknown>;
	resolve(run?: IRun): void;
	reject(error: Error): void;
}

export interface ActiveTrigger {
	response: ITriggerResponse;
	/** Every `emit` call: one entry per execution n8n would start. */
	emits: INodeExecutionData[][][];
	/** The deduplication key (`emit`'s fourth argument, n8n 2.x) of each `emit` call. */
	deduplicationKeys: Array<string | undefined>;
	/** Every `emitError` call. */
	errors: Error[];
	/** Every `saveFailedExecution` call (n8n 2.x: a failed execution while the trigger stays up). */
	failedExecutions: Error[];
	/** The workflow's static data (what n8n would save). */
	staticData: IDataObject;
	/** All emitted items, flattened, in order. */
	items(): INodeExecutionData[];
	/** Executions started and not finished (with `holdExecutions` or `runExecutions`). */
	unfinished(): number;
	/** The runs the engine finished (with `runExecutions`), in the order they finished. */
	runs: IRun[];
	/** Finishes the oldest `count` unfinished executions (all by default), as n8n would. */
	finishExecutions(count?: number): void;
	close(): Promise<void>;
}

/**
 * Activates the trigger node the way an active workflow does: a real n8n-core TriggerContext
 * (mode `trigger`, activation `activate`) whose emit/emitError are recorded.
 */
export async function activateTrigger(options: ActivateTriggerOptions): Promise<ActiveTrigger> {
	const emits: INodeExecutionData[][][] = [];
	const deduplicationKeys: Array<string | undefined> = [];
	const errors: Error[] = [];
	const failedExecutions: Error[] = [];
	const unfinished: DonePromise[] = [];
	const runs: IRun[] = [];
	let running = 0;
	const { context, workflow } = createTriggerContext({
		...options,
		emit: (data, _responsePromise, donePromise, deduplicationKey) => {
			emits.push(data);
			deduplicationKeys.push(deduplicationKey);
			const done = donePromise as DonePromise | undefined;
			if (options.runExecutions) {
				running += 1;
				void runThroughEngine(data, options, (run) => {
					running -= 1;
					runs.push(run);
					done?.resolve(run);
				});
				return;
			}
			if (!done) return;
			if (options.holdExecutions) unfinished.push(done);
			else setImmediate(() => done.resolve());
		},
		emitError: (error) => errors.push(error),
		saveFailedExecution: (error) => failedExecutions.push(error),
	});
	const nodeType = nodeTypes.getByNameAndVersion(TRIGGER_NODE_TYPE, 1) as INodeType;
	const response = (await nodeType.trigger!.call(context)) ?? {};
	let closed = false;
	return {
		response,
		emits,
		deduplicationKeys,
		errors,
		failedExecutions,
		staticData: workflow.staticData,
		items: () => emits.flatMap((data) => data[0] ?? []),
		unfinished: () => unfinished.length + running,
		runs,
		finishExecutions: (count = unfinished.length) => {
			for (const done of unfinished.splice(0, count)) done.resolve();
		},
		close: async () => {
			if (closed) return;
			closed = true;
			await response.closeFunction?.();
		},
	};
}

/**
 * One execution of an active workflow as n8n runs it after an emit: the trigger's items start
 * the engine at the trigger node (which passes them on), then a slow step; `finished` gets the
 * run from the workflowExecuteAfter hook.
 */
async function runThroughEngine(
	data: INodeExecutionData[][],
	options: ActivateTriggerOptions,
	finished: (run: IRun) => void,
): Promise<void> {
	const trigger: INode = {
		id: 'tts-trigger',
		name: 'The Things Stack Trigger',
		type: TRIGGER_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: options.parameters,
		credentials: { [CREDENTIAL_TYPE]: { id: 'tts-credential', name: 'The Things Stack test' } },
	};
	const slow: INode = {
		id: 'slow',
		name: 'Slow',
		type: SLOW_NODE_TYPE,
		typeVersion: 1,
		position: [200, 0],
		parameters: { delayMs: options.runExecutions?.slowStepMs ?? 0 },
	};
	const connections: IConnections = {
		[trigger.name]: { main: [[{ node: slow.name, type: NodeConnectionTypes.Main, index: 0 }]] },
	};
	const workflowData = {
		id: 'trigger-workflow',
		nodes: [trigger, slow],
		connections,
	} as unknown as IWorkflowBase;
	const workflow = new Workflow({
		id: workflowData.id,
		nodes: [trigger, slow],
		connections,
		active: true,
		nodeTypes,
	});
	const { additionalData, finished: ended } = createAdditionalData(workflowData, {
		[CREDENTIAL_TYPE]: options.credentials,
	});
	const runData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: trigger, data: { main: data }, source: null }],
		},
	});
	void new WorkflowExecute(additionalData, 'trigger', runData).processRunExecutionData(workflow);
	finished(await ended);
}

export interface TriggerContextOptions {
	credentials: ICredentialDataDecryptedObject;
	parameters?: INodeParameters;
	mode?: WorkflowExecuteMode;
	staticData?: IDataObject;
	emit?: (
		data: INodeExecutionData[][],
		responsePromise?: unknown,
		donePromise?: unknown,
		deduplicationKey?: string,
	) => void;
	emitError?: (error: Error) => void;
	saveFailedExecution?: (error: ExecutionError) => void;
}

/**
 * A real n8n-core TriggerContext of the trigger node in an active workflow, as n8n 2.x builds it
 * (its emit takes a deduplication key); for tests of what the trigger does through its context.
 */
export function createTriggerContext(options: TriggerContextOptions): {
	context: TriggerContext;
	workflow: Workflow;
} {
	const node: INode = {
		id: 'tts-trigger',
		name: 'The Things Stack Trigger',
		type: TRIGGER_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: options.parameters ?? {},
		credentials: { [CREDENTIAL_TYPE]: { id: 'tts-credential', name: 'The Things Stack test' } },
	};
	const workflow = new Workflow({
		id: 'trigger-workflow',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes,
		staticData: options.staticData,
	});
	const { additionalData } = createAdditionalData(
		{ id: 'trigger-workflow', nodes: [node], connections: {} } as unknown as IWorkflowBase,
		{ [CREDENTIAL_TYPE]: options.credentials },
	);
	const context = new TriggerContext(
		workflow,
		node,
		additionalData,
		options.mode ?? 'trigger',
		'activate',
		(options.emit ?? (() => {})) as TriggerContext['emit'],
		options.emitError ?? (() => {}),
		options.saveFailedExecution ?? (() => {}),
	);
	return { context, workflow };
}

/** Polls until `condition` holds or `timeoutMs` passes; for waiting on asynchronous effects. */
export async function waitFor(
	condition: () => boolean,
	{ timeoutMs = 10_000, intervalMs = 10, what = 'condition' } = {},
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, intervalMs));
	}
}

/**
 * Waits until the trigger emitted `count` items, or emitted nothing for `quietMs`: for tests that
 * must also end, and then fail, when events never come.
 */
export async function waitForItemsOrQuiet(
	trigger: ActiveTrigger,
	count: number,
	{ quietMs = 1_500, timeoutMs = 60_000 } = {},
): Promise<void> {
	let seen = -1;
	let quietSince = Date.now();
	await waitFor(
		() => {
			const emitted = trigger.items().length;
			if (emitted !== seen) {
				seen = emitted;
				quietSince = Date.now();
			}
			return emitted >= count || Date.now() - quietSince >= quietMs;
		},
		{ timeoutMs, what: `${count} items, or a quiet trigger` },
	);
}

export interface ManualTriggerOptions {
	parameters: INodeParameters;
	credentials: ICredentialDataDecryptedObject;
	/** Runs once the trigger is listening (the engine is waiting for its first event). */
	whileListening?: () => void | Promise<void>;
	/** The workflow's static data (e.g. that of the active workflow). */
	staticData?: IDataObject;
}

export interface ManualTriggerRun {
	/** What the trigger node output in the test run. */
	items: INodeExecutionData[];
	/** What the node after it received. */
	nextNodeItems: INodeExecutionData[];
	error?: ExecutionError;
	run: IRun;
	/** The workflow's static data after the run. */
	staticData: IDataObject;
}

/**
 * "Listen for test event" in the editor: the real WorkflowExecute runs the workflow in manual
 * mode from the trigger, which feeds a pass-through node; n8n closes the trigger after the first
 * event it emits.
 */
export async function runTriggerManually(options: ManualTriggerOptions): Promise<ManualTriggerRun> {
	const trigger: INode = {
		id: 'tts-trigger',
		name: 'The Things Stack Trigger',
		type: TRIGGER_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: options.parameters,
		credentials: { [CREDENTIAL_TYPE]: { id: 'tts-credential', name: 'The Things Stack test' } },
	};
	const next: INode = {
		id: 'next',
		name: 'Next',
		type: PASS_THROUGH_NODE_TYPE,
		typeVersion: 1,
		position: [200, 0],
		parameters: {},
	};
	const connections: IConnections = {
		[trigger.name]: { main: [[{ node: next.name, type: NodeConnectionTypes.Main, index: 0 }]] },
	};
	const workflowData = {
		id: 'manual-trigger-workflow',
		name: 'Manual trigger',
		active: false,
		isArchived: false,
		nodes: [trigger, next],
		connections,
		createdAt: new Date(),
		updatedAt: new Date(),
		activeVersionId: null,
	} as unknown as IWorkflowBase;
	const workflow = new Workflow({
		id: workflowData.id,
		nodes: [trigger, next],
		connections,
		active: false,
		nodeTypes,
		staticData: options.staticData,
	});
	const { additionalData, finished } = createAdditionalData(workflowData, {
		[CREDENTIAL_TYPE]: options.credentials,
	});
	const execution = new WorkflowExecute(additionalData, 'manual');
	const running = execution.run({ workflow, startNode: trigger });
	if (options.whileListening) await options.whileListening();
	const run = await running;
	await finished;
	const runData = run.data.resultData.runData;
	return {
		items: runData[trigger.name]?.[0]?.data?.main?.[0] ?? [],
		nextNodeItems: runData[next.name]?.[0]?.data?.main?.[0] ?? [],
		error: run.data.resultData.error,
		run,
		staticData: workflow.staticData,
	};
}
