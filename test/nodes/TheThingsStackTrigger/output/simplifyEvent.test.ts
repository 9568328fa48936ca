import { simplifyEvent } from '../../../../nodes/TheThingsStackTrigger/output/simplifyEvent';

const deviceIds = {
	device_id: 'dev1',
	application_ids: { application_id: 'app1' },
	dev_eui: '70B3D57ED0000001',
	join_eui: '0000000000000000',
	dev_addr: '260B0001',
};

const uplinkEvent = {
	name: 'as.up.data.forward',
	time: '2024-10-01T12:00:01.5Z',
	identifiers: [{ device_ids: deviceIds }],
	data: {
		'@type': 'type.googleapis.com/ttn.lorawan.v3.ApplicationUp',
		end_device_ids: deviceIds,
		received_at: '2024-10-01T12:00:01.4Z',
		uplink_message: {
			f_port: 2,
			f_cnt: 42,
			frm_payload: 'AQIDBA==',
			decoded_payload: { temperature: 21.5 },
			rx_metadata: [
				{ gateway_ids: { gateway_id: 'gw-a' }, rssi: -110, snr: -3.5 },
				{ gateway_ids: { gateway_id: 'gw-b' }, rssi: -71, snr: 7.25 },
				{ gateway_ids: { gateway_id: 'gw-c' }, channel_rssi: -90, snr: 9 },
			],
			settings: {
				data_rate: { lora: { bandwidth: 125000, spreading_factor: 9 } },
				frequency: '868300000',
			},
			received_at: '2024-10-01T12:00:01.2Z',
			confirmed: true,
		},
	},
	unique_id: '01JA0000000000000000000001',
};

describe('simplifyEvent', () => {
	it('flattens an uplink: IDs, counters, payload three ways, best reception, gateway count, raw beside', () => {
		expect(simplifyEvent(uplinkEvent)).toEqual({
			event: 'as.up.data.forward',
			time: '2024-10-01T12:00:01.5Z',
			applicationId: 'app1',
			deviceId: 'dev1',
			devEui: '70B3D57ED0000001',
			joinEui: '0000000000000000',
			devAddr: '260B0001',
			fPort: 2,
			fCnt: 42,
			decodedPayload: { temperature: 21.5 },
			payloadHex: '01020304',
			payloadBase64: 'AQIDBA==',
			receivedAt: '2024-10-01T12:00:01.2Z',
			rssi: -71,
			snr: 9,
			gatewayCount: 3,
			bestGatewayId: 'gw-b',
			frequency: 868300000,
			spreadingFactor: 9,
			bandwidth: 125000,
			confirmed: true,
			raw: uplinkEvent,
		});
	});

	it('copes with an uplink without payload, decoder or metadata', () => {
		const bare = {
			...uplinkEvent,
			data: { end_device_ids: deviceIds, uplink_message: { f_port: 0, f_cnt: 1 } },
		};
		expect(simplifyEvent(bare)).toMatchObject({
			decodedPayload: null,
			payloadHex: '',
			payloadBase64: '',
			rssi: null,
			snr: null,
			gatewayCount: 0,
			bestGatewayId: null,
			receivedAt: null,
		});
	});

	it('passes other ApplicationUp messages on under "message"', () => {
		const ack = {
			name: 'as.down.data.ack.forward',
			time: '2024-10-01T12:00:02Z',
			identifiers: [{ device_ids: deviceIds }],
			data: {
				end_device_ids: deviceIds,
				received_at: '2024-10-01T12:00:02Z',
				downlink_ack: { f_port: 1, frm_payload: 'AQ==' },
			},
		};
		expect(simplifyEvent(ack)).toEqual({
			event: 'as.down.data.ack.forward',
			time: '2024-10-01T12:00:02Z',
			applicationId: 'app1',
			deviceId: 'dev1',
			devEui: '70B3D57ED0000001',
			joinEui: '0000000000000000',
			devAddr: '260B0001',
			messageType: 'downlink_ack',
			message: { f_port: 1, frm_payload: 'AQ==' },
			receivedAt: '2024-10-01T12:00:02Z',
			raw: ack,
		});
	});

	it('names the gateway of gateway events', () => {
		const connect = {
			name: 'gs.gateway.connect',
			time: '2024-10-01T12:00:03Z',
			identifiers: [{ gateway_ids: { gateway_id: 'gw1', eui: 'B827EBFFFE000001' } }],
			data: { '@type': 'type.googleapis.com/ttn.lorawan.v3.GatewayConnectionStats' },
		};
		expect(simplifyEvent(connect)).toEqual({
			event: 'gs.gateway.connect',
			time: '2024-10-01T12:00:03Z',
			gatewayId: 'gw1',
			gatewayEui: 'B827EBFFFE000001',
			raw: connect,
		});
	});
});
