import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { jsonParse, NodeOperationError } from 'n8n-workflow';

import type { DeviceInput } from '../../helpers/devicePlan';
import { InvalidDeviceInput } from '../../helpers/devicePlan';
import { readIdParameter } from '../../helpers/parameters';

export function readApplicationId(this: IExecuteFunctions, itemIndex: number): string {
	return readIdParameter.call(this, 'applicationId', 'application_id', itemIndex);
}

export function readDeviceId(this: IExecuteFunctions, itemIndex: number): string {
	return readIdParameter.call(this, 'deviceId', 'device_id', itemIndex);
}

function text(value: unknown): string | undefined {
	if (value === undefined || value === null) return undefined;
	return String(value);
}

/** Reads the optional device fields of a collection (Additional Fields or Update Fields). */
export function readOptionalDeviceFields(
	this: IExecuteFunctions,
	fields: IDataObject,
	itemIndex: number,
): Partial<DeviceInput> {
	const input: Partial<DeviceInput> = {};
	const copy = <K extends keyof DeviceInput>(key: K) => {
		if (fields[key] !== undefined && fields[key] !== '') input[key] = fields[key] as DeviceInput[K];
	};
	(
		[
			'name',
			'description',
			'supportsClassB',
			'supportsClassC',
			'resetsFrameCounters',
			'supports32BitFCnt',
		] as const
	).forEach(copy);
	(
		[
			'networkServerAddress',
			'applicationServerAddress',
			'joinServerAddress',
			'pingSlotPeriodicity',
		] as const
	).forEach(copy);
	if (fields.uplinkFormatter !== undefined) {
		input.uplinkFormatter = text(fields.uplinkFormatter);
		input.uplinkFormatterScript = text(fields.uplinkFormatterScript);
	}
	if (fields.downlinkFormatter !== undefined) {
		input.downlinkFormatter = text(fields.downlinkFormatter);
		input.downlinkFormatterScript = text(fields.downlinkFormatterScript);
	}
	const attributes = (fields.attributes as IDataObject | undefined)?.attribute as
		IDataObject[] | undefined;
	if (attributes) {
		input.attributes = Object.fromEntries(
			attributes.map((entry) => [String(entry.name ?? ''), String(entry.value ?? '')]),
		);
	}
	const position = (fields.location as IDataObject | undefined)?.position as
		IDataObject | undefined;
	if (position) {
		input.location = {
			latitude: Number(position.latitude),
			longitude: Number(position.longitude),
			altitude: position.altitude === undefined ? undefined : Number(position.altitude),
		};
	}
	if (fields.advanced !== undefined)
		input.advanced = parseAdvanced.call(this, fields.advanced, itemIndex);
	return input;
}

function parseAdvanced(
	this: IExecuteFunctions,
	value: unknown,
	itemIndex: number,
): IDataObject | undefined {
	if (value && typeof value === 'object') return value as IDataObject;
	const raw = String(value ?? '').trim();
	if (raw === '' || raw === '{}') return undefined;
	const notAnObject = () =>
		new NodeOperationError(this.getNode(), 'Advanced Fields (JSON) is not a JSON object', {
			itemIndex,
			description:
				'Write the extra end device fields as a JSON object, e.g. {"mac_settings": {"rx1_delay": "RX_DELAY_5"}}',
		});
	let parsed: unknown;
	try {
		parsed = jsonParse<unknown>(raw);
	} catch {
		throw notAnObject();
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw notAnObject();
	return parsed as IDataObject;
}

/** Turns a planning failure into the error a user sees: the first problem, and all of them below. */
export function toInputError(this: IExecuteFunctions, error: unknown, itemIndex: number): Error {
	if (!(error instanceof InvalidDeviceInput)) return error as Error;
	const [first, ...more] = error.problems;
	return new NodeOperationError(this.getNode(), first.message, {
		itemIndex,
		description: more.length
			? `Also: ${more.map((problem) => problem.message).join('; ')}`
			: 'Nothing was sent to The Things Stack.',
	});
}

export { text };
