import type { IDataObject, IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { IdKind } from '../../shared/transport';
import { findIdProblem } from '../../shared/transport';
import { InvalidEntityInput } from './entityInput';
import { asNodeError } from './errors';
import type { Owner } from './owner';
import { InvalidMessage } from './payload';

/** Reads an ID parameter (plain or resource locator) and checks it against the TTS ID rules. */
export function readIdParameter(
	this: IExecuteFunctions,
	parameter: string,
	kind: IdKind,
	itemIndex: number,
): string {
	const value = String(
		this.getNodeParameter(parameter, itemIndex, '', { extractValue: true }) ?? '',
	).trim();
	const problem = findIdProblem(kind, value);
	if (problem) throw new NodeOperationError(this.getNode(), problem, { itemIndex });
	return value;
}

/** Reads Owner / Owned By: undefined for the API key's own user or organization, else the chosen one. */
export function readOwnerParameter(
	this: IExecuteFunctions,
	parameter: 'owner' | 'ownedBy',
	itemIndex: number,
): Owner | undefined {
	const choice = this.getNodeParameter(parameter, itemIndex, 'apiKey') as string;
	if (choice === 'user') {
		return { type: 'user', id: readIdParameter.call(this, 'userId', 'user_id', itemIndex) };
	}
	if (choice === 'organization') {
		return {
			type: 'organization',
			id: readIdParameter.call(this, 'organizationId', 'organization_id', itemIndex),
		};
	}
	return undefined;
}

/** Runs a pure reader and turns its complaint into the NodeOperationError a user sees. */
export function validated<T>(context: IExecuteFunctions, itemIndex: number, read: () => T): T {
	try {
		return read();
	} catch (error) {
		if (error instanceof InvalidMessage || error instanceof InvalidEntityInput) {
			throw new NodeOperationError(context.getNode(), error.message, {
				itemIndex,
				description: 'Nothing was sent to The Things Stack.',
			});
		}
		throw asNodeError(context.getNode(), error);
	}
}

/** Field-mask paths for the top-level keys set in an entity (`ids.eui` for a changed EUI). */
export function topLevelPaths(entity: IDataObject): string[] {
	return Object.keys(entity).filter((key) => key !== 'ids' && entity[key] !== undefined);
}

/** A parameter of the node being edited, for option lists; of a resource locator, its value. */
export function currentParameter(context: ILoadOptionsFunctions, name: string): string {
	const value = context.getCurrentNodeParameter(name);
	const raw = value && typeof value === 'object' && 'value' in value ? value.value : value;
	return String(raw ?? '').trim();
}
