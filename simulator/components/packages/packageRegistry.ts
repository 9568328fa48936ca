import { entity as entityRef } from '../../auth/callerRights';
import { applyPaths, pickPaths } from '../../encoding/fieldMask';
import { deepClone, isJsonObject, JsonObject } from '../../encoding/json';
import { nowTimestamp } from '../../encoding/time';
import { ttsError } from '../../errors/ttsError';
import type { Call, Handler } from '../../http/call';
import type { AssociationsByPort } from '../../state/packageAssociations';
import { listResponse } from '../common/listResponse';
import { maskAt, numberAt, objectAt, stringAt } from '../common/messageFields';
import { entityIdPattern, validateFieldMask } from '../common/validation';
import { storageIntegrationPackage } from './storageIntegration';

// pkg/applicationserver/io/packages/grpc.go: every package RPC needs this right on the application.
const packagesRight = 'RIGHT_APPLICATION_SETTINGS_PACKAGES';

// The packages of the open-source AS (pkg/applicationserver/io/packages/*/package.go Package).
const openSourcePackages: JsonObject[] = [
	{ name: 'alcsync-v1', default_f_port: 202 },
	{ name: 'lora-cloud-device-management-v1', default_f_port: 199 },
	{ name: 'lora-cloud-geolocation-v3', default_f_port: 197 },
];

// pkg/applicationserver/io/packages/redis/registry.go appendImplicitAssociationGetPaths, and
// grpc.go appendImplicitAssociationsGetPaths: what every answer carries besides the field mask.
const implicitPaths = ['created_at', 'ids', 'package_name', 'updated_at'];

/** The application, and for device associations the device, an association belongs to. */
export interface AssociationOwner {
	applicationId: string;
	deviceId?: string;
}

/**
 * Device associations (ApplicationPackageAssociation, ids `{end_device_ids, f_port}`) and
 * default associations (ApplicationPackageDefaultAssociation, ids `{application_ids, f_port}`):
 * the same registry code for both.
 */
interface AssociationKind {
	/** The Set request's body field. */
	setBody: 'association' | 'default';
	/** The owner named by an association's ids (Get, Set, Delete). */
	ownerOf(ids: JsonObject): AssociationOwner;
	/** The owner named by a List request's ids (EndDeviceIdentifiers or ApplicationIdentifiers). */
	listOwnerOf(ids: JsonObject): AssociationOwner;
	listField: 'associations' | 'defaults';
}

const deviceAssociations: AssociationKind = {
	setBody: 'association',
	ownerOf: (ids) => ({
		applicationId: stringAt(ids, 'end_device_ids.application_ids.application_id'),
		deviceId: stringAt(ids, 'end_device_ids.device_id'),
	}),
	listOwnerOf: (ids) => ({
		applicationId: stringAt(ids, 'application_ids.application_id'),
		deviceId: stringAt(ids, 'device_id'),
	}),
	listField: 'associations',
};

const defaultAssociations: AssociationKind = {
	setBody: 'default',
	ownerOf: (ids) => ({ applicationId: stringAt(ids, 'application_ids.application_id') }),
	listOwnerOf: (ids) => ({ applicationId: stringAt(ids, 'application_id') }),
	listField: 'defaults',
};

function associationsOf(call: Call, owner: AssociationOwner): AssociationsByPort {
	call.caller.requireFromCluster(entityRef('application', owner.applicationId), packagesRight);
	const registry = call.tenant.packageAssociations;
	return owner.deviceId === undefined
		? registry.defaultsOf(owner.applicationId)
		: registry.deviceOf(owner.applicationId, owner.deviceId);
}

/** The `ids` of an association: `{end_device_ids, f_port}` or `{application_ids, f_port}`. */
export function associationIds(owner: AssociationOwner, fPort: number): JsonObject {
	const applicationIds = { application_id: owner.applicationId };
	return owner.deviceId === undefined
		? { application_ids: applicationIds, f_port: fPort }
		: {
				end_device_ids: { device_id: owner.deviceId, application_ids: applicationIds },
				f_port: fPort,
			};
}

/** applicationserver_packages.proto: f_port is a uint32 in [1, 255]. */
function fPortOf(ids: JsonObject, field: string): number {
	const fPort = numberAt(ids, 'f_port');
	if (!Number.isInteger(fPort) || fPort < 1 || fPort > 255) {
		throw ttsError('pkg/errors:validation', {
			field,
			reason: 'value must be inside range [1, 255]',
			name: fPort < 1 ? 'gte' : 'lte',
		});
	}
	return fPort;
}

function answer(association: JsonObject, paths: readonly string[]): JsonObject {
	return pickPaths(association, [...implicitPaths, ...paths]);
}

function getAssociation(kind: AssociationKind): Handler {
	return (call) => {
		const ids = objectAt(call.message, 'ids');
		const fPort = fPortOf(ids, 'ids.f_port');
		const association = associationsOf(call, kind.ownerOf(ids)).get(fPort);
		if (!association) throw ttsError('pkg/redis:not_found');
		return answer(association, maskAt(call.message));
	};
}

function listAssociations(kind: AssociationKind): Handler {
	return (call) => {
		const associations = associationsOf(call, kind.listOwnerOf(objectAt(call.message, 'ids')));
		const limit = numberAt(call.message, 'limit');
		if (limit > 1000) {
			throw ttsError('pkg/errors:validation', {
				field: 'limit',
				reason: 'value must be less than or equal to 1000',
				name: 'lte',
			});
		}
		const all = [...associations.entries()]
			.sort(([a], [b]) => a - b)
			.map(([, association]) => answer(association, maskAt(call.message)));
		// grpc.go ListAssociations sets X-Total-Count from the registry's count, which
		// redis/registry.go only takes when paginating: without a limit it stays 0.
		const page = Math.max(numberAt(call.message, 'page'), 1);
		call.setTotalCount(limit > 0 ? all.length : 0);
		return listResponse(
			kind.listField,
			limit > 0 ? all.slice((page - 1) * limit, page * limit) : all,
		);
	};
}

/** redis/registry.go SetAssociation / SetDefaultAssociation with grpc.go's update function. */
function setAssociation(kind: AssociationKind, rpc: string): Handler {
	return (call) => {
		const body = objectAt(call.message, kind.setBody);
		const ids = objectAt(body, 'ids');
		const fPort = fPortOf(ids, `${kind.setBody}.ids.f_port`);
		const owner = kind.ownerOf(ids);
		const associations = associationsOf(call, owner);
		const paths = maskAt(call.message);
		validateFieldMask(rpc, paths);
		if (paths.some((path) => path === 'created_at' || path === 'updated_at'))
			throw ttsError('pkg/applicationserver/io/packages/redis:invalid_fieldmask');
		const stored = associations.get(fPort);
		if (stored && paths.length === 0) return answer(stored, paths);
		const now = nowTimestamp();
		const updated: JsonObject = stored
			? deepClone(stored)
			: { ids: associationIds(owner, fPort), created_at: now };
		applyPaths(
			updated,
			body,
			paths.filter((path) => path !== 'ids' && !path.startsWith('ids.')),
		);
		updated.updated_at = now;
		validatePackageName(updated.package_name, `${kind.setBody}.package_name`);
		if (updated.data !== undefined && !isJsonObject(updated.data)) delete updated.data;
		associations.set(fPort, updated);
		return answer(updated, paths);
	};
}

/** applicationserver_packages.proto package_name: an ID-like name of at most 36 characters. */
function validatePackageName(name: unknown, field: string): void {
	const value = typeof name === 'string' ? name : '';
	if (value.length > 36 || !entityIdPattern.test(value)) {
		throw ttsError('pkg/errors:validation', {
			field,
			reason:
				value.length > 36
					? 'value length must be at most 36 runes'
					: `value does not match regex pattern "${entityIdPattern.source}"`,
			name: value.length > 36 ? 'max_len' : 'pattern',
		});
	}
}

/** Deleting an association that does not exist succeeds (redis/registry.go: nothing to do). */
function deleteAssociation(kind: AssociationKind): Handler {
	return (call) => {
		const fPort = fPortOf(call.message, 'f_port');
		associationsOf(call, kind.ownerOf(call.message)).delete(fPort);
		return {};
	};
}

/** grpc.go List: the packages the AS runs, whatever the device. */
const listPackages: Handler = (call) => {
	const applicationId = stringAt(call.message, 'application_ids.application_id');
	call.caller.requireFromCluster(entityRef('application', applicationId), packagesRight);
	const packages = [
		...openSourcePackages,
		...(call.services.options.storageIntegration ? [storageIntegrationPackage] : []),
	].sort((a, b) => String(a.name).localeCompare(String(b.name)));
	return { packages };
};

export const packageRegistryHandlers: Record<string, Handler> = {
	'ApplicationPackageRegistry.List': listPackages,
	'ApplicationPackageRegistry.GetAssociation': getAssociation(deviceAssociations),
	'ApplicationPackageRegistry.ListAssociations': listAssociations(deviceAssociations),
	'ApplicationPackageRegistry.SetAssociation': setAssociation(
		deviceAssociations,
		'ApplicationPackageRegistry.SetAssociation',
	),
	'ApplicationPackageRegistry.DeleteAssociation': deleteAssociation(deviceAssociations),
	'ApplicationPackageRegistry.GetDefaultAssociation': getAssociation(defaultAssociations),
	'ApplicationPackageRegistry.ListDefaultAssociations': listAssociations(defaultAssociations),
	'ApplicationPackageRegistry.SetDefaultAssociation': setAssociation(
		defaultAssociations,
		'ApplicationPackageRegistry.SetDefaultAssociation',
	),
	'ApplicationPackageRegistry.DeleteDefaultAssociation': deleteAssociation(defaultAssociations),
};
