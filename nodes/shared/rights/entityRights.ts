import type { TtsContext } from '../transport';
import { ttsApiRequest } from '../transport';

export type RightsEntity =
	{ kind: 'application'; applicationId: string } | { kind: 'gateway'; gatewayId: string };

/**
 * The rights the API key has on an entity (`GET /applications/{id}/rights`,
 * `GET /gateways/{id}/rights`), or undefined when they cannot be read (then the call that needs
 * them decides).
 */
export async function rightsOnEntity(
	this: TtsContext,
	entity: RightsEntity,
): Promise<string[] | undefined> {
	try {
		const response =
			entity.kind === 'gateway'
				? await ttsApiRequest.call(this, {
						method: 'GET',
						path: '/gateways/{gateway_id}/rights',
						pathParams: { gateway_id: entity.gatewayId },
					})
				: await ttsApiRequest.call(this, {
						method: 'GET',
						path: '/applications/{application_id}/rights',
						pathParams: { application_id: entity.applicationId },
					});
		return Array.isArray(response.rights) ? (response.rights as string[]) : [];
	} catch (error) {
		this.logger.debug(
			`The Things Stack: the API key's rights could not be read (${(error as Error).message})`,
		);
		return undefined;
	}
}

/** Whether `rights` grant `right`; RIGHT_ALL and RIGHT_<ENTITY>_ALL stand for every right of their kind. */
export function grantsRight(rights: readonly string[], right: string): boolean {
	return rights.some(
		(granted) =>
			granted === right ||
			granted === 'RIGHT_ALL' ||
			(granted.endsWith('_ALL') && right.startsWith(granted.slice(0, -'ALL'.length))),
	);
}
