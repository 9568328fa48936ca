import {
	endDeviceAllowedFieldMaskPaths,
	endDeviceFieldMap,
} from '../../../nodes/shared/generated/endDeviceFieldMap';
import generatedMessages from '../../../simulator/generated/messages.json';
import generatedRoutes from '../../../simulator/generated/routes.json';
import { errorCodes } from '../../../simulator/errors/catalog';
import { allowedFieldMaskPaths } from '../../../simulator/spec/fieldMasks';
import { RouteTable } from '../../../simulator/spec/routeTable';
import { definedEventNameSet } from '../../../simulator/spec/eventNames';

describe('generated spec data', () => {
	it('records its origin commit', () => {
		expect(generatedRoutes.origin).toEqual({
			repository: 'TheThingsNetwork/lorawan-stack',
			commit: '1d2182161975e038d6634b7dd4dd15fda86b1d68',
			release: 'v3.32.1',
		});
	});

	it('has an English message format for every error the simulator emits', () => {
		const formats: Record<string, string> = generatedMessages.errors;
		const missing = Object.keys(errorCodes).filter((id) => !(id in formats));
		expect(missing).toEqual([]);
		expect(formats['pkg/applicationserver:no_device_session']).toBe(
			'no device session; check device activation',
		);
	});

	it('knows every defined event name, and no synthetic ones', () => {
		expect(definedEventNameSet.size).toBe(248);
		expect(definedEventNameSet.has('as.up.data.forward')).toBe(true);
		expect(definedEventNameSet.has('events.stream.start')).toBe(false);
	});

	it('routes every binding of api-definition.json', () => {
		const table = new RouteTable();
		const [match] = table
			.matchPath('/ns/applications/app1/devices/dev1')
			.filter((each) => each.route.method === 'PUT');
		expect(match.route.rpc).toBe('NsEndDeviceRegistry.Set');
		expect(match.parameters).toEqual({
			'end_device.ids.application_ids.application_id': 'app1',
			'end_device.ids.device_id': 'dev1',
		});
		expect(generatedRoutes.routes.length).toBeGreaterThan(300);
	});

	it('routes the Storage Integration and package associations, the stored messages as a stream', () => {
		const table = new RouteTable();
		const route = (method: string, path: string) =>
			table.matchPath(path).find((each) => each.route.method === method)?.route;
		expect(route('GET', '/as/applications/app1/packages/storage/uplink_message')).toMatchObject({
			rpc: 'ApplicationUpStorage.GetStoredApplicationUp',
			stream: true,
		});
		expect(
			route('GET', '/as/applications/app1/devices/dev1/packages/storage/uplink_message'),
		).toMatchObject({
			rpc: 'ApplicationUpStorage.GetStoredApplicationUp',
			stream: true,
		});
		expect(route('GET', '/as/applications/app1/packages/storage/uplink_message/count')?.rpc).toBe(
			'ApplicationUpStorage.GetStoredApplicationUpCount',
		);
		expect(route('PUT', '/as/applications/app1/packages/associations/100')?.rpc).toBe(
			'ApplicationPackageRegistry.SetDefaultAssociation',
		);
		expect(route('PUT', '/as/applications/app1/devices/dev1/packages/associations/100')?.rpc).toBe(
			'ApplicationPackageRegistry.SetAssociation',
		);
		expect(route('GET', '/as/applications/app1/devices/dev1/packages')?.rpc).toBe(
			'ApplicationPackageRegistry.List',
		);
		expect(allowedFieldMaskPaths('ApplicationUpStorage.GetStoredApplicationUp')).toContain(
			'up.uplink_message.decoded_payload',
		);
	});

	it('gives the nodes the same allowed field-mask paths as the simulator', () => {
		expect(endDeviceAllowedFieldMaskPaths.nsSet).toHaveLength(586);
		expect(new Set(endDeviceAllowedFieldMaskPaths.nsSet)).toEqual(
			allowedFieldMaskPaths('NsEndDeviceRegistry.Set'),
		);
		expect(new Set(endDeviceAllowedFieldMaskPaths.isUpdate)).toEqual(
			allowedFieldMaskPaths('EndDeviceRegistry.Update'),
		);
		expect(endDeviceAllowedFieldMaskPaths.isUpdate).toHaveLength(25);
		// api-definition.json lists 30 AS Set paths (tts-api.md rounds the lora_alliance_profile_ids.* family).
		expect(endDeviceAllowedFieldMaskPaths.asSet).toHaveLength(30);
		expect(endDeviceAllowedFieldMaskPaths.jsSet).toHaveLength(26);
	});

	it('maps device fields to the components that get and set them', () => {
		expect(endDeviceFieldMap['ids']).toEqual({
			get: ['as', 'is', 'js', 'ns'],
			set: ['as', 'js', 'ns'],
		});
		expect(endDeviceFieldMap['ids.dev_addr']).toEqual({
			get: ['as', 'js', 'ns'],
			set: 'read_only',
		});
		expect(endDeviceFieldMap['session.keys.app_s_key.key']).toEqual({ get: ['as'], set: ['as'] });
		expect(endDeviceFieldMap['root_keys.app_key.key']).toEqual({ get: ['js'], set: ['js'] });
		expect(endDeviceFieldMap['frequency_plan_id']).toEqual({ get: ['ns'], set: ['ns'] });
		expect(Object.keys(endDeviceFieldMap)).toHaveLength(636);
	});
});
