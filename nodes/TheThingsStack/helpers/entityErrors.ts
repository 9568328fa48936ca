import type { INode, NodeApiError, NodeOperationError } from 'n8n-workflow';

import { ttsErrorOf } from '../../shared/transport';
import { asNodeError } from './errors';

/**
 * pkg/identityserver/application_registry.go: an application with end devices can be neither
 * deleted nor purged (`application_has_devices`); says so in the message itself.
 */
export function explainApplicationHasDevices(
	node: INode,
	error: unknown,
	applicationId: string,
	verb: 'deleted' | 'purged',
): NodeApiError | NodeOperationError {
	const nodeError = asNodeError(node, error);
	const tts = ttsErrorOf(error);
	if (tts?.name === 'application_has_devices') {
		const count = tts.attributes.count;
		const devices =
			count === undefined ? 'devices' : `${String(count)} device${Number(count) === 1 ? '' : 's'}`;
		nodeError.message = `Application "${applicationId}" cannot be ${verb}: it still has ${devices}. Delete its devices first (Device → Delete), then try again.`;
	}
	return nodeError;
}
