import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ttsApiRequest } from '../../../shared/transport';
import { deviceModelFields } from '../../descriptions/deviceRepositoryFields';
import { repositoryError } from '../../helpers/repositoryErrors';
import type { RepositoryVersion } from '../../helpers/repositoryVersion';
import { readRepositoryVersion } from '../../helpers/repositoryVersion';

type Codec = 'uplink/decoder' | 'downlink/encoder' | 'downlink/decoder';

const properties: INodeProperties[] = [
	...deviceModelFields,
	{
		displayName: 'Formatter',
		name: 'codec',
		type: 'options',
		options: [
			{
				name: 'Downlink Decoder',
				value: 'downlink/decoder',
				description: 'Turns the bytes of a downlink back into JSON (decodeDownlink)',
			},
			{
				name: 'Downlink Encoder',
				value: 'downlink/encoder',
				description: 'Turns a JSON downlink into bytes and an FPort (encodeDownlink)',
			},
			{
				name: 'Uplink Decoder',
				value: 'uplink/decoder',
				description: 'Turns the bytes of an uplink into JSON (decodeUplink)',
			},
		],
		default: 'uplink/decoder',
	},
	{
		displayName: 'Include Examples',
		name: 'includeExamples',
		type: 'boolean',
		default: true,
		description:
			'Whether to add the vendor’s examples: payloads with their FPort, bytes (as base64 and hex) and what they decode to',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['deviceRepository'], operation: ['getPayloadFormatter'] } },
	properties,
);

interface FormatterInput {
	version: RepositoryVersion;
	codec: Codec;
	includeExamples: boolean;
}

export function prepare(this: IExecuteFunctions, itemIndex: number): FormatterInput {
	return {
		version: readRepositoryVersion.call(this, itemIndex),
		codec: this.getNodeParameter('codec', itemIndex, 'uplink/decoder') as Codec,
		includeExamples: this.getNodeParameter('includeExamples', itemIndex, true) as boolean,
	};
}

/**
 * GetUplinkDecoder / GetDownlinkEncoder / GetDownlinkDecoder: the vendor's script and, when asked
 * through the field mask, its codec ID and examples (store/remote/remote.go getDecoder).
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ version, codec, includeExamples }: FormatterInput,
): Promise<IDataObject> {
	let formatter: IDataObject;
	try {
		formatter = await ttsApiRequest.call(this, {
			method: 'GET',
			path: `/dr/brands/{brand_id}/models/{model_id}/{firmware_version}/{band_id}/formatters/${codec}`,
			pathParams: {
				brand_id: version.brandId,
				model_id: version.modelId,
				firmware_version: version.firmwareVersion,
				band_id: version.bandId,
			},
			qs: { field_mask: includeExamples ? 'codec_id,examples' : 'codec_id' },
			itemIndex,
		});
	} catch (error) {
		throw repositoryError(this.getNode(), error, version, undefined, itemIndex);
	}
	const examples = formatter.examples as IDataObject[] | undefined;
	return examples ? { ...formatter, examples: examples.map(withHexPayloads) } : formatter;
}

/** Adds the bytes of an example as hex next to TTS's base64 (`frm_payload_hex`). */
function withHexPayloads(example: IDataObject): IDataObject {
	const hex = (payload: unknown) => {
		if (!payload || typeof payload !== 'object') return payload;
		const message = payload as IDataObject;
		if (typeof message.frm_payload !== 'string') return message;
		return {
			...message,
			frm_payload_hex: Buffer.from(message.frm_payload, 'base64').toString('hex').toUpperCase(),
		};
	};
	return { ...example, input: hex(example.input), output: hex(example.output) } as IDataObject;
}
