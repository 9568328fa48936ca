import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { TestStack, TestStackOptions } from '../../../../support/stack';
import { registriesHolding, startTestStack } from '../../../../support/stack';
import type { OnError } from '../../../../support/workflow';
import { runActionNode } from '../../../../support/workflow';
import { abpCreate as abp, APP, otaaCreate as otaa } from './createParameters';

const APP_KEY = '00112233445566778899AABBCCDDEEFF';

const rowOf = (id: string, devEui: string, extra: IDataObject = {}) => ({
	id,
	dev_eui: devEui,
	app_key: APP_KEY,
	...extra,
});

const UPDATE = { ifExists: 'update' };
const GENERATE_AND_UPDATE = { generateKeys: true, ifExists: 'update' };

describe('Device → Create on a device that already exists', () => {
	let stack: TestStack;

	const start = async (options: TestStackOptions = {}) => {
		stack = await startTestStack(options);
	};
	const run = (parameters: INodeParameters, items: IDataObject[], onError?: OnError) =>
		runActionNode({
			parameters,
			items: items.map((json) => ({ json })),
			credentials: stack.credentials,
			onError,
		});
	const stored = (registry: 'joinServer' | 'networkServer' | 'applicationServer', id: string) =>
		stack.sim.state()[registry].devices.get(`${APP}.${id}`) as IDataObject;
	const rootKey = (id: string) =>
		((stored('joinServer', id).root_keys as IDataObject).app_key as IDataObject).key;
	const sessionKey = (registry: 'networkServer' | 'applicationServer', id: string, key: string) =>
		(((stored(registry, id).session as IDataObject).keys as IDataObject)[key] as IDataObject).key;

	afterEach(async () => {
		expect(stack.sim.contractViolations()).toEqual([]);
		await stack.close();
	});

	describe('with "Generate Missing Keys" and "Update It" (a provisioning workflow run again)', () => {
		beforeEach(async () => await start());

		it('keeps the AppKey of a deployed OTAA device', async () => {
			const parameters = otaa({ appKey: '', options: GENERATE_AND_UPDATE });
			const first = await run(parameters, [rowOf('gen-1', '70B3D57ED0000A01')]);
			const appKey = (first.items[0].json.generated_keys as IDataObject).appKey;
			expect(rootKey('gen-1')).toBe(appKey);
			stack.sim.clearRequestLog();

			const again = await run(parameters, [rowOf('gen-1', '70B3D57ED0000A01')]);
			expect(again.error).toBeUndefined();
			expect(rootKey('gen-1')).toBe(appKey);
			expect(again.items[0].json.generated_keys).toBeUndefined();
			const masks = stack.sim
				.requestLog()
				.filter((entry) => entry.method === 'PUT')
				.flatMap((entry) => ((entry.body as IDataObject).field_mask as IDataObject).paths);
			expect(masks).toContain('frequency_plan_id');
			expect(masks).not.toContain('root_keys.app_key.key');
		});

		it('keeps the session keys of a deployed ABP device', async () => {
			const parameters = abp({ options: GENERATE_AND_UPDATE });
			const row = { id: 'gen-abp', dev_addr: '260B0A01' };
			expect((await run(parameters, [row])).error).toBeUndefined();
			const before = {
				nwkSKey: sessionKey('networkServer', 'gen-abp', 'f_nwk_s_int_key'),
				appSKey: sessionKey('applicationServer', 'gen-abp', 'app_s_key'),
			};
			const again = await run(parameters, [row]);
			expect(again.error).toBeUndefined();
			expect(sessionKey('networkServer', 'gen-abp', 'f_nwk_s_int_key')).toBe(before.nwkSKey);
			expect(sessionKey('applicationServer', 'gen-abp', 'app_s_key')).toBe(before.appSKey);
			expect(again.items[0].json.generated_keys).toBeUndefined();
		});

		it('still writes a key the row gives', async () => {
			const parameters = otaa({ options: GENERATE_AND_UPDATE });
			await run(parameters, [rowOf('gen-2', '70B3D57ED0000A02')]);
			const newKey = 'AABBCCDDEEFF00112233445566778899';
			const again = await run(parameters, [
				rowOf('gen-2', '70B3D57ED0000A02', { app_key: newKey }),
			]);
			expect(again.error).toBeUndefined();
			expect(rootKey('gen-2')).toBe(newKey);
		});
	});

	// pkg/identityserver/end_device_registry.go createEndDevice: when the database reports the
	// EUI index first, the answer is end_device_euis_taken naming the device holding the EUIs.
	describe('on an Identity Server that answers end_device_euis_taken', () => {
		beforeEach(async () => await start({ endDeviceIndexOrder: 'eui' }));

		it('recognises the device itself as existing, and updates it', async () => {
			await run(otaa(), [rowOf('dup-1', '70B3D57ED0000B01')]);
			const again = await run(otaa({ additionalFields: { name: 'Updated' }, options: UPDATE }), [
				rowOf('dup-1', '70B3D57ED0000B01'),
			]);
			expect(again.error).toBeUndefined();
			expect(again.items[0].json.name).toBe('Updated');
		});

		it('says the device exists and how to update it, with "Fail"', async () => {
			await run(otaa(), [rowOf('dup-2', '70B3D57ED0000B02')]);
			const again = await run(otaa(), [rowOf('dup-2', '70B3D57ED0000B02')]);
			expect(again.error?.message).toMatch(
				/^Could not register device "dup-2" on the Identity Server: .*already registered as `dup-2`/,
			);
			expect((again.error as { description?: string }).description).toMatch(
				/Device "dup-2" already exists.*If the Device Exists.*Update It/s,
			);
		});

		it('reports another device holding the EUIs as a conflict, naming it, and leaves it alone', async () => {
			await run(otaa({ additionalFields: { name: 'Original' } }), [
				rowOf('holder', '70B3D57ED0000B03'),
			]);
			const clash = await run(otaa({ additionalFields: { name: 'Clash' }, options: UPDATE }), [
				rowOf('newcomer', '70B3D57ED0000B03'),
			]);
			expect(clash.error?.message).toMatch(
				/already registered as `holder` in application `test-app`/,
			);
			expect((clash.error as { description?: string }).description).toMatch(
				/Device "holder" of application "test-app" already uses JoinEUI 0000000000000000 and DevEUI 70B3D57ED0000B03/,
			);
			expect(registriesHolding(stack.sim, APP, 'newcomer')).toEqual([]);
			const holder = stack.sim.state().identity.endDevices.get(APP)?.get('holder') as IDataObject;
			expect(holder.name).toBe('Original');
		});
	});

	describe('when the answer of the Identity Server create is lost', () => {
		beforeEach(async () => await start());

		it('finds the device it created and completes the registration', async () => {
			stack.sim.faults.dropResponses({ rpc: 'EndDeviceRegistry.Create' });
			const result = await run(otaa(), [rowOf('lost-1', '70B3D57ED0000C01')]);
			expect(result.error).toBeUndefined();
			expect(registriesHolding(stack.sim, APP, 'lost-1')).toEqual(['is', 'js', 'ns', 'as']);
			expect(result.items[0].json).toMatchObject({ ids: { device_id: 'lost-1' } });
			const creates = stack.sim
				.requestLog()
				.filter((entry) => entry.rpc === 'EndDeviceRegistry.Create');
			expect(creates).toHaveLength(1);
		});

		it('creates the device when the request never got through (a hung server)', async () => {
			stack.sim.faults.hangRequests({ rpc: 'EndDeviceRegistry.Create' });
			const result = await runActionNode({
				parameters: otaa(),
				items: [{ json: rowOf('lost-2', '70B3D57ED0000C02') }],
				credentials: { ...stack.credentials, requestTimeout: 0.5 },
			});
			expect(result.error).toBeUndefined();
			expect(registriesHolding(stack.sim, APP, 'lost-2')).toEqual(['is', 'js', 'ns', 'as']);
			expect(
				stack.sim.requestLog().filter((entry) => entry.rpc === 'EndDeviceRegistry.Create'),
			).toHaveLength(2);
		});

		it('does not take over a device that existed before', async () => {
			await run(otaa(), [rowOf('lost-3', '70B3D57ED0000C03')]);
			stack.sim.faults.dropResponses({ rpc: 'EndDeviceRegistry.Create' });
			const again = await run(otaa(), [
				rowOf('lost-3', '70B3D57ED0000C03', { app_key: 'FFEEDDCCBBAA99887766554433221100' }),
			]);
			expect(again.error?.message).toMatch(/^Device "lost-3" already exists/);
			expect(rootKey('lost-3')).toBe(APP_KEY);
		});

		it('rolls the device back everywhere when a later step fails', async () => {
			stack.sim.faults.dropResponses({ rpc: 'EndDeviceRegistry.Create' });
			stack.sim.faults.failComponent({
				component: 'ns',
				rpcs: ['NsEndDeviceRegistry.Set'],
				error: 'pkg/networkserver:field_value',
				attributes: { field: 'frequency_plan_id' },
			});
			const result = await run(
				otaa(),
				[rowOf('lost-4', '70B3D57ED0000C04')],
				'continueRegularOutput',
			);
			const failed = result.items[0].json as IDataObject & { details: IDataObject };
			expect(failed.details).toMatchObject({ step: 'Network Server', rollback: 'complete' });
			expect(registriesHolding(stack.sim, APP, 'lost-4')).toEqual([]);
		});

		it('says the device may exist when the check cannot be made either', async () => {
			stack.sim.faults.dropResponses({ rpc: 'EndDeviceRegistry.Create' });
			stack.sim.faults.hangRequests({ rpc: 'EndDeviceRegistry.Get', times: Infinity });
			const result = await runActionNode({
				parameters: otaa(),
				items: [{ json: rowOf('lost-5', '70B3D57ED0000C05') }],
				credentials: { ...stack.credentials, requestTimeout: 0.5 },
			});
			expect(result.error?.message).toMatch(
				/^Could not register device "lost-5" on the Identity Server: The connection to the Identity Server .* broke before it answered/,
			);
			expect((result.error as { description?: string }).description).toMatch(
				/may have been created on the Identity Server.*could not be checked/s,
			);
		});
	});
});
