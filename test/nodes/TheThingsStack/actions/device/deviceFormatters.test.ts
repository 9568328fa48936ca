import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { startTestStack, type TestStack } from '../../../../support/stack';
import { runActionNode } from '../../../../support/workflow';

const APP = 'test-app';
const locator = (value: string) => ({ __rl: true, mode: 'id', value });

// The application's default formatters: a decoder, and an encoder that chooses the FPort.
const defaultDecoder =
	'function decodeUplink(input) { return { data: { byDefault: input.bytes[0] } }; }';
const defaultEncoder =
	'function encodeDownlink(input) { return { bytes: [input.data.level], fPort: 42 }; }';
const ownDecoder = 'function decodeUplink(input) { return { data: { own: input.bytes[0] } }; }';
const ownEncoder =
	'function encodeDownlink(input) { return { bytes: [input.data.level, 0], fPort: 7 }; }';

const applicationDefaults = {
	up_formatter: 'FORMATTER_JAVASCRIPT',
	up_formatter_parameter: defaultDecoder,
	down_formatter: 'FORMATTER_JAVASCRIPT',
	down_formatter_parameter: defaultEncoder,
};

describe('Device payload formatters (Create and Update)', () => {
	let stack: TestStack;

	beforeEach(async () => {
		stack = await startTestStack();
		stack.sim.state().applicationLinks.set(APP, { default_formatters: applicationDefaults });
	});

	afterEach(async () => {
		expect(stack.sim.contractViolations()).toEqual([]);
		await stack.close();
	});

	const create = (
		deviceId: string,
		additionalFields: INodeParameters,
		credentials = stack.credentials,
	) =>
		runActionNode({
			parameters: {
				resource: 'device',
				operation: 'create',
				applicationId: locator(APP),
				activationMode: 'abp',
				deviceId,
				devAddr: `260B00${deviceId.length.toString(16).padStart(2, '0')}`,
				frequencyPlanId: 'EU_863_870_TTN',
				lorawanVersion: 'MAC_V1_0_3',
				lorawanPhyVersion: 'PHY_V1_0_3_REV_A',
				additionalFields,
				options: { generateKeys: true },
			},
			credentials,
		});

	const update = (deviceId: string, updateFields: INodeParameters) =>
		runActionNode({
			parameters: {
				resource: 'device',
				operation: 'update',
				applicationId: locator(APP),
				deviceId: locator(deviceId),
				updateFields,
			},
			credentials: stack.credentials,
		});

	/** The device's formatters as the Application Server stores them. */
	const storedFormatters = (deviceId: string) =>
		stack.sim.state().applicationServer.devices.get(`${APP}.${deviceId}`)?.formatters as
			IDataObject | undefined;

	/** Pushes {level: 5} without FPort, as the Downlink node does for a JSON list. */
	const pushLevel = (deviceId: string) =>
		runActionNode({
			parameters: {
				resource: 'downlink',
				operation: 'push',
				applicationId: locator(APP),
				deviceId: locator(deviceId),
				downlinkInput: 'json',
				downlinksJson: '[{"decoded_payload": {"level": 5}}]',
			},
			credentials: stack.credentials,
		});

	const decodedUplink = (deviceId: string) =>
		(
			stack.sim.sendUplink({
				applicationId: APP,
				deviceId,
				fPort: 1,
				payload: Buffer.from([9]),
			}).uplink_message as IDataObject
		).decoded_payload;

	const asWrites = () =>
		stack.sim
			.requestLog()
			.filter((entry) => entry.method === 'PUT' && entry.path.includes('/as/'))
			.map((entry) => ((entry.body as IDataObject).field_mask as IDataObject).paths);

	describe('Create', () => {
		it('writes no formatters when both directions use the application default', async () => {
			const result = await create('both-default', {
				uplinkFormatter: 'APPLICATION_DEFAULT',
				downlinkFormatter: 'APPLICATION_DEFAULT',
			});
			expect(result.error).toBeUndefined();
			expect(storedFormatters('both-default')).toBeUndefined();
			expect(decodedUplink('both-default')).toEqual({ byDefault: 9 });
		});

		it('keeps the application default downlink encoder when only the uplink formatter is set', async () => {
			const result = await create('own-uplink', {
				uplinkFormatter: 'FORMATTER_JAVASCRIPT',
				uplinkFormatterScript: ownDecoder,
			});
			expect(result.error).toBeUndefined();
			expect(storedFormatters('own-uplink')).toEqual({
				up_formatter: 'FORMATTER_JAVASCRIPT',
				up_formatter_parameter: ownDecoder,
				down_formatter: 'FORMATTER_JAVASCRIPT',
				down_formatter_parameter: defaultEncoder,
			});
			expect(decodedUplink('own-uplink')).toEqual({ own: 9 });
			expect((await pushLevel('own-uplink')).error).toBeUndefined();
			expect(stack.sim.downlinkQueue(APP, 'own-uplink')).toEqual([
				expect.objectContaining({ f_port: 42, frm_payload: 'BQ==' }),
			]);
		});

		it('switches decoding off with "None", keeping the application default for the other direction', async () => {
			const result = await create('no-decoder', { uplinkFormatter: 'FORMATTER_NONE' });
			expect(result.error).toBeUndefined();
			expect(storedFormatters('no-decoder')).toEqual({
				up_formatter: 'FORMATTER_NONE',
				down_formatter: 'FORMATTER_JAVASCRIPT',
				down_formatter_parameter: defaultEncoder,
			});
			expect(decodedUplink('no-decoder')).toBeUndefined();
			expect((await pushLevel('no-decoder')).error).toBeUndefined();
		});

		it('writes both formatters as given, without reading the application default', async () => {
			const result = await create('own-both', {
				uplinkFormatter: 'FORMATTER_CAYENNELPP',
				downlinkFormatter: 'FORMATTER_JAVASCRIPT',
				downlinkFormatterScript: ownEncoder,
			});
			expect(result.error).toBeUndefined();
			expect(storedFormatters('own-both')).toEqual({
				up_formatter: 'FORMATTER_CAYENNELPP',
				down_formatter: 'FORMATTER_JAVASCRIPT',
				down_formatter_parameter: ownEncoder,
			});
			expect(stack.sim.requestLog().some((entry) => entry.path.endsWith('/link'))).toBe(false);
			expect(result.items[0].json.formatters).toEqual(storedFormatters('own-both'));
		});

		it('reads the application default once for all the rows of a bulk creation', async () => {
			const result = await runActionNode({
				parameters: {
					resource: 'device',
					operation: 'create',
					applicationId: locator(APP),
					activationMode: 'abp',
					deviceId: '={{ $json.id }}',
					devAddr: '={{ $json.addr }}',
					frequencyPlanId: 'EU_863_870_TTN',
					lorawanVersion: 'MAC_V1_0_3',
					lorawanPhyVersion: 'PHY_V1_0_3_REV_A',
					additionalFields: { uplinkFormatter: 'FORMATTER_CAYENNELPP' },
					options: { generateKeys: true },
				},
				items: [1, 2, 3].map((n) => ({ json: { id: `row-${n}`, addr: `260B020${n}` } })),
				credentials: stack.credentials,
			});
			expect(result.error).toBeUndefined();
			expect(stack.sim.requestLog().filter((entry) => entry.path.endsWith('/link'))).toHaveLength(
				1,
			);
			expect([1, 2, 3].map((n) => storedFormatters(`row-${n}`)?.down_formatter_parameter)).toEqual([
				defaultEncoder,
				defaultEncoder,
				defaultEncoder,
			]);
		});

		it('writes no downlink formatter for an application without defaults', async () => {
			stack.sim.state().applicationLinks.delete(APP);
			const result = await create('no-defaults', { uplinkFormatter: 'FORMATTER_CAYENNELPP' });
			expect(result.error).toBeUndefined();
			expect(storedFormatters('no-defaults')).toEqual({
				up_formatter: 'FORMATTER_CAYENNELPP',
				down_formatter: 'FORMATTER_NONE',
			});
		});

		it('says which right is missing when it cannot read the application default, creating nothing', async () => {
			const { key } = stack.sim.createUserKey('test-user', [
				'RIGHT_APPLICATION_INFO',
				'RIGHT_APPLICATION_DEVICES_READ',
				'RIGHT_APPLICATION_DEVICES_WRITE',
				'RIGHT_APPLICATION_DEVICES_READ_KEYS',
				'RIGHT_APPLICATION_DEVICES_WRITE_KEYS',
			]);
			const result = await create(
				'no-link-right',
				{ uplinkFormatter: 'FORMATTER_CAYENNELPP' },
				{ ...stack.credentials, apiKey: key },
			);
			expect(result.error?.message).toBe(
				'Could not read the application’s default downlink payload formatter, to keep it for this device [item 0]',
			);
			expect((result.error as { description?: string }).description).toMatch(
				/RIGHT_APPLICATION_SETTINGS_BASIC/,
			);
			expect(stack.sim.state().identity.endDevices.get(APP)?.has('no-link-right') ?? false).toBe(
				false,
			);
		});
	});

	describe('Update', () => {
		beforeEach(() => {
			stack.sim.createDevice({
				applicationId: APP,
				deviceId: 'plain',
				activation: 'abp',
				devAddr: '260B0101',
			});
			stack.sim.createDevice({
				applicationId: APP,
				deviceId: 'own',
				activation: 'abp',
				devAddr: '260B0102',
				formatters: {
					up_formatter: 'FORMATTER_CAYENNELPP',
					down_formatter: 'FORMATTER_JAVASCRIPT',
					down_formatter_parameter: ownEncoder,
				},
			});
		});

		it('keeps the application default downlink encoder of a device without formatters', async () => {
			const result = await update('plain', {
				uplinkFormatter: 'FORMATTER_JAVASCRIPT',
				uplinkFormatterScript: ownDecoder,
			});
			expect(result.error).toBeUndefined();
			expect(storedFormatters('plain')).toMatchObject({
				down_formatter: 'FORMATTER_JAVASCRIPT',
				down_formatter_parameter: defaultEncoder,
			});
			expect(asWrites()).toEqual([['formatters']]);
			expect((await pushLevel('plain')).error).toBeUndefined();
			expect(stack.sim.downlinkQueue(APP, 'plain')[0]).toMatchObject({ f_port: 42 });
		});

		it('keeps the device’s own formatter for the direction not given', async () => {
			const result = await update('own', { uplinkFormatter: 'FORMATTER_NONE' });
			expect(result.error).toBeUndefined();
			expect(storedFormatters('own')).toEqual({
				up_formatter: 'FORMATTER_NONE',
				down_formatter: 'FORMATTER_JAVASCRIPT',
				down_formatter_parameter: ownEncoder,
			});
			expect(stack.sim.requestLog().some((entry) => entry.path.endsWith('/link'))).toBe(false);
		});

		it('goes back to the application default in both directions', async () => {
			const result = await update('own', {
				uplinkFormatter: 'APPLICATION_DEFAULT',
				downlinkFormatter: 'APPLICATION_DEFAULT',
			});
			expect(result.error).toBeUndefined();
			expect(storedFormatters('own')).toBeUndefined();
			expect(decodedUplink('own')).toEqual({ byDefault: 9 });
		});

		it('copies the application default for the one direction going back to it', async () => {
			const result = await update('own', { downlinkFormatter: 'APPLICATION_DEFAULT' });
			expect(result.error).toBeUndefined();
			expect(storedFormatters('own')).toEqual({
				up_formatter: 'FORMATTER_CAYENNELPP',
				down_formatter: 'FORMATTER_JAVASCRIPT',
				down_formatter_parameter: defaultEncoder,
			});
		});
	});

	it('refuses bad formatter input before sending anything, naming the item and the field', async () => {
		const cases: Array<[INodeParameters, RegExp]> = [
			[
				{ uplinkFormatter: 'FORMATTER_JAVASCRIPT' },
				/^Uplink Payload Formatter is JavaScript but the script is empty/,
			],
			[
				{ downlinkFormatter: 'FORMATTER_GRPC_SERVICE', downlinkFormatterScript: 'not an address!' },
				/^Downlink Formatter Parameter "not an address!" is not a host name with an optional port/,
			],
			[
				{
					uplinkFormatter: 'FORMATTER_JAVASCRIPT',
					uplinkFormatterScript: `// ${'x'.repeat(40960)}`,
				},
				/^Uplink Formatter Parameter is 40963 bytes long: The Things Stack accepts at most 40960/,
			],
			[
				{ uplinkFormatter: 'FORMATTER_SOMETHING' },
				/^Uplink Payload Formatter "FORMATTER_SOMETHING" is not one of/,
			],
			[
				{
					uplinkFormatter: 'FORMATTER_CAYENNELPP',
					advanced: '{"formatters": {"up_formatter": "FORMATTER_NONE"}}',
				},
				/^Set payload formatters either with the formatter fields or under Advanced Fields, not both/,
			],
		];
		for (const [fields, message] of cases) {
			const result = await create('bad-input', fields);
			expect(result.error?.name).toBe('NodeOperationError');
			expect(result.error?.message).toMatch(message);
			expect(result.error?.message).toMatch(/\[item 0\]$/);
		}
		expect(stack.sim.requestLog().filter((entry) => entry.method !== 'GET')).toEqual([]);
	});
});
