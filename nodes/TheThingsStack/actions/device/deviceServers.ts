import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { PathParams } from '../../../shared/transport';
import { COMPONENT_NAMES, ttsApiRequest, ttsErrorOf } from '../../../shared/transport';
import type { Component } from '../../helpers/deviceFields';
import { pickPaths } from '../../helpers/deviceFields';
import { asNodeError } from '../../helpers/errors';
import { ADDRESS_FIELDS } from '../../helpers/serverPlacement';

export interface DeviceRef {
	applicationId: string;
	deviceId: string;
}

const DEVICE_PATHS: Record<Component, string> = {
	is: '/applications/{application_id}/devices/{device_id}',
	js: '/js/applications/{application_id}/devices/{device_id}',
	ns: '/ns/applications/{application_id}/devices/{device_id}',
	as: '/as/applications/{application_id}/devices/{device_id}',
};

export function serverName(component: Component): string {
	return COMPONENT_NAMES[component];
}

function pathParams(ref: DeviceRef): PathParams {
	return { application_id: ref.applicationId, device_id: ref.deviceId };
}

export function isNotFound(error: unknown): boolean {
	const tts = ttsErrorOf(error);
	return tts?.grpcCode === 5 || (error as { httpCode?: string }).httpCode === '404';
}

/** Creates the device in the Identity Server registry (the body carries every IS field; no field mask). */
export async function createOnIdentityServer(
	this: IExecuteFunctions,
	device: IDataObject,
	paths: string[],
	itemIndex: number,
): Promise<IDataObject> {
	const applicationId = ((device.ids as IDataObject).application_ids as IDataObject)
		.application_id as string;
	return await ttsApiRequest.call(this, {
		method: 'POST',
		path: '/applications/{application_id}/devices',
		pathParams: { application_id: applicationId },
		body: { end_device: pickPaths(device, paths) },
		itemIndex,
	});
}

/**
 * Writes `paths` of `device` to one server: IS Update, or JS/NS/AS Set (an upsert: it creates the
 * device in that registry if needed). The body always carries the device's IDs and EUIs, which the
 * Join Server requires even when they are not in the mask.
 */
export async function writeToServer(
	this: IExecuteFunctions,
	component: Component,
	ref: DeviceRef,
	device: IDataObject,
	paths: string[],
	itemIndex: number,
): Promise<IDataObject> {
	return await ttsApiRequest.call(this, {
		method: 'PUT',
		path: DEVICE_PATHS[component],
		pathParams: pathParams(ref),
		body: { end_device: pickPaths(device, paths), field_mask: { paths } },
		itemIndex,
	});
}

export interface ServerWrites {
	/** The servers' answers, in the order written. */
	answers: IDataObject[];
	/** The first write that failed, and the servers written before it. */
	failure?: { component: Component; error: unknown; written: Component[] };
}

/**
 * Writes each server's share of `device`, in the order given, and stops at the first failure. A
 * server with no field to write is skipped unless it is in `alwaysWrite` (registration needs the
 * Application and Network Server even with an empty mask).
 */
export async function writeToServers(
	this: IExecuteFunctions,
	ref: DeviceRef,
	device: IDataObject,
	paths: Record<Component, string[]>,
	components: Component[],
	itemIndex: number,
	{ alwaysWrite = [] as Component[] } = {},
): Promise<ServerWrites> {
	const answers: IDataObject[] = [];
	const written: Component[] = [];
	for (const component of components) {
		if (!alwaysWrite.includes(component) && paths[component].length === 0) continue;
		try {
			answers.push(
				await writeToServer.call(this, component, ref, device, paths[component], itemIndex),
			);
		} catch (error) {
			return { answers, failure: { component, error, written } };
		}
		written.push(component);
	}
	return { answers };
}

/**
 * Reads `paths` from one server; undefined when a Join, Network or Application Server does not
 * hold the device. The Identity Server's "not found" is an error: the device does not exist.
 */
export async function readFromServer(
	this: IExecuteFunctions,
	component: Component,
	ref: DeviceRef,
	paths: string[],
	itemIndex: number,
): Promise<IDataObject | undefined> {
	try {
		return await ttsApiRequest.call(this, {
			method: 'GET',
			path: DEVICE_PATHS[component],
			pathParams: pathParams(ref),
			qs: paths.length ? { field_mask: paths.join(',') } : {},
			itemIndex,
		});
	} catch (error) {
		if (component !== 'is' && isNotFound(error)) return undefined;
		throw asNodeError(this.getNode(), error);
	}
}

/** The device's IDs and server addresses, from the Identity Server (an error when it does not exist). */
export async function readRegistration(
	this: IExecuteFunctions,
	ref: DeviceRef,
	itemIndex: number,
): Promise<IDataObject> {
	return (await readFromServer.call(
		this,
		'is',
		ref,
		Object.values(ADDRESS_FIELDS),
		itemIndex,
	)) as IDataObject;
}

/** Reads `paths` from one server; undefined when that server, whichever it is, does not hold the device. */
export async function findOnServer(
	this: IExecuteFunctions,
	component: Component,
	ref: DeviceRef,
	paths: string[],
	itemIndex: number,
): Promise<IDataObject | undefined> {
	try {
		return await readFromServer.call(this, component, ref, paths, itemIndex);
	} catch (error) {
		if (isNotFound(error)) return undefined;
		throw asNodeError(this.getNode(), error);
	}
}

export type DeletionResult = 'deleted' | 'not found' | { error: string };

export interface DeletionOutcome {
	results: Partial<Record<Component, DeletionResult>>;
	/** True when no registry holds the device any more. */
	complete: boolean;
	/** True when a server refused to delete it. */
	failed: boolean;
}

async function deleteFrom(
	this: IExecuteFunctions,
	component: Component,
	ref: DeviceRef,
	itemIndex: number,
): Promise<DeletionResult> {
	try {
		await ttsApiRequest.call(this, {
			method: 'DELETE',
			path: DEVICE_PATHS[component],
			pathParams: pathParams(ref),
			itemIndex,
		});
		return 'deleted';
	} catch (error) {
		if (isNotFound(error)) return 'not found';
		return { error: (error as Error).message };
	}
}

/**
 * Deletes the device from the Application, Network and Join Server, then from the Identity
 * Server, but only when the others succeeded: the IS entry is what lets a user find and delete the
 * rest later (ttn-lw-cli and the Console delete in this order). "Not found" counts as success.
 * With `keepIdentityServer` (servers elsewhere still hold the device) the IS entry stays.
 */
export async function deleteFromAllServers(
	this: IExecuteFunctions,
	ref: DeviceRef,
	itemIndex: number,
	components: Component[] = ['as', 'ns', 'js'],
	{ keepIdentityServer = false } = {},
): Promise<DeletionOutcome> {
	const results: DeletionOutcome['results'] = {};
	for (const component of components)
		results[component] = await deleteFrom.call(this, component, ref, itemIndex);
	const clusterFailed = components.some((component) => typeof results[component] === 'object');
	if (!clusterFailed && !keepIdentityServer) {
		results.is = await deleteFrom.call(this, 'is', ref, itemIndex);
	}
	const failed = Object.values(results).some((result) => typeof result === 'object');
	return { results, complete: !failed && results.is !== undefined, failed };
}

/** Human summary of where a device is still registered after a deletion attempt. */
export function remainingServers(outcome: DeletionOutcome): Component[] {
	const remaining: Component[] = [];
	for (const component of ['is', 'js', 'ns', 'as'] as Component[]) {
		const result = outcome.results[component];
		if (result === undefined ? component === 'is' : typeof result === 'object')
			remaining.push(component);
	}
	return remaining;
}
