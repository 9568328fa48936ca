import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { isOutcomeUnknown, ttsErrorOf } from '../../../shared/transport';
import type { Component } from '../../helpers/deviceFields';
import type { DevicePlan } from '../../helpers/devicePlan';
import { asNodeError, attachErrorDetails, prependDescription } from '../../helpers/errors';
import type {
	ClusterComponent,
	ClusterIdentity,
	SkippedServer,
} from '../../helpers/serverPlacement';
import {
	addressesAfterWrite,
	clusterServersFor,
	placeExistingDevice,
} from '../../helpers/serverPlacement';
import type { DeviceRef, ServerWrites } from './deviceServers';
import {
	createOnIdentityServer,
	findOnServer,
	readRegistration,
	writeToServers,
} from './deviceServers';

/** The outcome of registering a new device on the Identity Server. */
export type Registration =
	| { kind: 'created'; device: IDataObject }
	/** `cause`: the Identity Server's answer that said so; none when a check after a lost answer did. */
	| { kind: 'exists'; cause?: Error };

// A create whose answer was lost is checked, and sent once more when it did not take effect.
const MAX_CREATE_ATTEMPTS = 2;

/**
 * Creates the device on the Identity Server, or finds out that it exists. The server says so with
 * `id_taken`, or with `end_device_euis_taken` naming this very device when its database checked
 * the EUI index first (pkg/identityserver/end_device_registry.go createEndDevice,
 * pkg/util/store/error.go GetError). When the answer is lost (a dropped connection, a timeout, a
 * gateway's 502/503/504), the device is looked up before anything else is decided: found and not
 * yet on this cluster's servers, it is the one this request created; not found, the create is
 * sent again. Other errors are thrown as they are.
 */
export async function registerOnIdentityServer(
	this: IExecuteFunctions,
	ref: DeviceRef,
	plan: DevicePlan,
	localServers: ClusterComponent[],
	itemIndex: number,
): Promise<Registration> {
	let answerLost = false;
	for (let attempt = 1; ; attempt++) {
		try {
			const device = await createOnIdentityServer.call(this, plan.device, plan.paths.is, itemIndex);
			return { kind: 'created', device };
		} catch (error) {
			if (await namesThisDevice.call(this, error, ref, plan, itemIndex)) {
				// After a lost answer, "taken" may mean taken by that very request.
				if (!answerLost) return { kind: 'exists', cause: error as Error };
				return (
					(await checkAfterLostAnswer.call(this, error, ref, plan, localServers, itemIndex)) ?? {
						kind: 'exists',
						cause: error as Error,
					}
				);
			}
			if (!isOutcomeUnknown(error)) throw asNodeError(this.getNode(), error);
			answerLost = true;
			const found = await checkAfterLostAnswer.call(
				this,
				error,
				ref,
				plan,
				localServers,
				itemIndex,
			);
			if (found) return found;
			if (attempt === MAX_CREATE_ATTEMPTS) {
				throw prependDescription(
					asNodeError(this.getNode(), error),
					`Device "${ref.deviceId}" was not created: it is not on the Identity Server.`,
				);
			}
		}
	}
}

/** Whether a failed create says that this device (this application, this device ID) exists. */
async function namesThisDevice(
	this: IExecuteFunctions,
	error: unknown,
	ref: DeviceRef,
	plan: DevicePlan,
	itemIndex: number,
): Promise<boolean> {
	const tts = ttsErrorOf(error);
	if (tts?.name === 'id_taken') return true;
	if (tts?.name === 'end_device_euis_taken') {
		return (
			tts.attributes.application_id === ref.applicationId &&
			tts.attributes.device_id === ref.deviceId
		);
	}
	// Without the holder's IDs (its lookup failed on the server), the device ID tells.
	if (tts?.name === 'eui_taken') {
		const found = await findOnServer.call(this, 'is', ref, [], itemIndex).catch(() => undefined);
		return !!found && haveSameEuis(found, plan.device);
	}
	return false;
}

/**
 * After a create whose answer was lost: the device this request created (on the Identity Server,
 * with these EUIs, on none of this cluster's servers yet), a device that existed before, or
 * undefined when the Identity Server does not have it.
 */
async function checkAfterLostAnswer(
	this: IExecuteFunctions,
	lost: unknown,
	ref: DeviceRef,
	plan: DevicePlan,
	localServers: ClusterComponent[],
	itemIndex: number,
): Promise<Registration | undefined> {
	try {
		const registered = await findOnServer.call(this, 'is', ref, plan.paths.is, itemIndex);
		if (!registered) return undefined;
		if (!haveSameEuis(registered, plan.device)) return { kind: 'exists' };
		const elsewhere = await Promise.all(
			localServers.map(
				async (component) => await findOnServer.call(this, component, ref, [], itemIndex),
			),
		);
		// A device another run registered completely is not the one this request created.
		if (elsewhere.some((found) => found !== undefined)) return { kind: 'exists' };
		return { kind: 'created', device: registered };
	} catch (checkError) {
		throw attachErrorDetails(
			prependDescription(
				asNodeError(this.getNode(), lost),
				`Device "${ref.deviceId}" may have been created on the Identity Server: the answer was lost, and it could not be checked either (${(checkError as Error).message}). Look for it in the Console or with Device → Get, and delete it if it is there, before trying again.`,
			),
			{ identityServer: 'unknown' },
		);
	}
}

function haveSameEuis(registered: IDataObject, device: IDataObject): boolean {
	const found = (registered.ids ?? {}) as IDataObject;
	const wanted = (device.ids ?? {}) as IDataObject;
	return found.dev_eui === wanted.dev_eui && found.join_eui === wanted.join_eui;
}

/** The error for a device that exists, when the row says to fail. */
export function deviceExistsError(
	this: IExecuteFunctions,
	ref: DeviceRef,
	itemIndex: number,
): NodeOperationError {
	return new NodeOperationError(
		this.getNode(),
		`Device "${ref.deviceId}" already exists in application "${ref.applicationId}"`,
		{ itemIndex, description: existsAdvice(ref) },
	);
}

/** What to do about a device that exists. */
export function existsAdvice(ref: DeviceRef): string {
	return `Device "${ref.deviceId}" already exists. To write this row to it, set Options → If the Device Exists → Update It; or choose another device ID.`;
}

export interface ExistingDeviceWrites extends ServerWrites {
	/** This cluster's servers left alone because the device has them elsewhere. */
	skipped: SkippedServer[];
}

/**
 * "If the device exists: update it": same EUIs required, then the fields the row gives are written
 * to the servers of this cluster that hold the device. Keys the node generated and addresses it
 * defaulted to this cluster are not the row's: the device keeps its own, so a provisioning
 * workflow run again does not re-key deployed devices.
 */
export async function updateExistingDevice(
	this: IExecuteFunctions,
	ref: DeviceRef,
	plan: DevicePlan,
	cluster: ClusterIdentity,
	itemIndex: number,
): Promise<ExistingDeviceWrites> {
	const existing = await readRegistration.call(this, ref, itemIndex);
	checkSameEuis.call(this, ref, existing, plan, itemIndex);

	const notGiven = new Set([
		...plan.generatedKeys.map((key) => key.path),
		...plan.defaultedAddresses,
	]);
	const paths = Object.fromEntries(
		Object.entries(plan.paths).map(([component, list]) => [
			component,
			list.filter((path) => !notGiven.has(path)),
		]),
	) as Record<Component, string[]>;
	const placement = placeExistingDevice(
		addressesAfterWrite(existing, plan.device, plan.defaultedAddresses),
		clusterServersFor(plan.activationMode),
		cluster,
	);
	const servers: Component[] = [
		...(paths.is.length > 0 ? ['is' as const] : []),
		...placement.local,
	];
	const writes = await writeToServers.call(this, ref, plan.device, paths, servers, itemIndex, {
		alwaysWrite: ['ns', 'as'],
	});
	return { ...writes, skipped: placement.skipped };
}

function checkSameEuis(
	this: IExecuteFunctions,
	ref: DeviceRef,
	existing: IDataObject,
	plan: DevicePlan,
	itemIndex: number,
): void {
	const existingIds = (existing.ids ?? {}) as IDataObject;
	const wantedIds = plan.device.ids as IDataObject;
	for (const eui of ['dev_eui', 'join_eui'] as const) {
		if (wantedIds[eui] && existingIds[eui] && existingIds[eui] !== wantedIds[eui]) {
			throw new NodeOperationError(
				this.getNode(),
				`Device "${ref.deviceId}" exists with ${eui === 'dev_eui' ? 'DevEUI' : 'JoinEUI'} ${String(existingIds[eui])}, not ${String(wantedIds[eui])}`,
				{
					itemIndex,
					description: 'EUIs cannot be changed. Delete the device first, or use another device ID.',
				},
			);
		}
	}
}
