import { createHash } from 'crypto';

/**
 * The header that carries the trigger's secret, as The Things Stack sends it: it sets each
 * configured header with http.Header.Set, which writes the canonical form
 * (pkg/applicationserver/io/web/request.go NewRequest).
 */
export const DELIVERY_CHECK_HEADER = 'X-N8n-Webhook-Secret';

// api/ttn/lorawan/v3/applicationserver_web.proto ApplicationWebhookIdentifiers: at most 36
// characters of ^[a-z0-9](?:[-]?[a-z0-9]){2,}$. `n8n-` + 24 hex digits, `n8n-test-` + 24 for a test.
const HASH_LENGTH = 24;

/**
 * The ID of the trigger's webhook on The Things Stack: one per workflow and node, so that another
 * workflow (or another node of this one) never takes it over, and another one for "Listen for test
 * event", so that a test never overwrites or deletes the webhook of the active workflow.
 */
export function webhookIdFor(workflowId: string, nodeId: string, test: boolean): string {
	const hash = createHash('sha256')
		.update(`${workflowId}\n${nodeId}`)
		.digest('hex')
		.slice(0, HASH_LENGTH);
	return test ? `n8n-test-${hash}` : `n8n-${hash}`;
}
