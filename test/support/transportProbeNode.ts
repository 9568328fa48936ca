import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import type { ListRequest, TtsRequest } from '../../nodes/shared/transport';
import {
	takeWarnings,
	ttsApiRequestAllItems,
	ttsApiRequestWithResponse,
} from '../../nodes/shared/transport';

/**
 * A test-only node that sends, for each input item, the transport request described by the
 * item's JSON (`{ request }` or `{ list }`), so the shared transport runs inside the real engine.
 */
export class TransportProbe implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Transport Probe',
		name: 'transportProbe',
		group: ['transform'],
		version: 1,
		description: 'Test helper',
		defaults: { name: 'Transport Probe' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'theThingsStackApi', required: true }],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const output: INodeExecutionData[] = [];
		const items = this.getInputData();
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			const json = items[itemIndex].json;
			try {
				if (json.list) {
					const list = await ttsApiRequestAllItems.call(this, {
						...(json.list as unknown as ListRequest),
						itemIndex,
					});
					output.push({ json: { list }, pairedItem: { item: itemIndex } });
				} else {
					const response = await ttsApiRequestWithResponse.call(this, {
						...(json.request as unknown as TtsRequest),
						itemIndex,
					});
					output.push({
						json: {
							statusCode: response.statusCode,
							body: response.body,
							warnings: takeWarnings(this, itemIndex),
						} as IDataObject,
						pairedItem: { item: itemIndex },
					});
				}
			} catch (error) {
				if (!this.continueOnFail()) throw error;
				output.push({ json: { error: (error as Error).message }, pairedItem: { item: itemIndex } });
			}
		}
		return [output];
	}
}
