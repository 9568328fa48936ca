import type { JsonObject, JsonValue } from '../../encoding/json';
import { regionToBandId } from './bands';
import type { ModelFile, VendorEntry } from './catalogue';

/**
 * The EndDeviceBrand and EndDeviceModel messages built from the lorawan-devices files
 * (pkg/devicerepository/store/remote/schema.go Vendor.ToPB, EndDeviceModel.ToPB), as The Things
 * Stack writes them in JSON: fields at their zero value left out, wrapper values (FloatValue,
 * BoolValue) written even when zero, enums by name.
 */

/** Drops the keys whose value is a protobuf zero (undefined, '', 0, false, empty list). */
function withoutZeros(fields: Record<string, JsonValue | undefined>): JsonObject {
	const result: JsonObject = {};
	for (const [key, value] of Object.entries(fields)) {
		if (value === undefined || value === '' || value === 0 || value === false) continue;
		if (Array.isArray(value) && value.length === 0) continue;
		result[key] = value;
	}
	return result;
}

export function brandMessage(vendor: VendorEntry): JsonObject {
	return withoutZeros({
		brand_id: vendor.id,
		name: vendor.name,
		private_enterprise_number: vendor.pen,
		organization_unique_identifiers: vendor.ouis,
		lora_alliance_vendor_id: vendor.vendorID,
		website: vendor.website,
		email: vendor.email,
		logo: vendor.logo,
	});
}

// api/ttn/lorawan/v3/devicerepository.proto KeyProvisioning and KeySecurity (thethings.json enum
// values: the YAML spelling).
const keyProvisioning = {
	custom: 'KEY_PROVISIONING_CUSTOM',
	'join server': 'KEY_PROVISIONING_JOIN_SERVER',
	manifest: 'KEY_PROVISIONING_MANIFEST',
} as const;
const keySecurity = {
	none: 'KEY_SECURITY_NONE',
	'read protected': 'KEY_SECURITY_READ_PROTECTED',
	'secure element': 'KEY_SECURITY_SECURE_ELEMENT',
} as const;

export function modelMessage(brandId: string, modelId: string, file: ModelFile): JsonObject {
	const dimensions = file.dimensions
		? // schema.go sets each dimension only when it is > 0.
			withoutZeros({
				width: positive(file.dimensions.width),
				height: positive(file.dimensions.height),
				diameter: positive(file.dimensions.diameter),
				length: positive(file.dimensions.length),
			})
		: undefined;
	const limits = (range: { min: number; max: number } | undefined) =>
		range ? { min: range.min, max: range.max } : undefined;
	const conditions = file.operatingConditions;
	return withoutZeros({
		brand_id: brandId,
		model_id: modelId,
		name: file.name,
		description: file.description,
		hardware_versions: file.hardwareVersions?.map((version) =>
			withoutZeros({
				version: version.version,
				numeric: version.numeric,
				part_number: version.partNumber,
			}),
		),
		firmware_versions: file.firmwareVersions.map((version) =>
			withoutZeros({
				version: version.version,
				numeric: version.numeric,
				supported_hardware_versions: version.hardwareVersions,
				profiles: emptyAsUndefined(
					Object.fromEntries(
						Object.entries(version.profiles).map(([region, profile]) => [
							regionToBandId[region] ?? '',
							withoutZeros({
								vendor_id: profile.vendorID,
								profile_id: profile.id,
								lorawan_certified: profile.lorawanCertified,
								codec_id: profile.codec,
							}),
						]),
					),
				),
			}),
		),
		sensors: file.sensors,
		dimensions: dimensions && emptyAsUndefined(dimensions),
		weight: positive(file.weight),
		// Battery.replaceable is a BoolValue: written even when false.
		battery: file.battery
			? {
					replaceable: file.battery.replaceable,
					...withoutZeros({ type: file.battery.type }),
				}
			: undefined,
		operating_conditions: conditions
			? withoutZeros({
					temperature: limits(conditions.temperature),
					relative_humidity: limits(conditions.relativeHumidity),
				})
			: undefined,
		ip_code: file.ipCode,
		key_provisioning: file.keyProvisioning?.map((method) => keyProvisioning[method]),
		key_security: file.keySecurity ? keySecurity[file.keySecurity] : undefined,
		photos: file.photos
			? withoutZeros({ main: file.photos.main, other: file.photos.other })
			: undefined,
		product_url: file.productURL,
		datasheet_url: file.dataSheetURL,
		resellers: file.resellerURLs?.map((reseller) =>
			withoutZeros({ name: reseller.name, region: reseller.region, url: reseller.url }),
		),
		additional_radios: file.additionalRadios,
	});
}

function positive(value: number | undefined): number | undefined {
	return value !== undefined && value > 0 ? value : undefined;
}

function emptyAsUndefined(object: JsonObject): JsonObject | undefined {
	return Object.keys(object).length > 0 ? object : undefined;
}
