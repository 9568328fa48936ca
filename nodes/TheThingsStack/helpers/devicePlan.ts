import type { IDataObject } from 'n8n-workflow';

import { findIdProblem } from '../../shared/transport';
import { entityBasics, readServerAddress } from './entityInput';
import type { Component } from './deviceFields';
import { findUnsettablePaths, setPath, setPaths, splitSetPaths } from './deviceFields';
import type { GeneratedKey } from './deviceKeys';
import type { MacVersion, PhyVersion } from './lorawan';
import type { Direction, FormatterChoices } from './payloadFormatters';
import { readFormatterChoice } from './payloadFormatters';
import {
	DEV_ADDR_BYTES,
	EUI_BYTES,
	findHexProblem,
	isLoRaWAN11,
	KEY_BYTES,
	normalizeHex,
	parseMacVersion,
	parsePhyVersion,
	phyVersionsForMac,
	randomHex,
	requiresDevEuiForAbp,
} from './lorawan';

export type ActivationMode = 'otaa' | 'abp';

/** What the user asked for, as read from the node's parameters (strings as typed). */
export interface DeviceInput {
	applicationId: string;
	deviceId?: string;
	activationMode?: ActivationMode;
	devEui?: string;
	joinEui?: string;
	appKey?: string;
	nwkKey?: string;
	devAddr?: string;
	appSKey?: string;
	nwkSKey?: string;
	sNwkSIntKey?: string;
	nwkSEncKey?: string;
	frequencyPlanId?: string;
	lorawanVersion?: string;
	lorawanPhyVersion?: string;
	name?: string;
	description?: string;
	attributes?: Record<string, string>;
	location?: { latitude?: number; longitude?: number; altitude?: number };
	supportsClassB?: boolean;
	supportsClassC?: boolean;
	pingSlotPeriodicity?: string;
	uplinkFormatter?: string;
	uplinkFormatterScript?: string;
	downlinkFormatter?: string;
	downlinkFormatterScript?: string;
	networkServerAddress?: string;
	applicationServerAddress?: string;
	joinServerAddress?: string;
	resetsFrameCounters?: boolean;
	supports32BitFCnt?: boolean;
	/** Any other EndDevice fields, as the API writes them. */
	advanced?: IDataObject;
}

export interface BuildOptions {
	/** Host (and port) of the cluster, the default for the server address fields. */
	clusterHost: string;
	/** Fill missing OTAA root keys / ABP session keys with random ones. */
	generateKeys?: boolean;
	/** The DevEUI will be issued by the application's DevEUI block, so it may be missing now. */
	devEuiIssuedLater?: boolean;
}

/** The device to register or change, split over the servers that store each field. */
export interface DevicePlan {
	applicationId: string;
	/** Undefined only when it derives from a DevEUI issued later. */
	deviceId?: string;
	activationMode: ActivationMode;
	device: IDataObject;
	paths: Record<Component, string[]>;
	/** The payload formatters asked for; written once resolved against the device (deviceFormatters). */
	formatters?: FormatterChoices;
	/** The keys this plan generated: for the output of a new device, never for an existing one. */
	generatedKeys: GeneratedKey[];
	/** Server address fields set to the cluster's host because the input left them empty. */
	defaultedAddresses: string[];
}

export interface FieldProblem {
	field: string;
	message: string;
}

export class InvalidDeviceInput extends Error {
	constructor(readonly problems: FieldProblem[]) {
		super(problems[0]?.message ?? 'Invalid device');
	}
}

const PING_SLOT_PERIODS = /^PING_EVERY_(1|2|4|8|16|32|64|128)S$/;

/** The device ID the Console gives a device without one: `eui-` and its DevEUI. */
export function deviceIdFromDevEui(devEui: string): string {
	return `eui-${devEui.toLowerCase()}`;
}

/**
 * Checks a device to create and builds it: every field validated (IDs, EUIs and keys, version
 * combinations, addresses, formatters), keys generated when asked, server addresses defaulted to
 * the cluster, and the fields split over the Identity, Join, Network and Application Server.
 * Throws InvalidDeviceInput listing every problem; sends nothing.
 */
export function planDeviceCreation(input: DeviceInput, options: BuildOptions): DevicePlan {
	const problems: FieldProblem[] = [];
	const generatedKeys: GeneratedKey[] = [];
	const activationMode = input.activationMode ?? 'otaa';
	const otaa = activationMode === 'otaa';
	const mac = requireVersion(parseMacVersion, input.lorawanVersion, 'LoRaWAN Version', problems);
	const phy = requireVersion(
		parsePhyVersion,
		input.lorawanPhyVersion,
		'Regional Parameters Version',
		problems,
	);
	checkVersionPair(mac, phy, problems);
	if (!input.frequencyPlanId?.trim()) {
		problems.push({ field: 'Frequency Plan', message: 'Frequency Plan is empty' });
	}

	// Sets the key at `path` of the device: the given one, checked, or a generated one.
	const key = (label: string, value: string | undefined, name: string, path: string) => {
		const hex = normalizeHex(value);
		if (hex === '' && options.generateKeys) {
			generatedKeys.push({ name, path });
			setPath(device, path, randomHex(KEY_BYTES));
		} else {
			setPath(device, path, checkHex(label, hex, KEY_BYTES, problems));
		}
	};

	const devEui = normalizeHex(input.devEui);
	const needsDevEui = otaa || (mac !== undefined && requiresDevEuiForAbp(mac));
	if (devEui !== '' || (needsDevEui && !options.devEuiIssuedLater))
		checkHex('DevEUI', devEui, EUI_BYTES, problems);

	const deviceId = input.deviceId?.trim() || (devEui ? deviceIdFromDevEui(devEui) : undefined);
	if (deviceId !== undefined || !options.devEuiIssuedLater) {
		const problem = findIdProblem('device_id', deviceId ?? '');
		if (problem) problems.push({ field: 'Device ID', message: problem });
	}

	const device: IDataObject = {
		ids: {
			...(deviceId ? { device_id: deviceId } : {}),
			application_ids: { application_id: input.applicationId },
			...(devEui ? { dev_eui: devEui } : {}),
		},
		frequency_plan_id: input.frequencyPlanId?.trim(),
		lorawan_version: mac,
		lorawan_phy_version: phy,
		supports_join: otaa,
	};

	if (otaa) {
		const joinEui = normalizeHex(input.joinEui);
		checkHex('JoinEUI', joinEui, EUI_BYTES, problems);
		(device.ids as IDataObject).join_eui = joinEui;
		key('AppKey', input.appKey, 'appKey', 'root_keys.app_key.key');
		if (mac && isLoRaWAN11(mac)) key('NwkKey', input.nwkKey, 'nwkKey', 'root_keys.nwk_key.key');
		else if (normalizeHex(input.nwkKey) !== '') {
			problems.push({
				field: 'NwkKey',
				message: 'NwkKey is only used by LoRaWAN 1.1 devices; leave it empty',
			});
		}
	} else {
		const devAddr = normalizeHex(input.devAddr);
		checkHex('Device Address', devAddr, DEV_ADDR_BYTES, problems);
		setPath(device, 'session.dev_addr', devAddr);
		key('AppSKey', input.appSKey, 'appSKey', 'session.keys.app_s_key.key');
		const fNwkSIntKeyLabel = mac && isLoRaWAN11(mac) ? 'FNwkSIntKey' : 'NwkSKey';
		key(fNwkSIntKeyLabel, input.nwkSKey, 'nwkSKey', 'session.keys.f_nwk_s_int_key.key');
		if (mac && isLoRaWAN11(mac)) {
			key('SNwkSIntKey', input.sNwkSIntKey, 'sNwkSIntKey', 'session.keys.s_nwk_s_int_key.key');
			key('NwkSEncKey', input.nwkSEncKey, 'nwkSEncKey', 'session.keys.nwk_s_enc_key.key');
		}
		if (input.resetsFrameCounters !== undefined)
			setPath(device, 'mac_settings.resets_f_cnt', input.resetsFrameCounters);
		if (input.supportsClassB && !input.pingSlotPeriodicity) {
			problems.push({
				field: 'Ping Slot Periodicity',
				message: 'Ping Slot Periodicity is required for ABP devices that support class B',
			});
		}
	}

	const defaultedAddresses: string[] = [];
	const serverAddress = (field: string, label: string, value: string | undefined) => {
		if (!value?.trim()) defaultedAddresses.push(field);
		device[field] = address(label, value, options.clusterHost, problems);
	};
	serverAddress('network_server_address', 'Network Server Address', input.networkServerAddress);
	serverAddress(
		'application_server_address',
		'Application Server Address',
		input.applicationServerAddress,
	);
	if (otaa) serverAddress('join_server_address', 'Join Server Address', input.joinServerAddress);

	applyCommonFields(device, input, problems);
	const formatters = formatterChoices(input, problems);

	if (problems.length > 0) throw new InvalidDeviceInput(problems);
	return {
		applicationId: input.applicationId,
		deviceId,
		activationMode,
		device,
		paths: splitSetPaths(setPaths(device)),
		generatedKeys,
		formatters,
		defaultedAddresses,
	};
}

/**
 * Checks the fields of a device update and builds the partial device to write. Only given fields
 * are changed; they are split over the servers that store them.
 */
export function planDeviceUpdate(input: DeviceInput): DevicePlan {
	const problems: FieldProblem[] = [];
	const device: IDataObject = { ids: { application_ids: { application_id: input.applicationId } } };
	const mac = optionalVersion(parseMacVersion, input.lorawanVersion, 'LoRaWAN Version', problems);
	const phy = optionalVersion(
		parsePhyVersion,
		input.lorawanPhyVersion,
		'Regional Parameters Version',
		problems,
	);
	checkVersionPair(mac, phy, problems);
	if (mac) device.lorawan_version = mac;
	if (phy) device.lorawan_phy_version = phy;
	if (input.frequencyPlanId?.trim()) device.frequency_plan_id = input.frequencyPlanId.trim();

	const optionalKey = (label: string, value: string | undefined, path: string) => {
		const hex = normalizeHex(value);
		if (hex !== '') setPath(device, path, checkHex(label, hex, KEY_BYTES, problems));
	};
	optionalKey('AppKey', input.appKey, 'root_keys.app_key.key');
	optionalKey('NwkKey', input.nwkKey, 'root_keys.nwk_key.key');
	const devAddr = normalizeHex(input.devAddr);
	if (devAddr !== '')
		setPath(
			device,
			'session.dev_addr',
			checkHex('Device Address', devAddr, DEV_ADDR_BYTES, problems),
		);
	optionalKey('AppSKey', input.appSKey, 'session.keys.app_s_key.key');
	optionalKey('NwkSKey', input.nwkSKey, 'session.keys.f_nwk_s_int_key.key');
	optionalKey('SNwkSIntKey', input.sNwkSIntKey, 'session.keys.s_nwk_s_int_key.key');
	optionalKey('NwkSEncKey', input.nwkSEncKey, 'session.keys.nwk_s_enc_key.key');
	if (input.resetsFrameCounters !== undefined)
		setPath(device, 'mac_settings.resets_f_cnt', input.resetsFrameCounters);

	if (input.networkServerAddress)
		device.network_server_address = address(
			'Network Server Address',
			input.networkServerAddress,
			'',
			problems,
		);
	if (input.applicationServerAddress)
		device.application_server_address = address(
			'Application Server Address',
			input.applicationServerAddress,
			'',
			problems,
		);
	if (input.joinServerAddress)
		device.join_server_address = address(
			'Join Server Address',
			input.joinServerAddress,
			'',
			problems,
		);

	applyCommonFields(device, input, problems);
	const formatters = formatterChoices(input, problems);

	const paths = setPaths(device).filter((path) => !path.startsWith('ids'));
	if (problems.length === 0 && paths.length === 0 && !formatters) {
		problems.push({
			field: 'Update Fields',
			message: 'No field to update: add at least one under Update Fields',
		});
	}
	if (problems.length > 0) throw new InvalidDeviceInput(problems);
	return {
		applicationId: input.applicationId,
		deviceId: input.deviceId,
		activationMode: 'otaa',
		device,
		paths: splitSetPaths(paths),
		generatedKeys: [],
		formatters,
		defaultedAddresses: [],
	};
}

function applyCommonFields(
	device: IDataObject,
	input: DeviceInput,
	problems: FieldProblem[],
): void {
	// Name, description and attributes follow the same rules as for applications and gateways.
	const basics = (fields: IDataObject) => () => Object.assign(device, entityBasics(fields));
	collect(problems, 'Name', basics({ name: input.name }));
	collect(problems, 'Description', basics({ description: input.description }));
	collect(problems, 'Attributes', basics({ attributes: input.attributes }));
	if (input.location) {
		const { latitude, longitude, altitude } = input.location;
		if (typeof latitude !== 'number' || latitude < -90 || latitude > 90) {
			problems.push({
				field: 'Location',
				message: `Latitude ${latitude} is not between -90 and 90`,
			});
		}
		if (typeof longitude !== 'number' || longitude < -180 || longitude > 180) {
			problems.push({
				field: 'Location',
				message: `Longitude ${longitude} is not between -180 and 180`,
			});
		}
		device.locations = {
			user: {
				latitude,
				longitude,
				...(altitude !== undefined ? { altitude: Math.round(altitude) } : {}),
				source: 'SOURCE_REGISTRY',
			},
		};
	}
	if (input.supportsClassB !== undefined) device.supports_class_b = input.supportsClassB;
	if (input.supportsClassC !== undefined) device.supports_class_c = input.supportsClassC;
	if (input.pingSlotPeriodicity) {
		if (!PING_SLOT_PERIODS.test(input.pingSlotPeriodicity)) {
			problems.push({
				field: 'Ping Slot Periodicity',
				message: `Ping Slot Periodicity "${input.pingSlotPeriodicity}" is not valid`,
			});
		}
		setPath(device, 'mac_settings.ping_slot_periodicity', input.pingSlotPeriodicity);
	}
	if (input.supports32BitFCnt !== undefined)
		setPath(device, 'mac_settings.supports_32_bit_f_cnt', input.supports32BitFCnt);
	if (input.advanced) applyAdvancedFields(device, input.advanced, problems);
}

/** The formatter choices of the input; undefined when it gives none. */
function formatterChoices(
	input: DeviceInput,
	problems: FieldProblem[],
): FormatterChoices | undefined {
	const choices: FormatterChoices = {};
	const given: Array<[Direction, string | undefined, string | undefined, string]> = [
		['up', input.uplinkFormatter, input.uplinkFormatterScript, 'Uplink Payload Formatter'],
		['down', input.downlinkFormatter, input.downlinkFormatterScript, 'Downlink Payload Formatter'],
	];
	for (const [direction, type, parameter, field] of given) {
		if (!type) continue;
		const choice = collect(problems, field, () => readFormatterChoice(direction, type, parameter));
		if (choice) choices[direction] = choice;
	}
	if (Object.keys(choices).length === 0) return undefined;
	if (input.advanced?.formatters !== undefined) {
		problems.push({
			field: 'Advanced Fields',
			message:
				'Set payload formatters either with the formatter fields or under Advanced Fields, not both',
		});
	}
	return choices;
}

function applyAdvancedFields(
	device: IDataObject,
	advanced: IDataObject,
	problems: FieldProblem[],
): void {
	const paths = setPaths(advanced);
	for (const problem of findUnsettablePaths(paths)) {
		problems.push({ field: 'Advanced Fields', message: `Advanced Fields: ${problem.message}` });
	}
	if (paths.some((path) => path === 'ids' || path.startsWith('ids.'))) {
		problems.push({
			field: 'Advanced Fields',
			message: 'Advanced Fields cannot change the device IDs or EUIs',
		});
	}
	for (const path of paths) {
		if (path === 'ids' || path.startsWith('ids.')) continue;
		let value: unknown = advanced;
		for (const key of path.split('.')) value = (value as IDataObject)[key];
		setPath(device, path, value);
	}
}

function checkVersionPair(
	mac: MacVersion | undefined,
	phy: PhyVersion | undefined,
	problems: FieldProblem[],
): void {
	if (!mac || !phy || phyVersionsForMac(mac).includes(phy)) return;
	problems.push({
		field: 'Regional Parameters Version',
		message: `Regional Parameters Version ${phy} does not go with LoRaWAN Version ${mac}; use ${phyVersionsForMac(mac).join(' or ')}`,
	});
}

function checkHex(label: string, hex: string, bytes: number, problems: FieldProblem[]): string {
	const problem = findHexProblem(label, hex, bytes);
	if (problem) problems.push({ field: label, message: problem });
	return hex;
}

function requireVersion<T>(
	parse: (value: unknown) => T | undefined,
	value: string | undefined,
	label: string,
	problems: FieldProblem[],
): T | undefined {
	if (!value?.trim()) {
		problems.push({ field: label, message: `${label} is empty` });
		return undefined;
	}
	return optionalVersion(parse, value, label, problems);
}

function optionalVersion<T>(
	parse: (value: unknown) => T | undefined,
	value: string | undefined,
	label: string,
	problems: FieldProblem[],
): T | undefined {
	if (!value?.trim()) return undefined;
	const parsed = parse(value);
	if (!parsed)
		problems.push({ field: label, message: `${label} "${value}" is not a known version` });
	return parsed;
}

function address(
	label: string,
	value: string | undefined,
	fallback: string,
	problems: FieldProblem[],
): string {
	const chosen = value?.trim() || fallback;
	return collect(problems, label, () => readServerAddress(label, chosen)) ?? chosen;
}

/** Runs one of the shared entity input readers (which only throw InvalidEntityInput), noting its complaint. */
function collect<T>(problems: FieldProblem[], field: string, read: () => T): T | undefined {
	try {
		return read();
	} catch (error) {
		problems.push({ field, message: (error as Error).message });
		return undefined;
	}
}

export type { MacVersion, PhyVersion };
