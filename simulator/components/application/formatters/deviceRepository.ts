import { isJsonObject, JsonObject } from '../../../encoding/json';
import { ttsError } from '../../../errors/ttsError';
import type { FormatterDevice, PayloadEncoderDecoder, PayloadProcessor } from './payloadProcessor';

/**
 * FORMATTER_REPOSITORY (pkg/messageprocessors/devicerepository/devicerepository.go): the
 * Application Server asks the Device Repository for the codec of the device's model, by its
 * version identifiers, and runs that codec with the formatter it names (JavaScript, CayenneLPP).
 */

export type RepositoryCodecKind = 'uplinkDecoder' | 'downlinkDecoder' | 'downlinkEncoder';

/** A codec as the Device Repository's GetUplinkDecoder/GetDownlinkDecoder/GetDownlinkEncoder answer it. */
export interface RepositoryCodec {
	formatter: string;
	formatter_parameter: string;
}

/**
 * Where the codecs come from: the simulator's Device Repository. `codec` answers the codec of
 * the model, or throws the Device Repository's error (e.g. the model has no such codec).
 */
export interface RepositoryCodecSource {
	codec(
		applicationIds: JsonObject,
		versionIds: JsonObject,
		kind: RepositoryCodecKind,
	): RepositoryCodec;
}

/**
 * The FORMATTER_REPOSITORY encoder/decoder. `formatters` runs the codec the repository names;
 * without a `source` the cluster has no Device Repository, as a stack that runs none.
 */
export function deviceRepositoryFormatter(
	formatters: () => PayloadProcessor,
	source?: RepositoryCodecSource,
): PayloadEncoderDecoder {
	// retrieve: the version identifiers first, then the Device Repository peer, then the codec.
	const retrieve = (device: FormatterDevice, kind: RepositoryCodecKind) => {
		if (!isJsonObject(device.versionIds)) {
			throw ttsError('pkg/messageprocessors/devicerepository:no_version_identifiers');
		}
		if (!source)
			throw ttsError('pkg/cluster:peer_unavailable', { cluster_role: 'DEVICE_REPOSITORY' });
		const applicationIds = isJsonObject(device.ids.application_ids)
			? device.ids.application_ids
			: {};
		const codec = source.codec(applicationIds, device.versionIds, kind);
		return { codec: formatters().codecFor(codec.formatter), parameter: codec.formatter_parameter };
	};
	return {
		encodeDownlink: (device, message) => {
			const { codec, parameter } = retrieve(device, 'downlinkEncoder');
			codec.encodeDownlink(device, message, parameter);
		},
		decodeUplink: (device, message) => {
			const { codec, parameter } = retrieve(device, 'uplinkDecoder');
			codec.decodeUplink(device, message, parameter);
		},
		decodeDownlink: (device, message) => {
			const { codec, parameter } = retrieve(device, 'downlinkDecoder');
			codec.decodeDownlink(device, message, parameter);
		},
	};
}
