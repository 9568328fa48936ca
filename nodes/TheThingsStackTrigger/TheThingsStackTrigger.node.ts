import type {
	INodeType,
	INodeTypeDescription,
	ITriggerFunctions,
	ITriggerResponse,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { testTheThingsStackCredential } from '../shared/transport';
import { TriggerSession } from './activation/triggerSession';
import { readTriggerParameters } from './activation/triggerParameters';
import { eventFields } from './description/eventFields';
import { optionFields } from './description/optionFields';
import { outputFields } from './description/outputFields';
import { watchFields } from './description/watchFields';
import { listSearch } from './methods';

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
		subtitle: '={{ ($parameter["events"] || []).join(", ") }}',
		description:
			'Starts the workflow on events of The Things Stack: uplinks, joins, downlink acknowledgements, gateway connections and more',
		defaults: { name: 'The Things Stack Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'theThingsStackApi', required: true, testedBy: 'theThingsStackApiTest' }],
		properties: [...watchFields, ...eventFields, ...outputFields, ...optionFields],
	};

	methods = {
		listSearch,
		credentialTest: { theThingsStackApiTest: testTheThingsStackCredential },
	};

	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		const session = new TriggerSession(this, readTriggerParameters.call(this));
		await session.start();
		return { closeFunction: async () => await session.stop() };
	}
}
