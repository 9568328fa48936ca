import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { findIdProblem, getConnection, ttsApiRequest } from '../../../shared/transport';
import {
	gatewayEuiField,
	gatewayFrequencyPlansField,
	gatewayIdField,
	optionalGatewayFields,
} from '../../descriptions/gatewayFields';
import { ownerFields } from '../../descriptions/ownerFields';
import { readEui } from '../../helpers/entityInput';
import type { Owner } from '../../helpers/owner';
import { ownerOfApiKey, ownerPath } from '../../helpers/owner';
import { readOwnerParameter, validated } from '../../helpers/parameters';
import type { GatewayChanges } from './gatewayInput';
import {
	checkFrequencyPlans,
	readFrequencyPlanIds,
	readGatewayFields,
	withLocation,
} from './gatewayInput';

const properties: INodeProperties[] = [
	gatewayIdField,
	gatewayEuiField,
	{ ...gatewayFrequencyPlansField, required: true },
	...ownerFields('gateway'),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: optionalGatewayFields,
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['gateway'], operation: ['create'] } },
	properties,
);

interface CreateInput extends GatewayChanges {
	gatewayId: string;
	owner?: Owner;
}

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<CreateInput> {
	const rawEui = String(this.getNodeParameter('gatewayEui', itemIndex, '') ?? '').trim();
	const eui = rawEui ? validated(this, itemIndex, () => readEui('Gateway EUI', rawEui)) : undefined;
	let gatewayId = String(this.getNodeParameter('gatewayId', itemIndex, '') ?? '').trim();
	if (!gatewayId && eui) gatewayId = `eui-${eui.toLowerCase()}`;
	const idProblem = findIdProblem('gateway_id', gatewayId);
	if (idProblem) {
		throw new NodeOperationError(this.getNode(), idProblem, {
			itemIndex,
			description: gatewayId ? undefined : 'Give a Gateway ID, or a Gateway EUI to derive it from.',
		});
	}
	const frequencyPlanIds = validated(this, itemIndex, () =>
		readFrequencyPlanIds(this.getNodeParameter('frequencyPlanIds', itemIndex, [])),
	);
	if (frequencyPlanIds.length === 0) {
		throw new NodeOperationError(this.getNode(), 'Frequency Plans is empty', {
			itemIndex,
			description:
				'Choose the frequency plan of the gateway (e.g. EU_863_870_TTN): the Gateway Server needs it to talk to the gateway.',
		});
	}
	await checkFrequencyPlans.call(this, frequencyPlanIds, itemIndex);
	const changes = readGatewayFields.call(
		this,
		this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject,
		itemIndex,
	);
	changes.gateway.ids = { gateway_id: gatewayId, ...(eui ? { eui } : {}) };
	changes.gateway.frequency_plan_ids = frequencyPlanIds;
	return { ...changes, gatewayId, owner: readOwnerParameter.call(this, 'owner', itemIndex) };
}

/** Registers the gateway under its owner; the Gateway Server address defaults to the credential's cluster. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	input: CreateInput,
): Promise<IDataObject> {
	const owner = input.owner ?? (await ownerOfApiKey.call(this, 'gateway', itemIndex));
	const gateway: IDataObject = {
		// The Console registers gateways with duty-cycle enforcement on.
		enforce_duty_cycle: true,
		...input.gateway,
	};
	if (gateway.gateway_server_address === undefined) {
		gateway.gateway_server_address = new URL((await getConnection.call(this)).hosts.cluster).host;
	}
	if (input.position) gateway.antennas = withLocation(undefined, input.position);
	return await ttsApiRequest.call(this, {
		method: 'POST',
		...ownerPath(owner, 'gateways'),
		body: { gateway },
		itemIndex,
	});
}
