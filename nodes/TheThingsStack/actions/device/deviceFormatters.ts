import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { ttsApiRequest } from '../../../shared/transport';
import type { DevicePlan } from '../../helpers/devicePlan';
import { asNodeError } from '../../helpers/errors';
import type { Direction } from '../../helpers/payloadFormatters';
import {
	applicationDefaultToCopy,
	keepsCurrentFormatters,
	resolveFormatters,
} from '../../helpers/payloadFormatters';
import type { DeviceRef } from './deviceServers';
import { isNotFound, readFromServer } from './deviceServers';
import { findRepositoryFormatterProblem } from '../../helpers/repositoryProfile';

const DIRECTION_NAMES: Record<Direction, string> = { up: 'uplink', down: 'downlink' };

function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type LinkRead = { defaults: IDataObject | undefined } | { error: unknown };

// One read of an application's link per node run: rows of a bulk creation share it.
const linkReads = new WeakMap<IExecuteFunctions, Map<string, Promise<LinkRead>>>();

function readLink(
	this: IExecuteFunctions,
	applicationId: string,
	itemIndex: number,
): Promise<LinkRead> {
	let reads = linkReads.get(this);
	if (!reads) linkReads.set(this, (reads = new Map()));
	let read = reads.get(applicationId);
	if (!read) {
		read = ttsApiRequest
			.call(this, {
				method: 'GET',
				path: '/as/applications/{application_id}/link',
				pathParams: { application_id: applicationId },
				qs: { field_mask: 'default_formatters' },
				itemIndex,
			})
			.then(
				(link: IDataObject) => ({
					defaults: isObject(link.default_formatters) ? link.default_formatters : undefined,
				}),
				// A link never set answers not found: the application has no defaults.
				(error: unknown) => (isNotFound(error) ? { defaults: undefined } : { error }),
			);
		reads.set(applicationId, read);
	}
	return read;
}

/** The application's default formatters (its Application Server link), or undefined for none. */
async function readApplicationDefaults(
	this: IExecuteFunctions,
	applicationId: string,
	direction: Direction,
	itemIndex: number,
): Promise<IDataObject | undefined> {
	const read = await readLink.call(this, applicationId, itemIndex);
	if ('defaults' in read) return read.defaults;
	const nodeError = asNodeError(this.getNode(), read.error);
	nodeError.message = `Could not read the application’s default ${DIRECTION_NAMES[direction]} payload formatter, to keep it for this device`;
	nodeError.description = [
		'A device has one set of payload formatters for both directions: to give it its own formatter for one direction and keep the application’s default for the other, the node copies that default, which needs RIGHT_APPLICATION_SETTINGS_BASIC. Add that right to the API key, or set both formatters.',
		nodeError.description,
	]
		.filter(Boolean)
		.join('\n\n');
	throw nodeError;
}

/**
 * Writes the plan's formatter choices into the device to register or change: the direction the
 * user left out keeps what the device has (Update), a direction left to the application default
 * next to one of the device's own gets a copy of that default, and both on the default remove the
 * device's formatters. The Application Server gets the whole `formatters` field, so nothing stale
 * (an old script) is left in it.
 */
export async function applyFormatterChoices(
	this: IExecuteFunctions,
	plan: DevicePlan,
	mode: 'create' | 'update',
	itemIndex: number,
): Promise<void> {
	const choices = plan.formatters;
	if (!choices) return;
	let current: IDataObject | undefined;
	if (mode === 'update' && keepsCurrentFormatters(choices)) {
		const ref: DeviceRef = { applicationId: plan.applicationId, deviceId: plan.deviceId as string };
		const device = await readFromServer.call(this, 'as', ref, ['formatters'], itemIndex);
		current = isObject(device?.formatters) ? device.formatters : undefined;
	}
	const toCopy = applicationDefaultToCopy(choices, current);
	const defaults = toCopy
		? await readApplicationDefaults.call(this, plan.applicationId, toCopy, itemIndex)
		: undefined;
	const formatters = resolveFormatters(choices, current, defaults);
	if (mode === 'update' && formatters && usesRepositoryFormatter(formatters)) {
		await requireVersionIds.call(this, plan, itemIndex);
	}
	// A new device without formatters already uses the application default.
	if (mode === 'create' && formatters === null) return;
	// The whole field in the mask: absent from the body, it removes the device's formatters.
	if (formatters === null) delete plan.device.formatters;
	else plan.device.formatters = formatters;
	plan.paths.as = [...plan.paths.as.filter((path) => !path.startsWith('formatters')), 'formatters'];
}

function usesRepositoryFormatter(formatters: IDataObject): boolean {
	return Object.values(formatters).includes('FORMATTER_REPOSITORY');
}

/**
 * FORMATTER_REPOSITORY finds the codec by the version IDs the Application Server holds for the
 * device: without them every message fails (no_version_identifiers). The device's own, merged
 * with those the update sets, must name brand, model, firmware version and band.
 */
async function requireVersionIds(
	this: IExecuteFunctions,
	plan: DevicePlan,
	itemIndex: number,
): Promise<void> {
	const ref: DeviceRef = { applicationId: plan.applicationId, deviceId: plan.deviceId as string };
	const stored = await readFromServer.call(this, 'as', ref, ['version_ids'], itemIndex);
	const candidate: DevicePlan = {
		...plan,
		formatters: undefined,
		device: {
			formatters: { up_formatter: 'FORMATTER_REPOSITORY' },
			version_ids: {
				...(isObject(stored?.version_ids) ? stored.version_ids : {}),
				...(isObject(plan.device.version_ids) ? plan.device.version_ids : {}),
			},
		},
	};
	const problem = findRepositoryFormatterProblem(candidate);
	if (problem) {
		throw new NodeOperationError(this.getNode(), problem, {
			itemIndex,
			description: 'Nothing was changed.',
		});
	}
}
