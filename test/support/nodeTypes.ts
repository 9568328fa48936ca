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

/** The node types a test workflow can use, registered under the names n8n gives a community package. */
export class TestNodeTypes implements INodeTypes {
	private readonly types: Record<string, INodeType | IVersionedNodeType> = {
		[ACTION_NODE_TYPE]: new TheThingsStack(),
		[TRIGGER_NODE_TYPE]: new TheThingsStackTrigger(),
		[PASS_THROUGH_NODE_TYPE]: new PassThrough(),
		[TRANSPORT_PROBE_NODE_TYPE]: new TransportProbe(),
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
