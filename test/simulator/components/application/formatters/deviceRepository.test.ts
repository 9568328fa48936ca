import { applicationServerFormatters } from '../../../../../simulator/components/application/formatters';
import type { RepositoryCodecSource } from '../../../../../simulator/components/application/formatters';
import type { JsonObject } from '../../../../../simulator/encoding/json';
import { TtsError } from '../../../../../simulator/errors/ttsError';

const ids = { device_id: 'dev1', application_ids: { application_id: 'app1' } };
const versionIds = {
	brand_id: 'acme',
	model_id: 'sensor',
	firmware_version: '1.0',
	band_id: 'EU_863_870',
};

function failure(action: () => unknown): TtsError {
	try {
		action();
	} catch (error) {
		if (error instanceof TtsError) return error;
		throw error;
	}
	throw new Error('no error');
}

describe('Device Repository formatter (pkg/messageprocessors/devicerepository)', () => {
	it('needs the device version identifiers: no_version_identifiers without them', () => {
		const formatters = applicationServerFormatters();
		const error = failure(() =>
			formatters.decodeUplink({ ids }, { f_port: 1 }, 'FORMATTER_REPOSITORY', ''),
		);
		expect(error.id).toBe('pkg/messageprocessors/devicerepository:no_version_identifiers');
	});

	it('fails as a cluster without a Device Repository when no codec source is plugged in', () => {
		const error = failure(() =>
			applicationServerFormatters().decodeUplink(
				{ ids, versionIds },
				{},
				'FORMATTER_REPOSITORY',
				'',
			),
		);
		expect(error.id).toBe('pkg/cluster:peer_unavailable');
		expect(error.attributes).toEqual({ cluster_role: 'DEVICE_REPOSITORY' });
	});

	it('runs the codec the repository names for the model, by codec kind', () => {
		const asked: unknown[] = [];
		const source: RepositoryCodecSource = {
			codec(applicationIds, version, kind) {
				asked.push([applicationIds, version, kind]);
				if (kind === 'uplinkDecoder') {
					return {
						formatter: 'FORMATTER_JAVASCRIPT',
						formatter_parameter:
							'function decodeUplink(i) { return { data: { first: i.bytes[0] } }; }',
					};
				}
				return { formatter: 'FORMATTER_CAYENNELPP', formatter_parameter: '' };
			},
		};
		const formatters = applicationServerFormatters(source);
		const uplink: JsonObject = { f_port: 1, frm_payload: 'Bw==' };
		formatters.decodeUplink({ ids, versionIds }, uplink, 'FORMATTER_REPOSITORY', 'ignored');
		expect(uplink.decoded_payload).toEqual({ first: 7 });
		const downlink: JsonObject = { f_port: 1, decoded_payload: { value_2: 1 } };
		formatters.encodeDownlink({ ids, versionIds }, downlink, 'FORMATTER_REPOSITORY', '');
		expect(downlink.frm_payload).toBe(Buffer.from([2, 0, 100]).toString('base64'));
		expect(asked).toEqual([
			[{ application_id: 'app1' }, versionIds, 'uplinkDecoder'],
			[{ application_id: 'app1' }, versionIds, 'downlinkEncoder'],
		]);
	});

	it('refuses a formatter the Application Server does not register (gRPC service)', () => {
		const error = failure(() =>
			applicationServerFormatters().decodeUplink({ ids }, {}, 'FORMATTER_GRPC_SERVICE', 'host:1'),
		);
		expect(error.id).toBe('pkg/messageprocessors:formatter_not_configured');
		expect(error.attributes).toEqual({ formatter: 'FORMATTER_GRPC_SERVICE' });
	});
});
