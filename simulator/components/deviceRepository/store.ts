import { isJsonObject, JsonObject } from '../../encoding/json';
import { ttsError } from '../../errors/ttsError';
import { isRepositoryBand } from './bands';
import type {
	DecoderCodec,
	EncoderCodec,
	ProfileReference,
	RepositoryFiles,
	VendorFolder,
} from './catalogue';
import { brandMessage, modelMessage } from './schema';
import { indexedWords, matchesSearch } from './search';
import { Template, templateOf } from './template';

/**
 * The Device Repository store of a v3.32 stack: the bleve index built from a lorawan-devices
 * checkout answers the brand and model lists (pkg/devicerepository/store/bleve/store.go); the
 * checkout itself answers templates and codecs (store/remote/remote.go, which the bleve store
 * calls for them).
 */

interface IndexedBrand {
	brandId: string;
	brand: JsonObject;
	words: Set<string>;
}

interface IndexedModel {
	brandId: string;
	modelId: string;
	model: JsonObject;
	words: Set<string>;
}

export interface ListQuery {
	brandId?: string;
	modelId?: string;
	search?: string;
	orderBy?: string;
}

export type CodecKind = 'uplinkDecoder' | 'downlinkDecoder' | 'downlinkEncoder';

type VersionIds = Record<'brand_id' | 'model_id' | 'firmware_version' | 'band_id', string>;

export class DeviceRepositoryStore {
	private readonly brandDocuments: IndexedBrand[] = [];
	private readonly modelDocuments: IndexedModel[] = [];

	// store/bleve/init.go Initialize: draft vendors are left out (remote.go GetBrands), and so are
	// vendors without a folder of models; each brand document holds its models, each model
	// document its brand, and every text of them is searchable.
	constructor(private readonly files: RepositoryFiles) {
		for (const vendor of files.vendors) {
			const folder = files.folders[vendor.id];
			if (vendor.draft || !folder) continue;
			const brand = brandMessage(vendor);
			const models = folder.index.endDevices.map((modelId) => ({
				modelId,
				model: modelMessage(vendor.id, modelId, folder.models[modelId]),
			}));
			this.brandDocuments.push({
				brandId: vendor.id,
				brand,
				words: indexedWords([brand, ...models.map(({ model }) => model)], [vendor.id]),
			});
			for (const { modelId, model } of models) {
				this.modelDocuments.push({
					brandId: vendor.id,
					modelId,
					model,
					words: indexedWords([brand, model], [vendor.id, modelId]),
				});
			}
		}
	}

	/** store.go GetBrands: the matching brands, in index order unless sorted by `order_by`. */
	brands({ brandId, search, orderBy }: ListQuery): JsonObject[] {
		const matching = this.brandDocuments.filter(
			(document) =>
				(!brandId || document.brandId === brandId) &&
				(!search || matchesSearch(search, document.words)),
		);
		return sortBy(matching, orderBy, {
			brand_id: (document) => document.brandId,
			name: (document) => String(document.brand.name ?? '').toLowerCase(),
		}).map((document) => document.brand);
	}

	/**
	 * store.go GetModels. `order_by` name is accepted by the request's validation but GetModels
	 * sorts only by brand_id and model_id: by name the order stays the index order.
	 */
	models({ brandId, modelId, search, orderBy }: ListQuery): JsonObject[] {
		const matching = this.modelDocuments.filter(
			(document) =>
				(!brandId || document.brandId === brandId) &&
				(!modelId || document.modelId === modelId) &&
				(!search || matchesSearch(search, document.words)),
		);
		return sortBy(matching, orderBy, {
			brand_id: (document) => document.brandId,
			model_id: (document) => document.modelId,
		}).map((document) => document.model);
	}

	/** remote.go GetModels for one brand: a brand without a folder is brand_not_found. */
	private folderOf(brandId: string): VendorFolder {
		const folder = this.files.folders[brandId];
		if (!folder) {
			throw ttsError('pkg/devicerepository/store/remote:brand_not_found', { brand_id: brandId });
		}
		return folder;
	}

	private firmwareVersionsOf(ids: VersionIds): JsonObject[] {
		const folder = this.folderOf(ids.brand_id);
		if (!folder.index.endDevices.includes(ids.model_id)) {
			throw ttsError('pkg/devicerepository/store/remote:model_not_found', {
				brand_id: ids.brand_id,
				model_id: ids.model_id,
			});
		}
		const model = modelMessage(ids.brand_id, ids.model_id, folder.models[ids.model_id]);
		return (model.firmware_versions as JsonObject[] | undefined) ?? [];
	}

	/**
	 * remote.go GetTemplate: the model, then the firmware version; for it the band must be known
	 * (band_not_found carries the band as `unknown_band`, so its message names none) and have a
	 * profile. A firmware version that is not listed is firmware_version_not_found.
	 */
	template(versionIds: JsonObject): Template {
		const ids = versionIdsOf(versionIds);
		for (const firmware of this.firmwareVersionsOf(ids)) {
			if (firmware.version !== ids.firmware_version) continue;
			if (!isRepositoryBand(ids.band_id)) {
				throw ttsError('pkg/devicerepository/store/remote:band_not_found', {
					unknown_band: ids.band_id,
				});
			}
			const reference = profileReferenceOf(firmware, ids.band_id);
			const profileVendor = reference.vendorID || ids.brand_id;
			const profile = this.folderOf(profileVendor).profiles[reference.id];
			return templateOf(profile, versionIds, reference);
		}
		throw firmwareVersionNotFound(ids);
	}

	/**
	 * remote.go getCodecs and getDecoder / GetDownlinkEncoder: the profile's codec file, in the
	 * brand's folder, and the script its direction names. The answer always has `formatter` and
	 * `formatter_parameter`; `codec_id` and `examples` only when the field mask asks for them.
	 */
	codec(versionIds: JsonObject, kind: CodecKind, paths: string[] = []): JsonObject {
		const ids = versionIdsOf(versionIds);
		const firmware = this.firmwareVersionsOf(ids).find(
			(candidate) => candidate.version === ids.firmware_version,
		);
		if (!firmware) throw firmwareVersionNotFound(ids);
		if (!isRepositoryBand(ids.band_id)) {
			throw ttsError('pkg/devicerepository/store/remote:band_not_found', { band_id: ids.band_id });
		}
		const { codec: codecId } = profileReferenceOf(firmware, ids.band_id);
		if (!codecId) {
			throw ttsError('pkg/devicerepository/store/remote:no_codec', {
				firmware_version: ids.firmware_version,
				band_id: ids.band_id,
			});
		}
		const folder = this.folderOf(ids.brand_id);
		const file = folder.codecs[codecId] ?? {};
		const codec = file[kind];
		if (!codec?.fileName) {
			// GetDownlinkEncoder names the firmware version and band, not the codec_id its
			// message format expects.
			throw kind === 'downlinkEncoder'
				? ttsError('pkg/devicerepository/store/remote:no_encoder', {
						firmware_version: ids.firmware_version,
						band_id: ids.band_id,
					})
				: ttsError('pkg/devicerepository/store/remote:no_decoder', { codec_id: codecId });
		}
		const answer: JsonObject = {
			formatter: 'FORMATTER_JAVASCRIPT',
			formatter_parameter: folder.scripts[codec.fileName] ?? '',
		};
		if (paths.includes('codec_id')) answer.codec_id = codecId;
		const examples =
			kind === 'downlinkEncoder'
				? encoderExamples(codec as EncoderCodec)
				: decoderExamples(codec as DecoderCodec);
		if (paths.some((path) => path === 'examples' || path.startsWith('examples.'))) {
			if (examples.length > 0) answer.examples = examples;
		}
		return answer;
	}
}

function versionIdsOf(versionIds: JsonObject): VersionIds {
	const text = (field: string) =>
		typeof versionIds[field] === 'string' ? (versionIds[field] as string) : '';
	return {
		brand_id: text('brand_id'),
		model_id: text('model_id'),
		firmware_version: text('firmware_version'),
		band_id: text('band_id'),
	};
}

function profileReferenceOf(firmware: JsonObject, bandId: string): ProfileReference {
	const profiles = isJsonObject(firmware.profiles) ? firmware.profiles : {};
	const profile = profiles[bandId];
	if (!isJsonObject(profile)) {
		throw ttsError('pkg/devicerepository/store/remote:no_profile_for_band', { band_id: bandId });
	}
	return {
		id: String(profile.profile_id ?? ''),
		...(profile.vendor_id ? { vendorID: String(profile.vendor_id) } : {}),
		...(profile.codec_id ? { codec: String(profile.codec_id) } : {}),
	};
}

function firmwareVersionNotFound(ids: VersionIds) {
	return ttsError('pkg/devicerepository/store/remote:firmware_version_not_found', {
		brand_id: ids.brand_id,
		model_id: ids.model_id,
		firmware_version: ids.firmware_version,
	});
}

const base64 = (bytes: number[]) => Buffer.from(bytes).toString('base64');

/** EncodedMessagePayload / DecodedMessagePayload as JSON; goproto.Struct of no data is {}. */
function encoded(payload: {
	fPort: number;
	bytes: number[];
	warnings?: string[];
	errors?: string[];
}) {
	return withLists(
		{
			...(payload.fPort ? { f_port: payload.fPort } : {}),
			...(payload.bytes.length ? { frm_payload: base64(payload.bytes) } : {}),
		},
		payload,
	);
}

function decoded(payload: {
	data?: Record<string, unknown>;
	warnings?: string[];
	errors?: string[];
}) {
	return withLists({ data: (payload.data ?? {}) as JsonObject }, payload);
}

function withLists(
	message: JsonObject,
	{ warnings, errors }: { warnings?: string[]; errors?: string[] },
): JsonObject {
	if (warnings?.length) message.warnings = warnings;
	if (errors?.length) message.errors = errors;
	return message;
}

function decoderExamples(codec: DecoderCodec): JsonObject[] {
	return (codec.examples ?? []).map((example) => ({
		description: example.description,
		input: encoded(example.input),
		output: decoded(example.output),
	}));
}

function encoderExamples(codec: EncoderCodec): JsonObject[] {
	return (codec.examples ?? []).map((example) => ({
		description: example.description,
		input: decoded(example.input),
		output: encoded(example.output),
	}));
}

type SortKeys<T> = Record<string, (item: T) => string>;

function sortBy<T>(items: T[], orderBy: string | undefined, keys: SortKeys<T>): T[] {
	const descending = orderBy?.startsWith('-') ?? false;
	const key = keys[(descending ? orderBy?.slice(1) : orderBy) ?? ''];
	if (!key) return items;
	return [...items].sort((a, b) => {
		const compared = key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
		return descending ? -compared : compared;
	});
}
