import { pickPaths } from '../../encoding/fieldMask';
import { isJsonObject, JsonObject } from '../../encoding/json';
import { PlainStatusError, TtsError, ttsError } from '../../errors/ttsError';
import { GrpcCode } from '../../errors/catalog';
import type { Call, Handler } from '../../http/call';
import type { RepositoryCodecSource } from '../application/formatters';
import { listResponse } from '../common/listResponse';
import { maskAt, numberAt, objectAt, stringAt } from '../common/messageFields';
import {
	entityIdPattern,
	validateFieldMask,
	validateId,
	validateLength,
} from '../common/validation';
import { repositoryFiles } from './catalogue';
import type { CodecKind } from './store';
import { DeviceRepositoryStore } from './store';

/**
 * The Device Repository service (pkg/devicerepository/grpc.go): brands, models, templates and
 * payload codecs of the LoRaWAN Device Repository, for any authenticated caller. Served on the
 * Identity Server's host: the Console SDK has no `dr` entry in its component map.
 */

/** The simulator's Device Repository, from its lorawan-devices catalogue. */
export const deviceRepositoryStore = new DeviceRepositoryStore(repositoryFiles);

// cmd/internal/shared/devicerepository/config.go: dr.assets-base-url.
const ASSETS_BASE_URL = 'https://raw.githubusercontent.com/TheThingsNetwork/lorawan-devices/master';

// grpc.go: a limit of 0 or above 1000 is 1000.
const DEFAULT_LIMIT = 1000;

// grpc.go assetURL: a logo or photo path becomes a URL below the assets base URL.
function assetUrl(brandId: string, path: string): string {
	if (!path || path.startsWith(ASSETS_BASE_URL)) return path;
	return `${ASSETS_BASE_URL}/vendor/${brandId}/${path}`;
}

function withModelAssets(model: JsonObject): JsonObject {
	if (!isJsonObject(model.photos)) return model;
	const brandId = String(model.brand_id ?? '');
	const photos = { ...model.photos };
	if (typeof photos.main === 'string') photos.main = assetUrl(brandId, photos.main);
	if (Array.isArray(photos.other)) {
		photos.other = photos.other.map((photo) => assetUrl(brandId, String(photo)));
	}
	return { ...model, photos };
}

function withBrandAssets(brand: JsonObject): JsonObject {
	if (typeof brand.logo !== 'string') return brand;
	return { ...brand, logo: assetUrl(String(brand.brand_id), brand.logo) };
}

/**
 * pkg/auth/rights/auth_info.go RequireAuthenticated: any credentials will do. The Identity
 * Server's refusal of a key (unknown, expired, ...) becomes the cause of `unauthenticated`.
 * Requests are validated before (pkg/rpcmiddleware/validator runs before the handler).
 */
function requireAuthenticated(call: Call): void {
	let authenticated: boolean;
	try {
		authenticated = call.caller.authenticated;
	} catch (error) {
		if (error instanceof TtsError) throw ttsError('pkg/auth/rights:unauthenticated', {}, error);
		throw error;
	}
	if (!authenticated) throw ttsError('pkg/auth/rights:unauthenticated');
}

// The validate.rules of the requests (api/ttn/lorawan/v3/devicerepository.proto).
function validateListRequest(call: Call, orderFields: string[]): void {
	const orderBy = stringAt(call.message, 'order_by');
	const allowed = ['', ...orderFields.flatMap((field) => [field, `-${field}`])];
	if (!allowed.includes(orderBy)) {
		throw ttsError('pkg/errors:validation', {
			field: 'order_by',
			reason: `value must be in list [${allowed.join(' ')}]`,
			name: 'in',
		});
	}
	validateLength(stringAt(call.message, 'search'), 'search', 100);
	validateFieldMask(call.rpc, maskAt(call.message));
}

/** A page of a list (store.go: From = (page-1) × limit) and X-Total-Count. */
function page<T>(call: Call, items: T[]): T[] {
	const requested = numberAt(call.message, 'limit');
	const limit = requested === 0 || requested > DEFAULT_LIMIT ? DEFAULT_LIMIT : requested;
	const pageNumber = Math.max(numberAt(call.message, 'page'), 1);
	call.setTotalCount(items.length);
	return items.slice((pageNumber - 1) * limit, pageNumber * limit);
}

// grpc.go withDefaultBrandFields, withDefaultModelFields: only these are added to the mask.
const brandFields = (call: Call) => [...new Set([...maskAt(call.message), 'brand_id'])];
const modelFields = (call: Call) => [...new Set([...maskAt(call.message), 'brand_id', 'model_id'])];

const listBrands: Handler = (call) => {
	validateListRequest(call, ['brand_id', 'name']);
	requireAuthenticated(call);
	const brands = deviceRepositoryStore.brands({
		search: stringAt(call.message, 'search'),
		orderBy: stringAt(call.message, 'order_by'),
	});
	const paths = brandFields(call);
	return listResponse(
		'brands',
		page(call, brands).map((brand) => withBrandAssets(pickPaths(brand, paths))),
	);
};

const getBrand: Handler = (call) => {
	const brandId = stringAt(call.message, 'brand_id');
	validateId(brandId, 'brand_id');
	validateFieldMask(call.rpc, maskAt(call.message));
	requireAuthenticated(call);
	const [brand] = deviceRepositoryStore.brands({ brandId });
	if (!brand) throw ttsError('pkg/devicerepository:brand_not_found', { brand_id: brandId });
	return withBrandAssets(pickPaths(brand, brandFields(call)));
};

const listModels: Handler = (call) => {
	const brandId = stringAt(call.message, 'brand_id');
	if (brandId) validateId(brandId, 'brand_id');
	validateListRequest(call, ['brand_id', 'model_id', 'name']);
	requireAuthenticated(call);
	const models = deviceRepositoryStore.models({
		brandId,
		search: stringAt(call.message, 'search'),
		orderBy: stringAt(call.message, 'order_by'),
	});
	const paths = modelFields(call);
	return listResponse(
		'models',
		page(call, models).map((model) => withModelAssets(pickPaths(model, paths))),
	);
};

const getModel: Handler = (call) => {
	const brandId = stringAt(call.message, 'brand_id');
	const modelId = stringAt(call.message, 'model_id');
	validateId(brandId, 'brand_id');
	validateId(modelId, 'model_id');
	validateFieldMask(call.rpc, maskAt(call.message));
	requireAuthenticated(call);
	const [model] = deviceRepositoryStore.models({ brandId, modelId });
	if (!model) {
		throw ttsError('pkg/devicerepository:model_not_found', {
			brand_id: brandId,
			model_id: modelId,
		});
	}
	return withModelAssets(pickPaths(model, modelFields(call)));
};

/** identifiers.proto EndDeviceVersionIdentifiers: brand and model IDs, versions and band ≤ 32. */
function validatedVersionIds(call: Call): JsonObject {
	const versionIds = objectAt(call.message, 'version_ids');
	for (const field of ['brand_id', 'model_id']) {
		const value = stringAt(versionIds, field);
		if (value) validateId(value, `version_ids.${field}`, entityIdPattern);
	}
	for (const field of ['hardware_version', 'firmware_version', 'band_id']) {
		validateLength(stringAt(versionIds, field), `version_ids.${field}`, 32);
	}
	return versionIds;
}

const getTemplate: Handler = (call) => {
	if (isJsonObject(call.message.end_device_profile_ids)) {
		throw new PlainStatusError(
			GrpcCode.Unimplemented,
			'templates by LoRa Alliance vendor profile are not simulated',
		);
	}
	const versionIds = validatedVersionIds(call);
	requireAuthenticated(call);
	return { ...deviceRepositoryStore.template(versionIds) };
};

const codecHandler =
	(kind: CodecKind): Handler =>
	(call) => {
		const versionIds = validatedVersionIds(call);
		validateFieldMask(call.rpc, maskAt(call.message));
		requireAuthenticated(call);
		return deviceRepositoryStore.codec(versionIds, kind, maskAt(call.message));
	};

export const deviceRepositoryHandlers: Record<string, Handler> = {
	'DeviceRepository.ListBrands': listBrands,
	'DeviceRepository.GetBrand': getBrand,
	'DeviceRepository.ListModels': listModels,
	'DeviceRepository.GetModel': getModel,
	'DeviceRepository.GetTemplate': getTemplate,
	'DeviceRepository.GetUplinkDecoder': codecHandler('uplinkDecoder'),
	'DeviceRepository.GetDownlinkDecoder': codecHandler('downlinkDecoder'),
	'DeviceRepository.GetDownlinkEncoder': codecHandler('downlinkEncoder'),
};

/**
 * Where the Application Server's FORMATTER_REPOSITORY gets the codec of a device's model
 * (pkg/messageprocessors/devicerepository/devicerepository.go retrieve): the Device Repository,
 * asked with cluster authentication, so without a caller's rights.
 */
export const repositoryCodecSource: RepositoryCodecSource = {
	codec: (_applicationIds, versionIds, kind) => {
		const { formatter, formatter_parameter } = deviceRepositoryStore.codec(versionIds, kind);
		return { formatter: String(formatter), formatter_parameter: String(formatter_parameter) };
	},
};
