import type { IDataObject, INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { ttsErrorOf } from '../../shared/transport';

const detailsByError = new WeakMap<object, IDataObject>();

/** Adds facts to an error that Continue On Fail shows next to it (failed step, rollback, ...). */
export function attachErrorDetails<E extends Error>(error: E, details: IDataObject): E {
	detailsByError.set(error, { ...detailsByError.get(error), ...details });
	return error;
}

/** The structured facts about an error, for its error item: TTS error name, HTTP code, details. */
export function errorDetailsOf(error: NodeApiError | NodeOperationError): IDataObject {
	const tts = ttsErrorOf(error);
	const details: IDataObject = {};
	if (error instanceof NodeApiError && error.httpCode) details.httpCode = error.httpCode;
	if (tts?.id) details.ttsError = tts.id;
	if (tts?.correlationId) details.correlationId = tts.correlationId;
	return { ...details, ...detailsByError.get(error) };
}

/** Makes any error a node error whose message names the item, e.g. "... [item 3]". */
export function withItemNumber(
	node: INode,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	const nodeError = asNodeError(node, error);
	if (!/\[item \d+\]$/.test(nodeError.message))
		nodeError.message = `${nodeError.message} [item ${itemIndex}]`;
	nodeError.context.itemIndex = itemIndex;
	return nodeError;
}

/** Puts `text` in front of an error's description. */
export function prependDescription<E extends NodeApiError | NodeOperationError>(
	error: E,
	text: string,
): E {
	error.description = [text, error.description].filter(Boolean).join('\n\n');
	return error;
}

/** An error as a node error, unchanged when it already is one (for rethrowing from a catch). */
export function asNodeError(node: INode, error: unknown): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error as Error);
}
