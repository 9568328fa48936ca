import type {
	ICredentialDataDecryptedObject,
	IRun,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { ExecutionLifecycleHooks } from 'n8n-core';

import { TestCredentialsHelper } from './credentialsHelper';

let executionCounter = 0;

export interface TestAdditionalData {
	additionalData: IWorkflowExecuteAdditionalData;
	/** Resolves with the run when the execution finishes. */
	finished: Promise<IRun>;
}

/** What n8n's CLI hands the engine for one execution, reduced to what these nodes use. */
export function createAdditionalData(
	workflowData: IWorkflowBase,
	credentials: Record<string, ICredentialDataDecryptedObject>,
): TestAdditionalData {
	const executionId = String(++executionCounter);
	const hooks = new ExecutionLifecycleHooks('manual', executionId, workflowData);
	let resolveFinished!: (run: IRun) => void;
	const finished = new Promise<IRun>((resolve) => (resolveFinished = resolve));
	hooks.addHandler('workflowExecuteAfter', (run: IRun) => resolveFinished(run));
	const base = 'http://127.0.0.1:5678';
	const additionalData = {
		hooks,
		credentialsHelper: new TestCredentialsHelper(credentials),
		executionId,
		currentNodeExecutionIndex: 0,
		variables: {},
		restApiUrl: `${base}/rest`,
		instanceBaseUrl: base,
		webhookBaseUrl: `${base}/webhook`,
		webhookWaitingBaseUrl: `${base}/webhook-waiting`,
		webhookTestBaseUrl: `${base}/webhook-test`,
		formBaseUrl: `${base}/form`,
		formWaitingBaseUrl: `${base}/form-waiting`,
		formTestBaseUrl: `${base}/form-test`,
		mcpBaseUrl: `${base}/mcp`,
		mcpTestBaseUrl: `${base}/mcp-test`,
	} as unknown as IWorkflowExecuteAdditionalData;
	return { additionalData, finished };
}
