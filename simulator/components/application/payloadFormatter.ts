import { isJsonObject, JsonObject } from '../../encoding/json';
import { TtsError, ttsError } from '../../errors/ttsError';
import { repositoryCodecSource } from '../deviceRepository/deviceRepository';
import { applicationServerFormatters, FormatterDevice } from './formatters';

/**
 * Which payload formatter the Application Server runs, and what it reports
 * (pkg/applicationserver/payload.go encodeDownlink, decodeUplink, decodeDownlink).
 */

// FORMATTER_REPOSITORY runs the codecs of the simulator's Device Repository.
const formatters = applicationServerFormatters(repositoryCodecSource);

export interface FormatterScope {
	/** The device in the Application Server registry (ids, formatters, version_ids). */
	device: JsonObject;
	/** The application link's default_formatters, if any. */
	defaults: JsonObject | undefined;
	/** Publishes a device event (identifiers and correlation IDs already bound). */
	publish(name: string, data: JsonObject): void;
}

export interface SelectedFormatter {
	formatter: string;
	parameter: string;
}

/**
 * The device's formatter when the device has a `formatters` object, whatever it holds (a
 * direction it leaves unset is FORMATTER_NONE); the application's default formatter only when the
 * device has none. Undefined when that is FORMATTER_NONE.
 */
export function selectFormatter(
	device: JsonObject,
	defaults: JsonObject | undefined,
	direction: 'up' | 'down',
): SelectedFormatter | undefined {
	const source = isJsonObject(device.formatters) ? device.formatters : defaults;
	const formatter = source?.[`${direction}_formatter`] ?? 'FORMATTER_NONE';
	if (formatter === 'FORMATTER_NONE') return undefined;
	const parameter = source?.[`${direction}_formatter_parameter`];
	return {
		formatter: String(formatter),
		parameter: typeof parameter === 'string' ? parameter : '',
	};
}

function formatterDevice(device: JsonObject): FormatterDevice {
	return {
		ids: isJsonObject(device.ids) ? device.ids : {},
		versionIds: isJsonObject(device.version_ids) ? device.version_ids : undefined,
	};
}

/** A formatter's failure; anything else is a fault of the simulator and is not swallowed. */
function formatterFailure(error: unknown): TtsError {
	if (error instanceof TtsError) return error;
	throw error;
}

const uplinkType = 'type.googleapis.com/ttn.lorawan.v3.ApplicationUplink';
const downlinkType = 'type.googleapis.com/ttn.lorawan.v3.ApplicationDownlink';

const hasItems = (value: unknown) => Array.isArray(value) && value.length > 0;

/**
 * decodeUplink: nothing on FPort 0 or without a formatter. A decoder failure publishes
 * as.up.data.decode.fail and the uplink goes on undecoded; warnings publish
 * as.up.data.decode.warning and as.up.data.normalize.warning.
 */
export function decodeUplink(scope: FormatterScope, uplink: JsonObject): void {
	if (!Number(uplink.f_port ?? 0)) return;
	const selected = selectFormatter(scope.device, scope.defaults, 'up');
	if (!selected) return;
	try {
		formatters.decodeUplink(
			formatterDevice(scope.device),
			uplink,
			selected.formatter,
			selected.parameter,
		);
	} catch (error) {
		scope.publish('as.up.data.decode.fail', formatterFailure(error).detailsJson());
		return;
	}
	if (hasItems(uplink.decoded_payload_warnings)) {
		scope.publish('as.up.data.decode.warning', { '@type': uplinkType, ...uplink });
	}
	if (hasItems(uplink.normalized_payload_warnings)) {
		scope.publish('as.up.data.normalize.warning', { '@type': uplinkType, ...uplink });
	}
}

/**
 * encodeDownlink: a downlink needs frm_payload or decoded_payload (no_payload); frm_payload wins.
 * A decoded_payload is encoded by the formatter, if there is one; a failure publishes
 * as.down.data.encode.fail and is the push's error.
 */
export function encodeDownlink(scope: FormatterScope, downlink: JsonObject): void {
	const hasFrmPayload = downlink.frm_payload !== undefined;
	const hasDecodedPayload = isJsonObject(downlink.decoded_payload);
	if (!hasFrmPayload && !hasDecodedPayload) throw ttsError('pkg/applicationserver:no_payload');
	if (hasFrmPayload) return;
	const selected = selectFormatter(scope.device, scope.defaults, 'down');
	if (!selected) return;
	try {
		formatters.encodeDownlink(
			formatterDevice(scope.device),
			downlink,
			selected.formatter,
			selected.parameter,
		);
	} catch (error) {
		const failure = formatterFailure(error);
		scope.publish('as.down.data.encode.fail', failure.detailsJson());
		throw failure;
	}
	if (hasItems(downlink.decoded_payload_warnings)) {
		scope.publish('as.down.data.encode.warning', { '@type': downlinkType, ...downlink });
	}
}

/**
 * decodeDownlink: the formatter's view of a downlink given as bytes (on push and when listing
 * the queue). A failure only publishes as.down.data.decode.fail.
 */
export function decodeDownlink(scope: FormatterScope, downlink: JsonObject): void {
	const selected = selectFormatter(scope.device, scope.defaults, 'down');
	if (!selected) return;
	try {
		formatters.decodeDownlink(
			formatterDevice(scope.device),
			downlink,
			selected.formatter,
			selected.parameter,
		);
	} catch (error) {
		scope.publish('as.down.data.decode.fail', formatterFailure(error).detailsJson());
		return;
	}
	if (hasItems(downlink.decoded_payload_warnings)) {
		scope.publish('as.down.data.decode.warning', { '@type': downlinkType, ...downlink });
	}
}
