import type { IDataObject, ITriggerFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { IdKind } from '../../shared/transport';
import { findIdProblem } from '../../shared/transport';
import type { EventSelection } from '../events/eventSelection';
import { selectEvents } from '../events/eventSelection';
import type { WatchedEntity } from './watchedEntities';

export interface TriggerParameters {
	entities: WatchedEntity[];
	selection: EventSelection;
	output: 'raw' | 'simplified';
	replayOnActivation: number;
	emitLatestWhenTesting: boolean;
	idleTimeoutMs: number;
	replayWindowMs: number;
}

/** Reads and checks the node's parameters; throws a NodeOperationError naming the field. */
export function readTriggerParameters(this: ITriggerFunctions): TriggerParameters {
	const options = this.getNodeParameter('options', {}) as IDataObject;
	const presets = this.getNodeParameter('events', []) as string[];
	const custom = this.getNodeParameter('customEvents', []) as string[];
	let selection: EventSelection;
	try {
		selection = selectEvents(presets, Array.isArray(custom) ? custom : [custom]);
	} catch (error) {
		throw new NodeOperationError(this.getNode(), (error as Error).message, {
			description: 'Fix the event names under "Additional Event Names".',
		});
	}
	if (!selection.all && selection.filters.length === 0) {
		throw new NodeOperationError(this.getNode(), 'No events chosen', {
			description: 'Pick at least one event under "Events", or add an event name.',
		});
	}
	return {
		entities: readEntities.call(this),
		selection,
		output: this.getNodeParameter('output', 'simplified') === 'raw' ? 'raw' : 'simplified',
		replayOnActivation: Math.max(0, Math.floor(Number(options.replayOnActivation ?? 0))),
		emitLatestWhenTesting: options.emitLatestWhenTesting === true,
		idleTimeoutMs: Math.max(5, Number(options.idleReconnectSeconds ?? 120)) * 1000,
		replayWindowMs: Math.max(1, Number(options.replayWindowMinutes ?? 10)) * 60_000,
	};
}

function readEntities(this: ITriggerFunctions): WatchedEntity[] {
	const watch = this.getNodeParameter('watch', 'application') as string;
	if (watch === 'application') {
		return [
			{ kind: 'application', applicationId: readId.call(this, 'applicationId', 'application_id') },
		];
	}
	if (watch === 'device') {
		return [
			{
				kind: 'device',
				applicationId: readId.call(this, 'applicationId', 'application_id'),
				deviceId: readId.call(this, 'deviceId', 'device_id'),
			},
		];
	}
	if (watch === 'gateway') {
		return [{ kind: 'gateway', gatewayId: readId.call(this, 'gatewayId', 'gateway_id') }];
	}
	const lists = this.getNodeParameter('entities', {}) as {
		applications?: IDataObject[];
		devices?: IDataObject[];
		gateways?: IDataObject[];
	};
	const entities: WatchedEntity[] = [
		...(lists.applications ?? []).map((entry): WatchedEntity => ({
			kind: 'application',
			applicationId: checkId.call(this, entry.applicationId, 'application_id'),
		})),
		...(lists.devices ?? []).map((entry): WatchedEntity => ({
			kind: 'device',
			applicationId: checkId.call(this, entry.applicationId, 'application_id'),
			deviceId: checkId.call(this, entry.deviceId, 'device_id'),
		})),
		...(lists.gateways ?? []).map((entry): WatchedEntity => ({
			kind: 'gateway',
			gatewayId: checkId.call(this, entry.gatewayId, 'gateway_id'),
		})),
	];
	if (entities.length === 0) {
		throw new NodeOperationError(this.getNode(), 'No entities to watch', {
			description: 'Add at least one application, device or gateway under "Entities".',
		});
	}
	return entities;
}

function readId(this: ITriggerFunctions, parameter: string, kind: IdKind): string {
	return checkId.call(this, this.getNodeParameter(parameter, '', { extractValue: true }), kind);
}

// Resource locators hold `{ mode, value }`; expressions may resolve to the plain ID.
function checkId(this: ITriggerFunctions, raw: unknown, kind: IdKind): string {
	const value =
		raw && typeof raw === 'object' ? (raw as { value?: unknown }).value : (raw as unknown);
	const id = typeof value === 'string' ? value.trim() : value;
	const problem = findIdProblem(kind, id);
	if (problem) throw new NodeOperationError(this.getNode(), problem);
	return id as string;
}
