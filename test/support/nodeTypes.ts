import type {
	IDataObject,
	INodeType,
	INodeTypes,
	IVersionedNodeType,
	INodeTypeDescription,
	IExecuteFunctions,
	INodeExecutionData,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeHelpers } from 'n8n-workflow';

import { TheThingsStack } from '../../nodes/TheThingsStack/TheThingsStack.node.ts';
import { TheThingsStackTrigger } from '../../nodes/TheThingsStackTrigger/TheThingsStackTrigger.node.ts';
import { TransportProbe } from './transportProbeNode';

export const PACKAGE = 'n8n-nodes-the-things-stack';
export const ACTION_NODE_TYPE = `${PACKAGE}.theThingsStack`;
export const TRIGGER_NODE_TYPE = `${PACKAGE}.theThingsStackTrigger`;
export const PASS_THROUGH_NODE_TYPE = 'test.passThrough';
export const TRANSPORT_PROBE_NODE_TYPE = 'test.transportProbe';
export const SLOW_NODE_TYPE = 'test.slow';

/** Stands in for n8n's No Operation node: passes its input on, so tests can chain nodes. */
class PassThrough implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Pass Through',
		name: 'passThrough',
		group: ['transform'],
		version: 1,
		description: 'Test helper',
		defaults: { name: 'Pass Through' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

/** A workflow step that takes `delayMs` (a slow API call, say), then passes its input on. */
class Slow implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Slow',
		name: 'slow',
		group: ['transform'],
		version: 1,
		description: 'Test helper',
		defaults: { name: 'Slow' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [{ displayName: 'Delay', name: 'delayMs', type: 'number', default: 0 }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const delayMs = this.getNodeParameter('delayMs', 0) as number;
		await new Promise((resolve) => setTimeout(resolve, delayMs));
		return [this.getInputData()];
	}
}

/** The node types a test workflow can use, registered under the names n8n gives a community package. */
export class TestNodeTypes implements INodeTypes {
	private readonly types: Record<string, INodeType | IVersionedNodeType> = {
		[ACTION_NODE_TYPE]: new TheThingsStack(),
		[TRIGGER_NODE_TYPE]: new TheThingsStackTrigger(),
		[PASS_THROUGH_NODE_TYPE]: new PassThrough(),
		[TRANSPORT_PROBE_NODE_TYPE]: new TransportProbe(),
		[SLOW_NODE_TYPE]: new Slow(),
	};

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		const type = this.types[nodeType];
		if (!type) throw new Error(`Unknown node type ${nodeType}`);
		return type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes(): IDataObject {
		return {};
	}
}

export const nodeTypes = new TestNodeTypes();
