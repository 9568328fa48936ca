import type {
	ExecutionError,
	ICredentialDataDecryptedObject,
	IConnections,
	INode,
	INodeExecutionData,
	INodeParameters,
	IRun,
	IWorkflowBase,
} from 'n8n-workflow';
import { createRunExecutionData, Workflow } from 'n8n-workflow';
import { WorkflowExecute } from 'n8n-core';

import { createAdditionalData } from './additionalData';
import { ACTION_NODE_TYPE, nodeTypes } from './nodeTypes';

export const CREDENTIAL_TYPE = 'theThingsStackApi';

export type OnError = 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';

export interface RunActionOptions {
	/** Node type to run; the action node by default. */
	type?: string;
	parameters: INodeParameters;
	/** Input items of the node; one empty item by default. */
	items?: INodeExecutionData[];
	credentials: ICredentialDataDecryptedObject;
	onError?: OnError;
}

export interface ActionRun {
	/** Main output (output 0). */
	items: INodeExecutionData[];
	/** Error output (output 1), with onError `continueErrorOutput`. */
	errorItems: INodeExecutionData[];
	/** The error that stopped the run, if any. */
	error?: ExecutionError;
	run: IRun;
}

/**
 * Runs the action node on the given input items through n8n-core's real WorkflowExecute, with
 * real credentials handling and real HTTP.
 */
export async function runActionNode(options: RunActionOptions): Promise<ActionRun> {
	const node: INode = {
		id: 'tts-node',
		name: 'Node under test',
		type: options.type ?? ACTION_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: options.parameters,
		credentials: { [CREDENTIAL_TYPE]: { id: 'tts-credential', name: 'The Things Stack test' } },
		...(options.onError ? { onError: options.onError } : {}),
	};
	const connections: IConnections = {};
	const workflowData: IWorkflowBase = {
		id: 'test-workflow',
		name: 'Test',
		active: false,
		isArchived: false,
		nodes: [node],
		connections,
		createdAt: new Date(),
		updatedAt: new Date(),
		activeVersionId: null,
	} as unknown as IWorkflowBase;
	const workflow = new Workflow({
		id: workflowData.id,
		nodes: [node],
		connections,
		active: false,
		nodeTypes,
	});
	const { additionalData, finished } = createAdditionalData(workflowData, {
		[CREDENTIAL_TYPE]: options.credentials,
	});
	const items = options.items ?? [{ json: {} }];
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node, data: { main: [items] }, source: null }],
		},
	});
	const execution = new WorkflowExecute(additionalData, 'manual', runExecutionData);
	const run = await execution.processRunExecutionData(workflow);
	await finished;
	const output = run.data.resultData.runData[node.name]?.[0]?.data?.main ?? [];
	return {
		items: output[0] ?? [],
		errorItems: output[1] ?? [],
		error: run.data.resultData.error,
		run,
	};
}
