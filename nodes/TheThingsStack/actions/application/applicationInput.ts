import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { entityBasics, readServerAddress } from '../../helpers/entityInput';
import { readIdParameter, validated } from '../../helpers/parameters';

const SERVER_ADDRESS_FIELDS: Array<[string, string, string]> = [
	['networkServerAddress', 'network_server_address', 'Network Server Address'],
	['applicationServerAddress', 'application_server_address', 'Application Server Address'],
	['joinServerAddress', 'join_server_address', 'Join Server Address'],
];

export function readApplicationId(this: IExecuteFunctions, itemIndex: number): string {
	return readIdParameter.call(this, 'applicationId', 'application_id', itemIndex);
}

/** Reads the optional application fields of a collection (Additional Fields or Update Fields). */
export function readApplicationFields(
	this: IExecuteFunctions,
	fields: IDataObject,
	itemIndex: number,
): IDataObject {
	return validated(this, itemIndex, () => {
		const application = entityBasics(fields);
		for (const [parameter, field, label] of SERVER_ADDRESS_FIELDS) {
			const value = fields[parameter];
			if (value === undefined) continue;
			// An empty address unpins the server on update.
			application[field] = value === '' ? '' : readServerAddress(label, value);
		}
		return application;
	});
}
