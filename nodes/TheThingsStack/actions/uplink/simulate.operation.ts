import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { findIdProblem, ttsApiRequest } from '../../../shared/transport';
import { applicationRLC, deviceRLC } from '../../descriptions';
import { readIdParameter, validated } from '../../helpers/parameters';
import type { PayloadFormat } from '../../helpers/payload';
import {
	findFPortProblem,
	InvalidMessage,
	parsePayload,
	withHexPayload,
} from '../../helpers/payload';
import { getFrequencyPlans } from '../../helpers/stackConfiguration';
import type { UplinkRadio } from '../../helpers/uplinkSettings';
import { bandOfPlanId, defaultUplinkRadio } from '../../helpers/uplinkSettings';

const DEFAULT_GATEWAY_ID = 'simulated-gateway';
const DEFAULT_RSSI = -70;
const DEFAULT_SNR = 8.5;

const properties: INodeProperties[] = [
	applicationRLC,
	deviceRLC,
	{
		displayName: 'FPort',
		name: 'fPort',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 255 },
		default: 1,
		description: 'The application port the device would send on, 1–255 (not 224)',
	},
	{
		displayName: 'Payload Format',
		name: 'payloadFormat',
		type: 'options',
		options: [
			{ name: 'Base64', value: 'base64', description: 'Bytes as base64, e.g. AQI=' },
			{ name: 'Byte List', value: 'bytes', description: 'Decimal byte values, e.g. 1, 2, 255' },
			{
				name: 'Hex',
				value: 'hex',
				description: 'Bytes as hexadecimal, e.g. 0102FF (spaces and colons are ignored)',
			},
		],
		default: 'hex',
	},
	{
		displayName: 'Payload',
		name: 'payload',
		type: 'string',
		default: '',
		required: true,
		placeholder: '0102FF',
		description:
			'The raw bytes the device would send (FRMPayload, at most 242); the application’s or device’s uplink payload formatter decodes them',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Bandwidth',
				name: 'bandwidth',
				type: 'options',
				options: [
					{ name: '125 kHz', value: 125000 },
					{ name: '250 kHz', value: 250000 },
					{ name: '500 kHz', value: 500000 },
					{ name: '812 kHz (LoRa 2.4 GHz)', value: 812000 },
				],
				default: 125000,
				description: 'LoRa bandwidth. Defaults to the band’s usual one (125 kHz).',
			},
			{
				displayName: 'Confirmed',
				name: 'confirmed',
				type: 'boolean',
				default: false,
				description: 'Whether the uplink is marked as a confirmed uplink',
			},
			{
				displayName: 'Frame Counter',
				name: 'fCnt',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: 'The uplink frame counter (FCnt) to report',
			},
			{
				displayName: 'Frequency',
				name: 'frequency',
				type: 'number',
				default: 868100000,
				description:
					'The channel, in Hz (868100000) or MHz (868.1). Defaults to the first uplink channel of the device’s frequency plan.',
			},
			{
				displayName: 'Gateway ID',
				name: 'gatewayId',
				type: 'string',
				default: DEFAULT_GATEWAY_ID,
				description: 'The gateway the uplink seems to come through',
			},
			{
				displayName: 'RSSI (dBm)',
				name: 'rssi',
				type: 'number',
				default: DEFAULT_RSSI,
				description: 'Received signal strength, e.g. -70',
			},
			{
				displayName: 'SNR (dB)',
				name: 'snr',
				type: 'number',
				typeOptions: { numberPrecision: 1 },
				default: DEFAULT_SNR,
				description: 'Signal-to-noise ratio, e.g. 8.5',
			},
			{
				displayName: 'Spreading Factor',
				name: 'spreadingFactor',
				type: 'options',
				options: [5, 6, 7, 8, 9, 10, 11, 12].map((sf) => ({ name: `SF${sf}`, value: sf })),
				default: 7,
				description: 'LoRa spreading factor (SF7 is the fastest common data rate)',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['uplink'], operation: ['simulate'] } },
	properties,
);

interface SimulateInput {
	applicationId: string;
	deviceId: string;
	uplink: IDataObject;
	gatewayId: string;
	rssi: number;
	snr: number;
	/** The radio settings given; the rest come from the device's frequency plan. */
	radio: Partial<UplinkRadio>;
}

export function prepare(this: IExecuteFunctions, itemIndex: number): SimulateInput {
	const applicationId = readIdParameter.call(this, 'applicationId', 'application_id', itemIndex);
	const deviceId = readIdParameter.call(this, 'deviceId', 'device_id', itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const gatewayId = String(options.gatewayId ?? DEFAULT_GATEWAY_ID).trim();
	return validated(this, itemIndex, () => {
		const gatewayProblem = findIdProblem('gateway_id', gatewayId);
		if (gatewayProblem) throw new InvalidMessage(gatewayProblem);
		const fPort = this.getNodeParameter('fPort', itemIndex, 1);
		const fPortProblem = findFPortProblem(fPort);
		if (fPortProblem) throw new InvalidMessage(fPortProblem);
		const payload = this.getNodeParameter('payload', itemIndex, '');
		if (String(payload ?? '').trim() === '') {
			throw new InvalidMessage('Payload is empty: give the bytes the device would send');
		}
		const format = this.getNodeParameter('payloadFormat', itemIndex, 'hex') as PayloadFormat;
		const uplink: IDataObject = {
			f_port: Number(fPort),
			frm_payload: parsePayload(format, payload).toString('base64'),
		};
		if (options.confirmed === true) uplink.confirmed = true;
		if (options.fCnt !== undefined) {
			uplink.f_cnt = readNumber('Frame Counter', options.fCnt, 0, 2 ** 32 - 1, true);
		}
		return {
			applicationId,
			deviceId,
			uplink,
			gatewayId,
			rssi: readNumber('RSSI', options.rssi ?? DEFAULT_RSSI, -200, 50),
			snr: readNumber('SNR', options.snr ?? DEFAULT_SNR, -50, 50),
			radio: {
				...(options.frequency !== undefined ? { frequency: readFrequency(options.frequency) } : {}),
				...(options.spreadingFactor !== undefined
					? {
							spreadingFactor: readNumber('Spreading Factor', options.spreadingFactor, 5, 12, true),
						}
					: {}),
				...(options.bandwidth !== undefined
					? { bandwidth: readNumber('Bandwidth', options.bandwidth, 7800, 1_625_000, true) }
					: {}),
			},
		};
	});
}

function readNumber(
	label: string,
	value: unknown,
	min: number,
	max: number,
	whole = false,
): number {
	const number = Number(value);
	if (value === '' || !Number.isFinite(number) || (whole && !Number.isInteger(number))) {
		throw new InvalidMessage(`${label} "${String(value)}" is not a${whole ? ' whole' : ''} number`);
	}
	if (number < min || number > max) {
		throw new InvalidMessage(`${label} ${number} is out of range: use ${min} to ${max}`);
	}
	return number;
}

// lorawan.proto TxSettings.frequency is in Hz and at least 100000; small values are read as MHz.
function readFrequency(value: unknown): number {
	const number = readNumber('Frequency', value, 100, 10_000_000_000);
	const hertz = number < 100_000 ? Math.round(number * 1_000_000) : number;
	if (!Number.isInteger(hertz))
		throw new InvalidMessage(`Frequency ${number} is not a whole number of Hz`);
	return hertz;
}

/**
 * Sends the uplink to the Application Server as if a gateway had received it (the Console's
 * Simulate Uplink): the payload formatter, integrations and event stream see it, marked
 * `simulated`. The AS answers before processing it, so decoding results arrive as events.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	input: SimulateInput,
): Promise<IDataObject> {
	const needsDefaults =
		input.radio.frequency === undefined ||
		input.radio.spreadingFactor === undefined ||
		input.radio.bandwidth === undefined;
	const band = needsDefaults ? await deviceBand.call(this, input, itemIndex) : undefined;
	const radio = { ...defaultUplinkRadio(band?.planId, band?.bandId), ...input.radio };
	const uplinkMessage: IDataObject = {
		...input.uplink,
		rx_metadata: [
			{
				gateway_ids: { gateway_id: input.gatewayId },
				rssi: input.rssi,
				channel_rssi: input.rssi,
				snr: input.snr,
			},
		],
		settings: {
			data_rate: {
				lora: {
					bandwidth: radio.bandwidth,
					spreading_factor: radio.spreadingFactor,
					coding_rate: '4/5',
				},
			},
			// uint64: a string in the API's JSON.
			frequency: String(radio.frequency),
		},
	};
	await ttsApiRequest.call(this, {
		method: 'POST',
		path: '/as/applications/{application_id}/devices/{device_id}/up/simulate',
		pathParams: { application_id: input.applicationId, device_id: input.deviceId },
		body: { uplink_message: uplinkMessage },
		itemIndex,
	});
	return {
		application_id: input.applicationId,
		device_id: input.deviceId,
		simulated: true,
		...(band?.planId ? { frequency_plan_id: band.planId } : {}),
		...(needsDefaults && !band?.planId
			? {
					note: `The device’s frequency plan could not be read${band?.reason ? ` (${band.reason})` : ''}; the radio settings default to Europe 868 MHz`,
				}
			: {}),
		uplink_message: withHexPayload(uplinkMessage),
	};
}

/** The device's frequency plan and band, from the Network Server and the cluster's plan list. */
async function deviceBand(
	this: IExecuteFunctions,
	input: SimulateInput,
	itemIndex: number,
): Promise<{ planId?: string; bandId?: string; reason?: string }> {
	let planId: string | undefined;
	try {
		const device = await ttsApiRequest.call(this, {
			method: 'GET',
			path: '/ns/applications/{application_id}/devices/{device_id}',
			pathParams: { application_id: input.applicationId, device_id: input.deviceId },
			qs: { field_mask: 'frequency_plan_id' },
			itemIndex,
		});
		planId = typeof device.frequency_plan_id === 'string' ? device.frequency_plan_id : undefined;
	} catch (error) {
		return { reason: (error as Error).message };
	}
	if (!planId) return {};
	const plans = await getFrequencyPlans.call(this).catch(() => []);
	const bandId = plans.find((plan) => plan.id === planId)?.bandId || bandOfPlanId(planId);
	return { planId, bandId };
}
