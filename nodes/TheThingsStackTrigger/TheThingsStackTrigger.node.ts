import type {
	INodeType,
	INodeTypeDescription,
	ITriggerFunctions,
	ITriggerResponse,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

export class TheThingsStackTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'The Things Stack Trigger',
		name: 'theThingsStackTrigger',
		icon: {
			light: 'file:../../icons/thethingsstack.svg',
			dark: 'file:../../icons/thethingsstack.dark.svg',
		},
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["events"] }}',
		description:
			'Starts the workflow on events of The Things Stack: uplinks, joins, downlink acknowledgements, gateway connections and more',
		defaults: { name: 'The Things Stack Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'theThingsStackApi', required: true }],
		properties: [],
	};

	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		throw new NodeOperationError(this.getNode(), 'The event stream is not available yet');
	}
}
