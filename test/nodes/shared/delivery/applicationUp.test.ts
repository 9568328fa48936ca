import type { IDataObject } from 'n8n-workflow';

import {
	applicationUpKey,
	eventOfApplicationUp,
	messageTypeOf,
} from '../../../../nodes/shared/delivery/applicationUp';
import { simplifyEvent } from '../../../../nodes/TheThingsStackTrigger/output/simplifyEvent';

const ids = {
	device_id: 'dev1',
	application_ids: { application_id: 'app1' },
	dev_eui: '70B3D57ED0000001',
};
const up: IDataObject = {
	end_device_ids: ids,
	correlation_ids: ['as:up:01J9ZZZ', 'ns:uplink:01J9YYY'],
	received_at: '2024-10-01T12:00:00.123456789Z',
	uplink_message: {
		f_port: 2,
		f_cnt: 42,
		frm_payload: 'yv4=',
		decoded_payload: { temperature: 21.5 },
		rx_metadata: [{ gateway_ids: { gateway_id: 'gw1' }, rssi: -80, snr: 7 }],
		received_at: '2024-10-01T12:00:00.100000000Z',
	},
};

describe('ApplicationUp', () => {
	it('is known by its message type, device, reception times and frame counter', () => {
		expect(applicationUpKey(up)).toBe(
			'uplink_message:app1/dev1@2024-10-01T12:00:00.123456789Z|2024-10-01T12:00:00.100000000Z#42',
		);
		expect(applicationUpKey({ ...up, uplink_message: undefined, join_accept: {} })).toBe(
			'join_accept:app1/dev1@2024-10-01T12:00:00.123456789Z',
		);
		expect(messageTypeOf({ downlink_ack: {} })).toBe('downlink_ack');
	});

	it('tells apart uplinks the Application Server received in one request (one received_at)', () => {
		// pkg/applicationserver/grpc.go HandleUplink stamps every ApplicationUp of the request.
		const next = {
			...up,
			uplink_message: {
				...(up.uplink_message as IDataObject),
				f_cnt: 43,
				received_at: '2024-10-01T12:00:00.200000000Z',
			},
		};
		expect(applicationUpKey(next)).not.toBe(applicationUpKey(up));
		const sameTimes = {
			...up,
			uplink_message: { ...(up.uplink_message as IDataObject), f_cnt: 43 },
		};
		expect(applicationUpKey(sameTimes)).not.toBe(applicationUpKey(up));
	});

	it('has no key without a reception time, identifiers or message', () => {
		expect(applicationUpKey({ ...up, received_at: undefined })).toBeUndefined();
		expect(applicationUpKey({ ...up, end_device_ids: undefined })).toBeUndefined();
		expect(applicationUpKey({ end_device_ids: ids, received_at: 't' })).toBeUndefined();
	});

	it('read from storage looks like the as.up.data.forward event that carried it live', () => {
		// pkg/applicationserver/observability.go registerForwardUp: identifiers = the end device,
		// data = the ApplicationUp.
		const live: IDataObject = {
			name: 'as.up.data.forward',
			time: '2024-10-01T12:00:00.130000000Z',
			identifiers: [{ device_ids: ids }],
			data: { '@type': 'type.googleapis.com/ttn.lorawan.v3.ApplicationUp', ...up },
			correlation_ids: up.correlation_ids,
			origin: 'eu1.cloud.thethings.network',
			visibility: { rights: ['RIGHT_APPLICATION_TRAFFIC_READ'] },
			unique_id: '01J9ZZZ',
		};
		const stored = eventOfApplicationUp(up);
		expect(stored).toEqual({
			name: live.name,
			time: up.received_at,
			identifiers: live.identifiers,
			data: live.data,
			correlation_ids: live.correlation_ids,
			visibility: live.visibility,
		});
		const { raw: liveRaw, time: liveTime, ...liveItem } = simplifyEvent(live);
		const { raw: storedRaw, time: storedTime, ...storedItem } = simplifyEvent(stored);
		expect(storedItem).toEqual(liveItem);
		// The event's time: the live event's was set when it was published, the stored uplink's is
		// when it was received.
		expect([liveTime, storedTime]).toEqual([live.time, up.received_at]);
		expect(
			[liveRaw, storedRaw].map((raw) => applicationUpKey((raw as IDataObject).data as IDataObject)),
		).toEqual([applicationUpKey(up), applicationUpKey(up)]);
	});

	it('posted by a webhook looks like the forward event of its message type', () => {
		// pkg/applicationserver/observability.go: as.up.join.forward, as.down.data.ack.forward,
		// and a queued downlink as as.down.data.forward.
		const joinAccept = { end_device_ids: ids, received_at: up.received_at, join_accept: {} };
		const queued = { end_device_ids: ids, downlink_queued: { f_port: 1 } };
		const acked = { end_device_ids: ids, downlink_ack: { f_port: 1 } };
		expect(
			[joinAccept, queued, acked].map((message) => eventOfApplicationUp(message).name),
		).toEqual(['as.up.join.forward', 'as.down.data.forward', 'as.down.data.ack.forward']);
		expect(eventOfApplicationUp(joinAccept)).toMatchObject({
			time: up.received_at,
			identifiers: [{ device_ids: ids }],
			data: { '@type': 'type.googleapis.com/ttn.lorawan.v3.ApplicationUp', join_accept: {} },
			correlation_ids: [],
		});
	});
});
