import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { IdKind } from '../../../shared/transport';
import { ttsApiRequest } from '../../../shared/transport';
import { explainApplicationHasDevices } from '../../helpers/entityErrors';
import { asNodeError } from '../../helpers/errors';
import { readIdParameter } from '../../helpers/parameters';
import type { OperationModule } from '../types';

export type PurgedEntity = 'application' | 'gateway' | 'organization' | 'user' | 'client';

const COLLECTIONS: Record<PurgedEntity, string> = {
	application: 'applications',
	gateway: 'gateways',
	organization: 'organizations',
	user: 'users',
	client: 'clients',
};

/**
 * One Purge operation: `DELETE /<collection>/{id}/purge` (pkg/identityserver/*_registry.go),
 * admin only. Works on deleted and on active entities.
 */
export function purgeOperation(
	entity: PurgedEntity,
	locator: INodeProperties,
): Required<Pick<OperationModule<string>, 'description' | 'prepare' | 'execute'>> {
	const idKind = `${entity}_id` as IdKind;
	return {
		description: updateDisplayOptions({ show: { resource: ['purge'], operation: [entity] } }, [
			locator,
		]),
		prepare(this: IExecuteFunctions, itemIndex: number): string {
			return readIdParameter.call(this, locator.name, idKind, itemIndex);
		},
		async execute(this: IExecuteFunctions, itemIndex: number, id: string): Promise<IDataObject> {
			try {
				await ttsApiRequest.call(this, {
					method: 'DELETE',
					path: `/${COLLECTIONS[entity]}/{${idKind}}/purge`,
					pathParams: { [idKind]: id },
					itemIndex,
				});
			} catch (error) {
				throw entity === 'application'
					? explainApplicationHasDevices(this.getNode(), error, id, 'purged')
					: asNodeError(this.getNode(), error);
			}
			return { [idKind]: id, purged: true };
		},
	};
}
