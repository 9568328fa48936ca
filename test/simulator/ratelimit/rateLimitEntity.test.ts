import { rateLimitEntity } from '../../../simulator/ratelimit/rateLimitEntity';

// pkg/ratelimit/grpc.go grpcEntityFromRequest with the EntityType and IDString of the request
// messages (pkg/ttnpb *_interfaces.go, end_device.go, applicationserver_web.go).
describe('rateLimitEntity', () => {
	const device = { device_id: 'dev1', application_ids: { application_id: 'app1' } };
	it.each([
		['EndDeviceRegistry.Create', { end_device: { ids: device } }, 'end device:app1.dev1'],
		[
			'NsEndDeviceRegistry.Get',
			{ end_device_ids: device, field_mask: { paths: [] } },
			'end device:app1.dev1',
		],
		['AsEndDeviceRegistry.Delete', device, 'end device:app1.dev1'],
		['EndDeviceRegistry.List', { application_ids: { application_id: 'app1' } }, 'application:app1'],
		[
			'ApplicationRegistry.Create',
			{
				application: { ids: { application_id: 'new-app' } },
				collaborator: { user_ids: { user_id: 'alice' } },
			},
			'application:new-app',
		],
		['ApplicationRegistry.Delete', { application_id: 'app1' }, 'application:app1'],
		['Gs.GetGatewayConnectionStats', { gateway_id: 'gw1' }, 'gateway:gw1'],
		[
			'ApplicationWebhookRegistry.Set',
			{ webhook: { ids: { application_ids: { application_id: 'app1' }, webhook_id: 'wh1' } } },
			'application:app1',
		],
		['GatewayRegistry.Create', { gateway: { ids: { eui: '0011223344556677' } } }, 'gateway:_'],
		['ApplicationRegistry.List', { collaborator: { user_ids: { user_id: 'alice' } } }, ''],
		['Ns.GenerateDevAddr', {}, ''],
	])('%s is keyed per %j → %s', (rpc, message, expected) => {
		expect(rateLimitEntity(rpc, message)).toBe(expected);
	});
});
