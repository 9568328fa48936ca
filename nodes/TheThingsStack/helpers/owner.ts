import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { PathParams, TtsContext } from '../../shared/transport';
import { ttsApiRequest } from '../../shared/transport';

export interface Owner {
	type: 'user' | 'organization';
	id: string;
}

/** What the API key in the credential is: its entity, and whether its user is an admin. */
export interface KeyInfo {
	/** `user`, `organization`, `application`, `gateway`, `client`, ... */
	entityType?: string;
	entityId?: string;
	isAdmin: boolean;
}

const keyInfoByContext = new WeakMap<object, Promise<KeyInfo>>();

/** Reads `GET /auth_info` once per execution (pkg/identityserver/entity_access.go). */
export async function getKeyInfo(this: TtsContext): Promise<KeyInfo> {
	let info = keyInfoByContext.get(this);
	if (!info) {
		info = ttsApiRequest
			.call(this, { method: 'GET', path: '/auth_info' })
			.then((body) => keyInfoOf(body));
		keyInfoByContext.set(this, info);
		info.catch(() => keyInfoByContext.delete(this));
	}
	return await info;
}

export function keyInfoOf(body: IDataObject): KeyInfo {
	const isAdmin = body.is_admin === true;
	const apiKey = body.api_key as IDataObject | undefined;
	const entityIds = (apiKey?.entity_ids ?? {}) as IDataObject;
	for (const [field, ids] of Object.entries(entityIds)) {
		const type = field.replace(/_ids$/, '');
		const id = (ids as IDataObject | undefined)?.[`${type}_id`];
		if (typeof id === 'string') return { entityType: type, entityId: id, isAdmin };
	}
	// OAuth access tokens and Console sessions act for a user.
	const token = (body.oauth_access_token ?? body.user_session) as IDataObject | undefined;
	const userId = (token?.user_ids as IDataObject | undefined)?.user_id;
	if (typeof userId === 'string') return { entityType: 'user', entityId: userId, isAdmin };
	return { isAdmin };
}

/** The user or organization the API key belongs to, to own what it creates. */
export async function ownerOfApiKey(
	this: IExecuteFunctions,
	entity: 'application' | 'gateway',
	itemIndex: number,
): Promise<Owner> {
	const info = await getKeyInfo.call(this);
	if (info.entityType === 'user' || info.entityType === 'organization') {
		return { type: info.entityType, id: info.entityId as string };
	}
	const belongsTo = info.entityType
		? `${info.entityType} "${info.entityId}"`
		: 'no user or organization';
	throw new NodeOperationError(
		this.getNode(),
		`The API key belongs to ${belongsTo}, so it cannot own the new ${entity}`,
		{
			itemIndex,
			description: `Set Owner to User or Organization and choose who owns the ${entity}, or use a personal or organization API key.`,
		},
	);
}

/** The collection path of an owner's applications or gateways, e.g. `/users/{user_id}/gateways`. */
export function ownerPath(
	owner: Owner,
	collection: 'applications' | 'gateways',
): { path: string; pathParams: PathParams } {
	return owner.type === 'user'
		? { path: `/users/{user_id}/${collection}`, pathParams: { user_id: owner.id } }
		: {
				path: `/organizations/{organization_id}/${collection}`,
				pathParams: { organization_id: owner.id },
			};
}
