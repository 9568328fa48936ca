import type { ILoadOptionsFunctions, INode, INodeParameters, IWorkflowBase } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';
import { LoadOptionsContext } from 'n8n-core';

import type { Simulator } from '../../../../simulator';
import { createAdditionalData } from '../../../support/additionalData';
import { ACTION_NODE_TYPE, nodeTypes } from '../../../support/nodeTypes';
import { CREDENTIAL_TYPE } from '../../../support/workflow';

/**
 * n8n-core's real LoadOptionsContext for the action node, as the editor uses it to fill resource
 * locator lists and option lists, with the credential pointing at the simulator.
 */
export function loadOptionsContext(
	sim: Simulator,
	apiKey: string,
	parameters: INodeParameters,
): ILoadOptionsFunctions {
	const node: INode = {
		id: 'tts-node',
		name: 'Node under test',
		type: ACTION_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters,
		credentials: { [CREDENTIAL_TYPE]: { id: 'tts-credential', name: 'The Things Stack test' } },
	};
	const workflow = new Workflow({
		id: 'load-options',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes,
	});
	const { additionalData } = createAdditionalData({ id: 'load-options' } as IWorkflowBase, {
		[CREDENTIAL_TYPE]: { apiKey, serverAddress: sim.url },
	});
	additionalData.currentNodeParameters = parameters;
	return new LoadOptionsContext(workflow, node, additionalData, 'parameters');
}
