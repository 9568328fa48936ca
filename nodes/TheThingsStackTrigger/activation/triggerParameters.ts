import type { IDataObject, ITriggerFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { IdKind } from '../../shared/transport';
import { findIdProblem } from '../../shared/transport';
import type { EventSelection } from '../events/eventSelection';
import { selectEvents } from '../events/eventSelection';
import type { WatchedEntity } from './watchedEntities';
import {
	CATCH_UP_HOURS_DEFAULT,
	STORAGE_DELAY_SECONDS_DEFAULT,
} from '../../shared/delivery/catchUpOptions';

export interface TriggerParameters {
	entities: WatchedEntity[];
	selection: EventSelection;
	output: 'raw' | 'simplified';
	replayOnActivation: number;
	emitLatestWhenTesting: boolean;
	idleTimeoutMs: number;
	/** How far back (ms) missed uplinks are read from the Storage Integration; 0 = never. */
	maxCatchUpMs: number;
	/** How long the Storage Integration may take to store an uplink (ms). */
	storageDelayMs: number;
	/** Most events per execution (1: an execution per event). */
	batchSize: number;
	/** Longest an event waits for others to fill its batch (ms). */
	batchWindowMs: number;
	/** Most executions that n8n has not finished; 0 for no limit. */
	maxExecutionsInFlight: number;
}

// The option's bound: "the server keeps about the last 100 events per entity", and the stream's
// buffer holds 1024 (see STREAM_TAIL).
const MAX_REPLAY_ON_ACTIVATION = 1000;
// n8n's own ceiling on a small instance is about 40 short executions a second; ten in flight keep
// it busy without letting executions pile up in its memory.
export const DEFAULT_MAX_IN_FLIGHT = 10;
const MAX_BATCH_SIZE = 10_000;

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
		replayOnActivation: Math.min(
			MAX_REPLAY_ON_ACTIVATION,
			Math.floor(readNumber.call(this, options, 'replayOnActivation', 0, 0)),
		),
		emitLatestWhenTesting: options.emitLatestWhenTesting === true,
		idleTimeoutMs: readNumber.call(this, options, 'idleReconnectSeconds', 120, 5) * 1000,
		maxCatchUpMs:
			readNumber.call(this, options, 'catchUpHours', CATCH_UP_HOURS_DEFAULT, 0) * 3_600_000,
		storageDelayMs:
			readNumber.call(this, options, 'storageDelaySeconds', STORAGE_DELAY_SECONDS_DEFAULT, 0) *
			1000,
		batchSize: Math.min(
			MAX_BATCH_SIZE,
			Math.floor(readNumber.call(this, options, 'batchSize', 1, 1)),
		),
		batchWindowMs: Math.floor(readNumber.call(this, options, 'batchWindowMs', 1000, 0)),
		maxExecutionsInFlight: Math.floor(
			readNumber.call(this, options, 'maxExecutionsInFlight', DEFAULT_MAX_IN_FLIGHT, 0),
		),
	};
}

const OPTION_LABELS: Record<string, string> = {
	replayOnActivation: 'Replay Recent Events on Activation',
	idleReconnectSeconds: 'Reconnect After Silence (Seconds)',
	catchUpHours: 'Catch Up From Storage (Hours)',
	storageDelaySeconds: 'Storage Integration Delay (Seconds)',
	batchSize: 'Events per Execution',
	batchWindowMs: 'Batch Window (Milliseconds)',
	maxExecutionsInFlight: 'Max Executions in Flight',
};

/** A number option, at least `min`; throws naming the option when it is not a number. */
function readNumber(
	this: ITriggerFunctions,
	options: IDataObject,
	name: string,
	fallback: number,
	min: number,
): number {
	const raw = options[name] ?? fallback;
	const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
	if (typeof value !== 'number' || !Number.isFinite(value)) {
		throw new NodeOperationError(
			this.getNode(),
			`The option "${OPTION_LABELS[name]}" is not a number: ${JSON.stringify(raw)}`,
			{ description: 'Enter a number, or remove the option to use its default.' },
		);
	}
	return Math.max(min, value);
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
