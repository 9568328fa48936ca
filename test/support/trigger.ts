import type {
	ICredentialDataDecryptedObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	ITriggerResponse,
	IWorkflowBase,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';
import { TriggerContext } from 'n8n-core';

import { createAdditionalData } from './additionalData';
import { nodeTypes, TRIGGER_NODE_TYPE } from './nodeTypes';
import { CREDENTIAL_TYPE } from './workflow';

export interface ActivateTriggerOptions {
	parameters: INodeParameters;
	credentials: ICredentialDataDecryptedObject;
	mode?: WorkflowExecuteMode;
}

export interface ActiveTrigger {
	response: ITriggerResponse;
	/** Every `emit` call: one entry per execution n8n would start. */
	emits: INodeExecutionData[][][];
	/** Every `emitError` call. */
	errors: Error[];
	/** All emitted items, flattened, in order. */
	items(): INodeExecutionData[];
	close(): Promise<void>;
}

/**
 * Activates the trigger node the way an active workflow does: a real n8n-core TriggerContext
 * (mode `trigger`, activation `activate`) whose emit/emitError are recorded.
 */
export async function activateTrigger(options: ActivateTriggerOptions): Promise<ActiveTrigger> {
	const node: INode = {
		id: 'tts-trigger',
		name: 'The Things Stack Trigger',
		type: TRIGGER_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: options.parameters,
		credentials: { [CREDENTIAL_TYPE]: { id: 'tts-credential', name: 'The Things Stack test' } },
	};
	const workflow = new Workflow({
		id: 'trigger-workflow',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes,
	});
	const { additionalData } = createAdditionalData(
		{ id: 'trigger-workflow', nodes: [node], connections: {} } as unknown as IWorkflowBase,
		{ [CREDENTIAL_TYPE]: options.credentials },
	);
	const emits: INodeExecutionData[][][] = [];
	const errors: Error[] = [];
	const context = new TriggerContext(
		workflow,
		node,
		additionalData,
		options.mode ?? 'trigger',
		'activate',
		(data) => emits.push(data),
		(error) => errors.push(error),
	);
	const nodeType = nodeTypes.getByNameAndVersion(TRIGGER_NODE_TYPE, 1) as INodeType;
	const response = (await nodeType.trigger!.call(context)) ?? {};
	let closed = false;
	return {
		response,
		emits,
		errors,
		items: () => emits.flatMap((data) => data[0] ?? []),
		close: async () => {
			if (closed) return;
			closed = true;
			await response.closeFunction?.();
		},
	};
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
