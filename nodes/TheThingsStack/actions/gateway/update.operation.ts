import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { ttsApiRequest } from '../../../shared/transport';
import { gatewayRLC } from '../../descriptions';
import { byDisplayName } from '../../descriptions/entityFields';
import {
	gatewayEuiField,
	gatewayFrequencyPlansField,
	optionalGatewayFields,
} from '../../descriptions/gatewayFields';
import { readEui } from '../../helpers/entityInput';
import { topLevelPaths, validated } from '../../helpers/parameters';
import type { GatewayChanges } from './gatewayInput';
import {
	checkFrequencyPlans,
	readFrequencyPlanIds,
	readGatewayFields,
	readGatewayId,
	withLocation,
} from './gatewayInput';

const properties: INodeProperties[] = [
	gatewayRLC,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: byDisplayName([
			...optionalGatewayFields,
			{ ...gatewayEuiField, description: 'A new EUI for the gateway, as 16 hex digits' },
			gatewayFrequencyPlansField,
		]),
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['gateway'], operation: ['update'] } },
	properties,
);

interface UpdateInput extends GatewayChanges {
	gatewayId: string;
	paths: string[];
}

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<UpdateInput> {
	const gatewayId = readGatewayId.call(this, itemIndex);
	const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const changes = readGatewayFields.call(this, fields, itemIndex);
	const paths = topLevelPaths(changes.gateway);
	changes.gateway.ids = { gateway_id: gatewayId };
	if (fields.gatewayEui !== undefined && fields.gatewayEui !== '') {
		(changes.gateway.ids as IDataObject).eui = validated(this, itemIndex, () =>
			readEui('Gateway EUI', fields.gatewayEui),
		);
		paths.push('ids.eui');
	}
	if (fields.frequencyPlanIds !== undefined) {
		const planIds = validated(this, itemIndex, () => readFrequencyPlanIds(fields.frequencyPlanIds));
		if (planIds.length > 0) {
			await checkFrequencyPlans.call(this, planIds, itemIndex);
			changes.gateway.frequency_plan_ids = planIds;
			paths.push('frequency_plan_ids');
		}
	}
	if (changes.position) paths.push('antennas');
	if (paths.length === 0) {
		throw new NodeOperationError(this.getNode(), 'Update Fields is empty', {
			itemIndex,
			description: 'Add at least one field to change.',
		});
	}
	return { ...changes, gatewayId, paths };
}

/**
 * Writes only the given fields (with a field mask). A new location replaces the first antenna's
 * location and keeps the antennas' other settings, since the API can only set antennas as a whole.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	input: UpdateInput,
): Promise<IDataObject> {
	const gateway = { ...input.gateway };
	if (input.position) {
		const current = await ttsApiRequest.call(this, {
			method: 'GET',
			path: '/gateways/{gateway_id}',
			pathParams: { gateway_id: input.gatewayId },
			qs: { field_mask: 'antennas' },
			itemIndex,
		});
		gateway.antennas = withLocation(current.antennas, input.position);
	}
	return await ttsApiRequest.call(this, {
		method: 'PUT',
		path: '/gateways/{gateway_id}',
		pathParams: { gateway_id: input.gatewayId },
		body: { gateway, field_mask: { paths: input.paths } },
		itemIndex,
	});
}
