/**
 * The files of a lorawan-devices checkout as the Device Repository reads them
 * (pkg/devicerepository/store/remote/schema.go, pkg/devicerepository/store/profiles.go): the
 * vendor index, each vendor's index of models, and its model, profile and codec files, with the
 * YAML keys written as they are there.
 */

/** An entry of `vendor/index.yaml` (schema.go Vendor). */
export interface VendorEntry {
	id: string;
	name: string;
	vendorID?: number;
	draft?: boolean;
	email?: string;
	website?: string;
	pen?: number;
	ouis?: string[];
	logo?: string;
}

/** `vendor/<vendor>/index.yaml` (schema.go VendorEndDevicesIndex). */
export interface VendorIndex {
	endDevices: string[];
	/** TR005 vendor profile IDs (store.EndDeviceProfileIdentifiers), keyed by the decimal ID. */
	profileIDs?: Record<
		string,
		{ endDeviceID: string; firmwareVersion: string; hardwareVersion?: string; region: string }
	>;
}

export interface ProfileReference {
	/** Another vendor's folder that holds the profile; the model's own vendor when empty. */
	vendorID?: string;
	id: string;
	codec?: string;
	lorawanCertified?: boolean;
}

/** `vendor/<vendor>/<model>.yaml` (schema.go EndDeviceModel). */
export interface ModelFile {
	name: string;
	description?: string;
	hardwareVersions?: Array<{ version: string; numeric?: number; partNumber?: string }>;
	firmwareVersions: Array<{
		version: string;
		numeric?: number;
		hardwareVersions?: string[];
		/** Keyed by the lorawan-devices region name (EU863-870, US902-928, ...). */
		profiles: Record<string, ProfileReference>;
	}>;
	sensors?: string[];
	dimensions?: { width?: number; height?: number; diameter?: number; length?: number };
	weight?: number;
	battery?: { replaceable: boolean; type?: string };
	operatingConditions?: {
		temperature?: { min: number; max: number };
		relativeHumidity?: { min: number; max: number };
	};
	ipCode?: string;
	keyProvisioning?: Array<'custom' | 'join server' | 'manifest'>;
	keySecurity?: 'none' | 'read protected' | 'secure element';
	photos?: { main: string; other?: string[] };
	productURL?: string;
	dataSheetURL?: string;
	resellerURLs?: Array<{ name: string; region: string[]; url: string }>;
	additionalRadios?: string[];
}

/** `vendor/<vendor>/<profile>.yaml` (store.EndDeviceProfile). */
export interface ProfileFile {
	vendorProfileID?: number;
	macVersion: string;
	regionalParametersVersion: string;
	supportsJoin: boolean;
	rx1Delay?: number;
	rx1DataRateOffset?: number;
	rx2DataRateIndex?: number;
	/** MHz. */
	rx2Frequency?: number;
	/** MHz. */
	factoryPresetFrequencies?: number[];
	maxEIRP?: number;
	maxDutyCycle?: number;
	supports32bitFCnt?: boolean;
	supportsClassB: boolean;
	classBTimeout?: number;
	pingSlotPeriod?: number;
	pingSlotDataRateIndex?: number;
	/** MHz. */
	pingSlotFrequency?: number;
	supportsClassC: boolean;
	classCTimeout?: number;
}

export interface EncodedExample {
	fPort: number;
	bytes: number[];
	warnings?: string[];
	errors?: string[];
}

export interface DecodedExample {
	data?: Record<string, unknown>;
	warnings?: string[];
	errors?: string[];
}

export interface DecoderCodec {
	fileName: string;
	examples?: Array<{ description: string; input: EncodedExample; output: DecodedExample }>;
}

export interface EncoderCodec {
	fileName: string;
	examples?: Array<{ description: string; input: DecodedExample; output: EncodedExample }>;
}

/** `vendor/<vendor>/<codec>.yaml` (schema.go EndDeviceCodecs). */
export interface CodecFile {
	uplinkDecoder?: DecoderCodec;
	downlinkDecoder?: DecoderCodec;
	downlinkEncoder?: EncoderCodec;
}

/** One vendor folder: its index and its files by name (without `.yaml`; scripts with `.js`). */
export interface VendorFolder {
	index: VendorIndex;
	models: Record<string, ModelFile>;
	profiles: Record<string, ProfileFile>;
	codecs: Record<string, CodecFile>;
	scripts: Record<string, string>;
}

/** A lorawan-devices checkout: `vendor/index.yaml` and the vendor folders that exist. */
export interface RepositoryFiles {
	vendors: VendorEntry[];
	folders: Record<string, VendorFolder>;
}
