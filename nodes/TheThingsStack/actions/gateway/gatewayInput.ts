import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Position } from '../../helpers/entityInput';
import {
	entityBasics,
	InvalidEntityInput,
	readPosition,
	readServerAddress,
} from '../../helpers/entityInput';
import { getFrequencyPlans } from '../../helpers/stackConfiguration';
import { readIdParameter, validated } from '../../helpers/parameters';

// api/ttn/lorawan/v3/gateway.proto frequency_plan_ids: at most 8, each at most 64 characters.
const MAX_FREQUENCY_PLANS = 8;
const MAX_FREQUENCY_PLAN_ID_LENGTH = 64;

const BOOLEAN_FIELDS: Record<string, string> = {
	enforceDutyCycle: 'enforce_duty_cycle',
	locationPublic: 'location_public',
	requireAuthenticatedConnection: 'require_authenticated_connection',
	scheduleDownlinkLate: 'schedule_downlink_late',
	statusPublic: 'status_public',
	updateLocationFromStatus: 'update_location_from_status',
};

export interface GatewayChanges {
	/** Gateway fields in the API's shape, without the location. */
	gateway: IDataObject;
	/** The registry location of the first antenna, when given. */
	position?: Position;
}

export function readGatewayId(this: IExecuteFunctions, itemIndex: number): string {
	return readIdParameter.call(this, 'gatewayId', 'gateway_id', itemIndex);
}

/** Reads the optional gateway fields of a collection (Additional Fields or Update Fields). */
export function readGatewayFields(
	this: IExecuteFunctions,
	fields: IDataObject,
	itemIndex: number,
): GatewayChanges {
	return validated(this, itemIndex, () => {
		const gateway = entityBasics(fields);
		for (const [parameter, field] of Object.entries(BOOLEAN_FIELDS)) {
			if (fields[parameter] !== undefined) gateway[field] = fields[parameter] === true;
		}
		if (fields.gatewayServerAddress !== undefined && fields.gatewayServerAddress !== '') {
			gateway.gateway_server_address = readServerAddress(
				'Gateway Server Address',
				fields.gatewayServerAddress,
			);
		}
		return { gateway, position: readPosition(fields.location) };
	});
}

/** Reads frequency plan IDs (a list, or IDs separated by commas from an expression). */
export function readFrequencyPlanIds(value: unknown): string[] {
	const list = Array.isArray(value) ? value : String(value ?? '').split(',');
	const ids = list.map((id) => String(id).trim()).filter((id) => id !== '');
	if (ids.length > MAX_FREQUENCY_PLANS) {
		throw new InvalidEntityInput(
			`${ids.length} frequency plans are given; a gateway has at most ${MAX_FREQUENCY_PLANS}`,
		);
	}
	const tooLong = ids.find((id) => id.length > MAX_FREQUENCY_PLAN_ID_LENGTH);
	if (tooLong) throw new InvalidEntityInput(`Frequency plan "${tooLong}" is not a plan ID`);
	return ids;
}

/**
 * Checks plan IDs against every plan of the cluster's Gateway Server, as the Console offers them;
 * skipped when the server cannot list them. The Identity Server itself stores any ID (gateway.proto
 * frequency_plan_ids: at most 8 of at most 64 characters), but the Gateway Server cannot serve a
 * gateway on a plan it does not know.
 */
export async function checkFrequencyPlans(
	this: IExecuteFunctions,
	planIds: string[],
	itemIndex: number,
): Promise<void> {
	const plans = await getFrequencyPlans.call(this, 'gateway-server').catch(() => undefined);
	if (!plans || plans.length === 0) return;
	const unknown = planIds.find((id) => !plans.some((plan) => plan.id === id));
	if (unknown) {
		throw new NodeOperationError(
			this.getNode(),
			`Frequency plan "${unknown}" is not known to the server`,
			{
				itemIndex,
				description: `Choose plans from the list, e.g. ${plans
					.slice(0, 5)
					.map((plan) => plan.id)
					.join(', ')}.`,
			},
		);
	}
}

/** The antennas with the first one's registry location set, keeping their other settings. */
export function withLocation(antennas: unknown, position: Position): IDataObject[] {
	const list = Array.isArray(antennas) && antennas.length > 0 ? (antennas as IDataObject[]) : [{}];
	const [first, ...others] = list;
	return [
		{
			...first,
			location: {
				latitude: position.latitude,
				longitude: position.longitude,
				...(position.altitude !== undefined ? { altitude: position.altitude } : {}),
				source: 'SOURCE_REGISTRY',
			},
		},
		...others,
	];
}
