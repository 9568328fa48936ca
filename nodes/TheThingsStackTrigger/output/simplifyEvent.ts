import type { IDataObject } from 'n8n-workflow';

import { messageTypeOf } from '../../shared/delivery/applicationUp';

/**
 * The event as a flat, easy to map item: who it is about, and for uplinks the payload (decoded,
 * hex, base64), counters, the best RSSI/SNR and the number of gateways that received it. The
 * event as TTS sent it is kept under `raw`.
 */
export function simplifyEvent(event: IDataObject): IDataObject {
	const data = asObject(event.data);
	const device = data.end_device_ids ? asObject(data.end_device_ids) : deviceIdsOf(event);
	const simplified: IDataObject = { event: event.name, time: event.time };
	addEntityFields(simplified, event, device);
	if (data.uplink_message !== undefined) {
		addUplinkFields(simplified, asObject(data.uplink_message), data);
	} else {
		const messageType = messageTypeOf(data);
		if (messageType) {
			simplified.messageType = messageType;
			simplified.message = data[messageType];
			simplified.receivedAt = data.received_at ?? null;
		}
	}
	if (data.simulated === true) simplified.simulated = true;
	simplified.raw = event;
	return simplified;
}

function addEntityFields(
	fields: IDataObject,
	event: IDataObject,
	device: IDataObject | undefined,
): void {
	if (device) {
		fields.applicationId = asObject(device.application_ids).application_id ?? null;
		fields.deviceId = device.device_id ?? null;
		fields.devEui = device.dev_eui ?? null;
		if (device.join_eui !== undefined) fields.joinEui = device.join_eui;
		if (device.dev_addr !== undefined) fields.devAddr = device.dev_addr;
		return;
	}
	for (const identifiers of asArray(event.identifiers)) {
		const ids = asObject(identifiers);
		if (ids.application_ids) {
			fields.applicationId = asObject(ids.application_ids).application_id;
			return;
		}
		if (ids.gateway_ids) {
			const gateway = asObject(ids.gateway_ids);
			fields.gatewayId = gateway.gateway_id;
			if (gateway.eui !== undefined) fields.gatewayEui = gateway.eui;
			return;
		}
	}
}

/** Adds the fields of an ApplicationUplink (`uplink_message`) to a simplified item. */
function addUplinkFields(
	fields: IDataObject,
	uplink: IDataObject,
	applicationUp: IDataObject,
): void {
	const payload = typeof uplink.frm_payload === 'string' ? uplink.frm_payload : '';
	const reception = bestReception(asArray(uplink.rx_metadata));
	const settings = asObject(uplink.settings);
	const lora = asObject(asObject(settings.data_rate).lora);
	fields.fPort = uplink.f_port ?? 0;
	fields.fCnt = uplink.f_cnt ?? 0;
	fields.decodedPayload = uplink.decoded_payload ?? null;
	fields.payloadHex = Buffer.from(payload, 'base64').toString('hex').toUpperCase();
	fields.payloadBase64 = payload;
	fields.receivedAt = uplink.received_at ?? applicationUp.received_at ?? null;
	fields.rssi = reception.rssi;
	fields.snr = reception.snr;
	fields.gatewayCount = reception.gateways;
	fields.bestGatewayId = reception.bestGatewayId;
	fields.frequency = settings.frequency !== undefined ? Number(settings.frequency) : null;
	fields.spreadingFactor = lora.spreading_factor ?? null;
	fields.bandwidth = lora.bandwidth ?? null;
	fields.confirmed = uplink.confirmed === true;
}

interface Reception {
	rssi: number | null;
	snr: number | null;
	gateways: number;
	bestGatewayId: string | null;
}

function bestReception(metadata: unknown[]): Reception {
	const reception: Reception = { rssi: null, snr: null, gateways: 0, bestGatewayId: null };
	const gateways = new Set<string>();
	for (const entry of metadata) {
		const rx = asObject(entry);
		const gatewayIds = asObject(rx.gateway_ids);
		const gatewayId = typeof gatewayIds.gateway_id === 'string' ? gatewayIds.gateway_id : undefined;
		gateways.add(gatewayId ?? `#${gateways.size}`);
		const rssi = numberOf(rx.rssi) ?? numberOf(rx.channel_rssi);
		if (rssi !== undefined && (reception.rssi === null || rssi > reception.rssi)) {
			reception.rssi = rssi;
			reception.bestGatewayId = gatewayId ?? null;
		}
		const snr = numberOf(rx.snr);
		if (snr !== undefined && (reception.snr === null || snr > reception.snr)) reception.snr = snr;
	}
	reception.gateways = gateways.size;
	return reception;
}

function deviceIdsOf(event: IDataObject): IDataObject | undefined {
	for (const identifiers of asArray(event.identifiers)) {
		const device = asObject(identifiers).device_ids;
		if (device) return asObject(device);
	}
	return undefined;
}

function numberOf(value: unknown): number | undefined {
	return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function asObject(value: unknown): IDataObject {
	return value && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : {};
}

function asArray(value: unknown): unknown[] {
	return Array.isArray(value) ? value : [];
}
