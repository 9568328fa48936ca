import { entity as entityRef } from '../../auth/callerRights';
import { applyPaths, pickPaths } from '../../encoding/fieldMask';
import { getPath, isJsonObject, isZero, JsonObject } from '../../encoding/json';
import { ttsError } from '../../errors/ttsError';
import type { Handler } from '../../http/call';
import { componentRegistryHandlers } from '../common/componentRegistry';
import { maskAt, objectAt, stringAt } from '../common/messageFields';
import { validateFieldMask } from '../common/validation';

const registryHandlers = componentRegistryHandlers({
	service: 'AsEndDeviceRegistry',
	batchService: 'AsEndDeviceBatchRegistry',
	registry: (tenant) => tenant.applicationServer,
	notFound: (uid) => ttsError('pkg/applicationserver:device_not_found', { device_uid: uid }),
	keyPaths: ['session.keys.app_s_key', 'pending_session.keys.app_s_key'],
	alwaysReturned: ['ids'],
	timestamps: false,
	// pkg/applicationserver/grpc_deviceregistry.go Set: masked session fields must be non-zero.
	validateSet: ({ device, paths }) => {
		for (const field of ['session.dev_addr', 'session.keys.app_s_key.key']) {
			const masked = paths.some((path) => path === field || field.startsWith(`${path}.`));
			if (masked && isZero(getPath(device, field))) {
				throw ttsError('pkg/applicationserver:field_value', { field });
			}
		}
		const devAddr = getPath(device, 'session.dev_addr');
		if (isJsonObject(device.ids) && typeof devAddr === 'string' && devAddr)
			device.ids.dev_addr = devAddr;
	},
	afterDelete: (tenant, uid) => {
		tenant.downlinkQueues.delete(uid);
	},
});

/** `GET/PUT /as/applications/{id}/link`: the application's AS settings, e.g. default_formatters. */
const getLink: Handler = (call) => {
	const applicationId = stringAt(call.message, 'application_ids.application_id');
	call.caller.require(entityRef('application', applicationId), 'RIGHT_APPLICATION_LINK');
	const paths = maskAt(call.message);
	const link = call.tenant.applicationLinks.get(applicationId) ?? {};
	return paths.length ? pickPaths(link, paths) : link;
};

const setLink: Handler = (call) => {
	const applicationId = stringAt(call.message, 'application_ids.application_id');
	call.caller.require(entityRef('application', applicationId), 'RIGHT_APPLICATION_LINK');
	const paths = maskAt(call.message);
	validateFieldMask('As.SetLink', paths);
	const link: JsonObject = call.tenant.applicationLinks.get(applicationId) ?? {};
	applyPaths(link, objectAt(call.message, 'link'), paths);
	call.tenant.applicationLinks.set(applicationId, link);
	return pickPaths(link, paths);
};

export const applicationServerHandlers: Record<string, Handler> = {
	...registryHandlers,
	'As.GetLink': getLink,
	'As.SetLink': setLink,
};
