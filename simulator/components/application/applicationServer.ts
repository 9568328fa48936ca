import { entity as entityRef } from '../../auth/callerRights';
import { applyPaths, hasAnyField, hasPathOrParent, pickPaths } from '../../encoding/fieldMask';
import { getPath, isJsonObject, isZero, JsonObject } from '../../encoding/json';
import { ttsError } from '../../errors/ttsError';
import { Handler, withRequestValidation } from '../../http/call';
import { componentRegistryHandlers, deviceThenKeyRights } from '../common/componentRegistry';
import { maskAt, objectAt, stringAt } from '../common/messageFields';

const registryHandlers = componentRegistryHandlers({
	service: 'AsEndDeviceRegistry',
	batchService: 'AsEndDeviceBatchRegistry',
	registry: (tenant) => tenant.applicationServer,
	notFound: (uid) => ttsError('pkg/applicationserver:device_not_found', { device_uid: uid }),
	// pkg/applicationserver/grpc_deviceregistry.go Set and Get: the AppSKey, and on Set the session
	// key ID, need the key rights.
	setRights: (paths) =>
		deviceThenKeyRights(
			'WRITE',
			hasAnyField(paths, 'session.keys.app_s_key.key', 'session.keys.session_key_id'),
		),
	getRights: (paths) =>
		deviceThenKeyRights(
			'READ',
			hasAnyField(paths, 'pending_session.keys.app_s_key.key', 'session.keys.app_s_key.key'),
		),
	alwaysReturned: ['ids'],
	timestamps: false,
	readOnlyField: 'pkg/applicationserver/redis:read_only_field',
	validateSetMessage: (message) =>
		validateFormatterParameterRunes(message, 'end_device.formatters'),
	// pkg/applicationserver/grpc_deviceregistry.go Set, before the rights: masked session fields
	// must be non-zero, formatter parameters within the size limit.
	validateRequest: (input, paths) => {
		for (const field of ['session.dev_addr', 'session.keys.app_s_key.key']) {
			if (hasPathOrParent(paths, field) && isZero(getPath(input, field))) {
				throw ttsError('pkg/applicationserver:field_value', { field });
			}
		}
		checkFormatterParameterSize(input, paths, 'formatters');
	},
	validateSet: ({ input, device, paths }) => {
		// end_device.pb.setters.fm.go SetFields: a masked sub-field of a formatters object the request
		// carries creates the device's formatters object, even when that sub-field is zero.
		if (
			paths.some((path) => path.startsWith('formatters.')) &&
			isJsonObject(input.formatters) &&
			!isJsonObject(device.formatters)
		) {
			device.formatters = {};
		}
		const devAddr = getPath(device, 'session.dev_addr');
		if (isJsonObject(device.ids) && typeof devAddr === 'string' && devAddr)
			device.ids.dev_addr = devAddr;
	},
	afterDelete: (tenant, uid) => {
		tenant.downlinkQueues.delete(uid);
	},
});

// messages.proto MessagePayloadFormatters: parameters of at most 40960 runes (the validator), and
// of at most Formatters.MaxParameterLength bytes, 40960 by default
// (cmd/internal/shared/applicationserver/config.go), checked by the AS itself.
const maxFormatterParameterLength = 40960;

/** The validator: formatter parameters of at most 40960 runes. */
function validateFormatterParameterRunes(message: JsonObject, formattersField: string): void {
	for (const direction of ['up', 'down']) {
		const field = `${formattersField}.${direction}_formatter_parameter`;
		const parameter = getPath(message, field);
		if (typeof parameter === 'string' && [...parameter].length > maxFormatterParameterLength) {
			throw ttsError('pkg/errors:validation', {
				field,
				reason: `value length must be at most ${maxFormatterParameterLength} runes`,
				name: 'max_len',
			});
		}
	}
}

/**
 * grpc_deviceregistry.go Set and grpc.go SetLink, before the rights: a masked formatter parameter
 * of more bytes than the limit fails the request before anything is written.
 */
function checkFormatterParameterSize(
	request: JsonObject,
	paths: string[],
	maskField: string,
): void {
	for (const direction of ['up', 'down']) {
		const path = `${maskField}.${direction}_formatter_parameter`;
		if (!hasPathOrParent(paths, path)) continue;
		const parameter = getPath(request, path);
		if (typeof parameter !== 'string') continue;
		const size = Buffer.byteLength(parameter, 'utf8');
		if (size > maxFormatterParameterLength) {
			throw ttsError(
				'pkg/applicationserver:field_value',
				{ field: path },
				ttsError('pkg/applicationserver:formatter_script_too_large', {
					size,
					max_size: maxFormatterParameterLength,
				}),
			);
		}
	}
}

/**
 * `GET/PUT /as/applications/{id}/link`: the application's AS settings, e.g. default_formatters.
 * Both need RIGHT_APPLICATION_SETTINGS_BASIC (pkg/applicationserver/grpc.go GetLink, SetLink);
 * an application whose link was never set has none (the link registry's not_found).
 */
const getLink: Handler = (call) => {
	const applicationId = stringAt(call.message, 'application_ids.application_id');
	call.caller.requireFromCluster(
		entityRef('application', applicationId),
		'RIGHT_APPLICATION_SETTINGS_BASIC',
	);
	const paths = maskAt(call.message);
	const link = call.tenant.applicationLinks.get(applicationId);
	if (!link) throw ttsError('pkg/redis:not_found');
	return paths.length ? pickPaths(link, paths) : link;
};

const setLink = withRequestValidation(
	(message) => validateFormatterParameterRunes(message, 'link.default_formatters'),
	(call) => {
		const applicationId = stringAt(call.message, 'application_ids.application_id');
		const paths = maskAt(call.message);
		checkFormatterParameterSize(objectAt(call.message, 'link'), paths, 'default_formatters');
		call.caller.requireFromCluster(
			entityRef('application', applicationId),
			'RIGHT_APPLICATION_SETTINGS_BASIC',
		);
		const link: JsonObject = call.tenant.applicationLinks.get(applicationId) ?? {};
		applyPaths(link, objectAt(call.message, 'link'), paths);
		call.tenant.applicationLinks.set(applicationId, link);
		return pickPaths(link, paths);
	},
);

export const applicationServerHandlers: Record<string, Handler> = {
	...registryHandlers,
	'As.GetLink': getLink,
	'As.SetLink': setLink,
};
