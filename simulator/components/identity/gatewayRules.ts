import { JsonObject } from '../../encoding/json';
import { TtsError, ttsError } from '../../errors/ttsError';
import type { EntityRecord } from '../../state/records';
import type { IdentityRegistry } from '../../state/tenantState';
import { objectAt, stringAt } from '../common/messageFields';

// pkg/identityserver/gateway_registry.go: the secrets need GATEWAY_READ_SECRETS to read and
// GATEWAY_WRITE_SECRETS to write.
export const gatewaySecretFields = [
	'lbs_lns_secret',
	'claim_authentication_code',
	'target_cups_key',
];

export function touchesGatewaySecrets(paths: readonly string[]): boolean {
	return paths.some((path) =>
		gatewaySecretFields.some((field) => path === field || path.startsWith(`${field}.`)),
	);
}

/**
 * Backwards compatibility for the deprecated `frequency_plan_id` (getGateway, listGateways,
 * updateGateway): asking for it asks for `frequency_plan_ids`, which is stored instead.
 */
export function withFrequencyPlanIds(paths: readonly string[]): string[] {
	const result = paths.filter((path) => path !== 'frequency_plan_id');
	if (paths.includes('frequency_plan_id') && !result.includes('frequency_plan_ids')) {
		result.push('frequency_plan_ids');
	}
	return result;
}

/** Answers carry `frequency_plan_id` = the first of `frequency_plan_ids`. */
export function withFrequencyPlanId(gateway: JsonObject): JsonObject {
	const planIds = gateway.frequency_plan_ids;
	if (Array.isArray(planIds) && typeof planIds[0] === 'string') {
		gateway.frequency_plan_id = planIds[0];
	}
	return gateway;
}

/** The live gateway holding an EUI (the EUI index is unique among live gateways only). */
export function gatewayHoldingEui(identity: IdentityRegistry, eui: string): string | undefined {
	return eui ? identity.gatewayEuis.get(eui) : undefined;
}

/**
 * pkg/identityserver/gateway_registry.go createGateway: the store's eui_taken becomes
 * gateway_eui_taken naming the gateway that holds the EUI (and its administrative contact).
 */
export function gatewayEuiTaken(
	identity: IdentityRegistry,
	eui: string,
	holderId: string,
): TtsError {
	const holder = identity.gateways.get(holderId);
	const contact = holder ? administrativeContactId(holder) : undefined;
	return ttsError('pkg/identityserver:gateway_eui_taken', {
		gateway_eui: eui,
		gateway_id: holderId,
		...(contact ? { administrative_contact: contact } : {}),
	});
}

// OrganizationOrUserIdentifiers.IDString(): the user or organization ID.
function administrativeContactId(record: EntityRecord): string | undefined {
	const contact = objectAt(record.entity, 'administrative_contact');
	return (
		stringAt(contact, 'user_ids.user_id') ||
		stringAt(contact, 'organization_ids.organization_id') ||
		undefined
	);
}
