import { createHash } from 'crypto';

// n8n 2.x keeps it in execution_entity.deduplicationKey, a varchar(255) under one unique index
// for all workflows: it names the workflow and the node, and never grows past the column.
const MAX_LENGTH = 255;

/**
 * The key n8n 2.x refuses to start a second execution for (`emit`'s fourth argument):
 * `tts:<workflowId>:<nodeId>:<deliveryKey>`, or with the delivery key (then the whole key) hashed
 * when that would not fit.
 */
export function executionDeduplicationKey(
	workflowId: string,
	nodeId: string,
	deliveryKey: string,
): string {
	const key = `tts:${workflowId}:${nodeId}:${deliveryKey}`;
	if (key.length <= MAX_LENGTH) return key;
	const hashed = `tts:${workflowId}:${nodeId}:sha256:${sha256(deliveryKey)}`;
	if (hashed.length <= MAX_LENGTH) return hashed;
	return `tts:sha256:${sha256(key)}`;
}

function sha256(text: string): string {
	return createHash('sha256').update(text).digest('hex');
}

/**
 * The delivery key of an execution of several items: derived from all of their keys, so that the
 * same batch sent again is refused, and a batch that differs by any item is not.
 */
export function batchDeliveryKey(itemKeys: readonly string[]): string {
	if (itemKeys.length === 1) return itemKeys[0];
	return `batch:${itemKeys.length}:${sha256(itemKeys.join('\n'))}`;
}
