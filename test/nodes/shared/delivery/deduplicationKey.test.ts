import { executionDeduplicationKey } from '../../../../nodes/shared/delivery/deduplicationKey';

describe('executionDeduplicationKey', () => {
	it('names the workflow, the node and the delivered item', () => {
		expect(executionDeduplicationKey('wf1', 'node-1', '01J9ZZZ')).toBe('tts:wf1:node-1:01J9ZZZ');
	});

	it('fits n8n’s column (255 characters) with the longest IDs, and stays unique', () => {
		const workflowId = 'w'.repeat(36);
		const nodeId = '0b0c8e2a-5f7d-4c1e-9a3b-6d2e1f0a9b8c';
		const uplink = `uplink_message:${'a'.repeat(36)}/${'d'.repeat(36)}@2024-10-01T12:00:00.123456789Z`;
		const key = executionDeduplicationKey(workflowId, nodeId, uplink);
		expect(key.length).toBeLessThanOrEqual(255);
		expect(key).toBe(`tts:${workflowId}:${nodeId}:${uplink}`);
		const long = executionDeduplicationKey(workflowId, nodeId, `${uplink}${'x'.repeat(100)}`);
		expect(long.length).toBeLessThanOrEqual(255);
		expect(long).toMatch(new RegExp(`^tts:${workflowId}:${nodeId}:sha256:[0-9a-f]{64}$`));
		expect(executionDeduplicationKey(workflowId, nodeId, `${uplink}${'y'.repeat(100)}`)).not.toBe(
			long,
		);
		const absurd = executionDeduplicationKey('w'.repeat(300), nodeId, 'k');
		expect(absurd).toMatch(/^tts:sha256:[0-9a-f]{64}$/);
	});
});
