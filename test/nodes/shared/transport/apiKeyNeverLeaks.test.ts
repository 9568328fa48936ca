import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { capturedLogs } from '../../../support/logging';
import { startTestStack, type TestStack } from '../../../support/stack';
import { runActionNode } from '../../../support/workflow';

const locator = (value: string) => ({ __rl: true, mode: 'id', value });

describe('the API key', () => {
	let stack: TestStack;

	beforeAll(async () => {
		stack = await startTestStack();
		stack.sim.createDevice({ applicationId: 'test-app', deviceId: 'dev-1' });
	});

	afterAll(async () => {
		await stack.close();
	});

	it('never appears in outputs, errors or logs, whatever happens', async () => {
		const [, keyId, secret] = stack.apiKey.split('.');
		const runs: unknown[] = [];
		const run = async (
			parameters: INodeParameters,
			credentials: IDataObject = stack.credentials,
			onError?: 'continueRegularOutput',
		) => {
			const result = await runActionNode({
				parameters,
				credentials: credentials as never,
				onError,
			});
			runs.push(result.run);
			return result;
		};
		// Success, a TTS error, Continue On Fail, invalid input, a wrong key, and an unreachable server.
		await run({
			resource: 'device',
			operation: 'get',
			applicationId: locator('test-app'),
			deviceId: locator('dev-1'),
		});
		await run({
			resource: 'device',
			operation: 'get',
			applicationId: locator('test-app'),
			deviceId: locator('dev-404'),
		});
		await run(
			{
				resource: 'device',
				operation: 'get',
				applicationId: locator('test-app'),
				deviceId: locator('dev-404'),
			},
			stack.credentials,
			'continueRegularOutput',
		);
		await run({
			resource: 'device',
			operation: 'deleteDevice',
			applicationId: locator('test-app'),
			deviceId: locator('={{ "Bad ID" }}'),
		});
		const wrongKey = `NNSXS.${keyId}.${'A'.repeat(52)}`;
		const unauthorized = await run(
			{
				resource: 'device',
				operation: 'get',
				applicationId: locator('test-app'),
				deviceId: locator('dev-1'),
			},
			{ ...stack.credentials, apiKey: wrongKey },
		);
		expect(unauthorized.error?.message).toMatch(/API key|authorization/i);
		const unreachable = await run(
			{
				resource: 'device',
				operation: 'get',
				applicationId: locator('test-app'),
				deviceId: locator('dev-1'),
			},
			{ ...stack.credentials, serverAddress: 'http://127.0.0.1:1' },
		);
		expect(unreachable.error?.message).toMatch(/Could not reach/);

		// The node's own logs are captured: the failed runs above log through this.logger.
		expect(capturedLogs().length).toBeGreaterThan(0);
		const everything = JSON.stringify(runs) + JSON.stringify(capturedLogs());
		expect(everything).not.toContain(secret);
		expect(everything).not.toContain('A'.repeat(52));
		expect(everything).not.toMatch(/Bearer NNSXS/);
	});
});
