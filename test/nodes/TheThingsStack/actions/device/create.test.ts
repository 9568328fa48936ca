import type { IDataObject } from 'n8n-workflow';

import { registriesHolding, startTestStack, type TestStack } from '../../../../support/stack';
import { runActionNode } from '../../../../support/workflow';
import { api } from '../../../../simulator/helpers';
import { abpCreate, APP, issuedOtaaCreate, otaaCreate as otaaParameters } from './createParameters';

const row = (n: number, extra: IDataObject = {}) => ({
	json: {
		id: `sensor-${n}`,
		dev_eui: `70B3D57ED00${String(n).padStart(5, '0')}`,
		app_key: `${String(n).padStart(2, '0')}112233445566778899AABBCCDDEEFF`.slice(0, 32),
		...extra,
	},
});

describe('Device → Create', () => {
	let stack: TestStack;

	beforeEach(async () => {
		stack = await startTestStack();
	});

	afterEach(async () => {
		expect(stack.sim.contractViolations()).toEqual([]);
		await stack.close();
	});

	it('registers an OTAA 1.0.3 device on the Identity, Join, Network and Application Server in one step', async () => {
		const result = await runActionNode({
			parameters: otaaParameters({
				additionalFields: {
					name: 'Sensor 1',
					attributes: { attribute: [{ name: 'floor', value: '2' }] },
				},
			}),
			items: [row(1)],
			credentials: stack.credentials,
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		const device = result.items[0].json;
		expect(device).toMatchObject({
			ids: {
				device_id: 'sensor-1',
				dev_eui: '70B3D57ED0000001',
				join_eui: '0000000000000000',
				application_ids: { application_id: APP },
			},
			name: 'Sensor 1',
			attributes: { floor: '2' },
			frequency_plan_id: 'EU_863_870_TTN',
			lorawan_version: 'MAC_V1_0_3',
			lorawan_phy_version: 'PHY_V1_0_3_REV_A',
			supports_join: true,
		});
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
		expect(registriesHolding(stack.sim, APP, 'sensor-1')).toEqual(['is', 'js', 'ns', 'as']);

		const log = stack.sim.requestLog().map((entry) => `${entry.method} ${entry.path}`);
		expect(log.filter((line) => line.includes('/devices'))).toEqual([
			`POST /api/v3/applications/${APP}/devices`,
			`PUT /api/v3/js/applications/${APP}/devices/sensor-1`,
			`PUT /api/v3/ns/applications/${APP}/devices/sensor-1`,
			`PUT /api/v3/as/applications/${APP}/devices/sensor-1`,
		]);
		const js = stack.sim.state().joinServer.devices.get(`${APP}.sensor-1`) as IDataObject;
		expect((js.root_keys as IDataObject).app_key).toEqual({
			key: '01112233445566778899AABBCCDDEEFF',
		});
	});

	// pkg/webui/console/components/lorawan-version-input: LoRaWAN 1.1 goes with RP001 1.1 and RP002.
	it.each([
		[31, 'PHY_V1_1_REV_B'],
		[32, 'RP002_V1_0_3'],
	])(
		'registers a LoRaWAN 1.1 OTAA device with its NwkKey (sensor-%i, %s)',
		async (n, phyVersion) => {
			const result = await runActionNode({
				parameters: otaaParameters({
					lorawanVersion: 'MAC_V1_1',
					lorawanPhyVersion: phyVersion,
					nwkKey: 'FFEEDDCCBBAA99887766554433221100',
				}),
				items: [row(n)],
				credentials: stack.credentials,
			});
			expect(result.error).toBeUndefined();
			const js = stack.sim.state().joinServer.devices.get(`${APP}.sensor-${n}`) as IDataObject;
			expect((js.root_keys as IDataObject).nwk_key).toEqual({
				key: 'FFEEDDCCBBAA99887766554433221100',
			});
			const ns = stack.sim.state().networkServer.devices.get(`${APP}.sensor-${n}`) as IDataObject;
			expect(ns).toMatchObject({ lorawan_version: 'MAC_V1_1', lorawan_phy_version: phyVersion });
		},
	);

	it('registers an ABP device with its session on the Network and Application Server only', async () => {
		const result = await runActionNode({
			parameters: abpCreate({
				deviceId: 'abp-1',
				devAddr: '260B1234',
				appSKey: '00112233445566778899AABBCCDDEEFF',
				nwkSKey: 'FFEEDDCCBBAA99887766554433221100',
				lorawanVersion: 'MAC_V1_0_2',
				lorawanPhyVersion: 'PHY_V1_0_2_REV_B',
			}),
			credentials: stack.credentials,
		});
		expect(result.error).toBeUndefined();
		expect(registriesHolding(stack.sim, APP, 'abp-1')).toEqual(['is', 'ns', 'as']);
		expect(result.items[0].json).toMatchObject({
			supports_join: false,
			session: { dev_addr: '260B1234' },
		});
		const ns = stack.sim.state().networkServer.devices.get(`${APP}.abp-1`) as IDataObject;
		expect(((ns.session as IDataObject).keys as IDataObject).f_nwk_s_int_key).toEqual({
			key: 'FFEEDDCCBBAA99887766554433221100',
		});
	});

	it('says in words that the server issues no DevEUIs when it has no DevEUI block', async () => {
		const withoutBlock = await startTestStack({ devEuiBlock: false });
		try {
			const result = await runActionNode({
				parameters: issuedOtaaCreate(),
				items: [{ json: {} }],
				credentials: withoutBlock.credentials,
			});
			expect(result.error?.message).toMatch(/DevEUI issuing not configured/);
			expect((result.error as { description?: string }).description).toMatch(
				/issues no DevEUIs.*Enter the DevEUI/s,
			);
			expect(registriesHolding(withoutBlock.sim, APP, '')).toEqual([]);
			expect(withoutBlock.sim.state().identity.endDevices.get(APP)?.size ?? 0).toBe(0);
		} finally {
			await withoutBlock.close();
		}
	});

	// pkg/internal/registry UniqueEUIViolationErr: the Join, Network and Application Servers answer
	// end_device_euis_taken for a pair one of their devices holds (duplicate_identifiers is only a
	// Join Server error at join time).
	it('explains a JoinEUI/DevEUI pair left on the Join Server by a device deleted from the Identity Server only', async () => {
		stack.sim.createDevice({ applicationId: APP, deviceId: 'old', devEui: '70B3D57ED0000042' });
		// Deleted from the Identity Server only, as a client that stops half way leaves it.
		await api(stack.sim, 'DELETE', `/applications/${APP}/devices/old`, { key: stack.apiKey });
		const create = () =>
			runActionNode({
				parameters: otaaParameters(),
				items: [row(42, { id: 'fresh-42' })],
				credentials: stack.credentials,
			});
		const refused = await create();
		expect(refused.error?.message).toMatch(/already registered as `old`/);
		expect((refused.error as { description?: string }).description).toMatch(
			/\n\nDevice "old" of application "test-app" still holds JoinEUI 0000000000000000 and DevEUI 70B3D57ED0000042 on this server, often a leftover of a device deleted from the Identity Server only\. Delete it with Device → Delete/,
		);
		expect(registriesHolding(stack.sim, APP, 'fresh-42')).toEqual([]);
		const cleanup = await runActionNode({
			parameters: {
				resource: 'device',
				operation: 'deleteDevice',
				applicationId: { __rl: true, mode: 'id', value: APP },
				deviceId: { __rl: true, mode: 'id', value: 'old' },
			},
			items: [{ json: {} }],
			credentials: stack.credentials,
		});
		expect(cleanup.error).toBeUndefined();
		expect((await create()).error).toBeUndefined();
	});

	it('generates missing keys and issues the DevEUI from the application block when asked', async () => {
		const result = await runActionNode({
			parameters: issuedOtaaCreate(),
			items: [{ json: {} }],
			credentials: stack.credentials,
		});
		expect(result.error).toBeUndefined();
		const device = result.items[0].json;
		const devEui = (device.ids as IDataObject).dev_eui as string;
		expect(devEui).toMatch(/^[0-9A-F]{16}$/);
		expect((device.ids as IDataObject).device_id).toBe(`eui-${devEui.toLowerCase()}`);
		const appKey = (device.generated_keys as IDataObject).appKey as string;
		expect(appKey).toMatch(/^[0-9A-F]{32}$/);
		const js = stack.sim
			.state()
			.joinServer.devices.get(`${APP}.eui-${devEui.toLowerCase()}`) as IDataObject;
		expect((js.root_keys as IDataObject).app_key).toEqual({ key: appKey });
	});

	it('validates every item before sending anything, naming the item and the field', async () => {
		const result = await runActionNode({
			parameters: otaaParameters(),
			items: [row(3), row(4, { dev_eui: '70B3D57ED00000' }), row(5)],
			credentials: stack.credentials,
		});
		expect(result.error?.message).toBe(
			'DevEUI "70B3D57ED00000" has 14 hex digits; it needs 16 (8 bytes) [item 1]',
		);
		expect(stack.sim.requestLog().filter((entry) => entry.path.includes('/devices'))).toEqual([]);
		expect(registriesHolding(stack.sim, APP, 'sensor-3')).toEqual([]);
	});

	it('rejects a regional parameters version the band does not define, before sending anything', async () => {
		const result = await runActionNode({
			parameters: otaaParameters({
				frequencyPlanId: 'AU_915_928_FSB_2',
				lorawanVersion: 'MAC_V1_0',
				lorawanPhyVersion: 'PHY_V1_0',
			}),
			items: [row(6)],
			credentials: stack.credentials,
		});
		expect(result.error?.message).toBe(
			'Regional Parameters Version PHY_V1_0 is not defined for band AU_915_928 of frequency plan AU_915_928_FSB_2 [item 0]',
		);
		expect(stack.sim.requestLog().filter((entry) => entry.path.includes('/devices'))).toEqual([]);
	});

	it('rejects an unknown frequency plan before sending anything', async () => {
		const result = await runActionNode({
			parameters: otaaParameters({ frequencyPlanId: 'MARS_1' }),
			items: [row(7)],
			credentials: stack.credentials,
		});
		expect(result.error?.message).toBe(
			'Frequency Plan "MARS_1" is not known to the server [item 0]',
		);
		expect(stack.sim.requestLog().filter((entry) => entry.path.includes('/devices'))).toEqual([]);
	});

	it.each([
		['js', 'Join Server', 'JsEndDeviceRegistry.Set'],
		['ns', 'Network Server', 'NsEndDeviceRegistry.Set'],
		['as', 'Application Server', 'AsEndDeviceRegistry.Set'],
	] as const)(
		'rolls back everything when the %s step fails, and says so on the item',
		async (component, server, rpc) => {
			stack.sim.faults.failComponent({
				component,
				devices: ['sensor-9'],
				rpcs: [rpc],
				error: 'pkg/rpcmiddleware/validator:field_mask_paths',
				attributes: { forbidden_paths: ['x'] },
			});
			const result = await runActionNode({
				parameters: otaaParameters(),
				items: [row(8), row(9), row(10)],
				credentials: stack.credentials,
				onError: 'continueRegularOutput',
			});
			expect(result.error).toBeUndefined();
			expect(result.items.map((item) => item.pairedItem)).toEqual([
				{ item: 0 },
				{ item: 1 },
				{ item: 2 },
			]);
			const failed = result.items[1].json as IDataObject & { details: IDataObject };
			expect(failed.error).toMatch(
				new RegExp(
					`^Could not register device "sensor-9" on the ${server}: .*\\(rolled back\\) \\[item 1\\]$`,
				),
			);
			expect(failed.details as IDataObject).toMatchObject({
				item: 1,
				step: server,
				rollback: 'complete',
				ttsError: 'pkg/rpcmiddleware/validator:field_mask_paths',
			});
			expect(registriesHolding(stack.sim, APP, 'sensor-9')).toEqual([]);
			expect(registriesHolding(stack.sim, APP, 'sensor-8')).toEqual(['is', 'js', 'ns', 'as']);
			expect(registriesHolding(stack.sim, APP, 'sensor-10')).toEqual(['is', 'js', 'ns', 'as']);
		},
	);

	it('reports an incomplete rollback and where the device is left', async () => {
		stack.sim.faults.failComponent({
			component: 'as',
			devices: ['sensor-11'],
			rpcs: ['AsEndDeviceRegistry.Set'],
			error: 'pkg/applicationserver:device_not_found',
		});
		stack.sim.faults.failComponent({
			component: 'ns',
			devices: ['sensor-11'],
			rpcs: ['NsEndDeviceRegistry.Delete'],
			error: 'pkg/auth/rights:insufficient_application_rights',
			attributes: { uid: APP, missing: ['RIGHT_APPLICATION_DEVICES_WRITE'] },
		});
		const result = await runActionNode({
			parameters: otaaParameters(),
			items: [row(11)],
			credentials: stack.credentials,
			onError: 'continueRegularOutput',
		});
		const failed = result.items[0].json as IDataObject & { details: IDataObject };
		expect(failed.details.rollback).toBe('incomplete');
		expect(failed.details.remainingOn).toEqual(['Identity Server', 'Network Server']);
		expect(failed.error).toMatch(/rollback incomplete: still on Identity Server, Network Server/);
		expect(registriesHolding(stack.sim, APP, 'sensor-11')).toEqual(['is', 'ns']);
	});

	it('fails on an existing device by default, and updates it with "If the Device Exists: Update It"', async () => {
		await runActionNode({
			parameters: otaaParameters(),
			items: [row(12)],
			credentials: stack.credentials,
		});
		const again = await runActionNode({
			parameters: otaaParameters(),
			items: [row(12)],
			credentials: stack.credentials,
		});
		expect(again.error?.message).toMatch(
			/^Could not register device "sensor-12" on the Identity Server: .*ID already taken/,
		);
		expect(registriesHolding(stack.sim, APP, 'sensor-12')).toEqual(['is', 'js', 'ns', 'as']);

		const update = await runActionNode({
			parameters: otaaParameters({
				additionalFields: { name: 'Renamed' },
				options: { ifExists: 'update' },
			}),
			items: [row(12, { app_key: 'AABBCCDDEEFF00112233445566778899' })],
			credentials: stack.credentials,
		});
		expect(update.error).toBeUndefined();
		expect(update.items[0].json.name).toBe('Renamed');
		const js = stack.sim.state().joinServer.devices.get(`${APP}.sensor-12`) as IDataObject;
		expect((js.root_keys as IDataObject).app_key).toEqual({
			key: 'AABBCCDDEEFF00112233445566778899',
		});
	});

	it('refuses to update an existing device with other EUIs', async () => {
		await runActionNode({
			parameters: otaaParameters(),
			items: [row(13)],
			credentials: stack.credentials,
		});
		const update = await runActionNode({
			parameters: otaaParameters({ options: { ifExists: 'update' } }),
			items: [row(13, { dev_eui: '70B3D57ED0FFFFFF' })],
			credentials: stack.credentials,
		});
		expect(update.error?.message).toMatch(
			/exists with DevEUI 70B3D57ED0000013, not 70B3D57ED0FFFFFF/,
		);
	});

	it('leaves keys out of the output unless Include Keys is on', async () => {
		const given = await runActionNode({
			parameters: otaaParameters(),
			items: [row(60)],
			credentials: stack.credentials,
		});
		expect(given.error).toBeUndefined();
		const output = JSON.stringify(given.items[0].json);
		expect(output).not.toContain(row(60).json.app_key);
		expect(given.items[0].json.root_keys).toBeUndefined();
		expect(given.items[0].json.generated_keys).toBeUndefined();

		const asked = await runActionNode({
			parameters: otaaParameters({ options: { includeKeys: true } }),
			items: [row(61)],
			credentials: stack.credentials,
		});
		expect(asked.items[0].json).toMatchObject({
			root_keys: { app_key: { key: row(61).json.app_key } },
		});
	});

	it('leaves ABP session keys out of the output, but always returns the keys it generated', async () => {
		const result = await runActionNode({
			parameters: abpCreate({
				deviceId: 'abp-keys',
				devAddr: '260B1235',
				appSKey: '00112233445566778899AABBCCDDEEFF',
				options: { generateKeys: true },
			}),
			credentials: stack.credentials,
		});
		expect(result.error).toBeUndefined();
		const device = result.items[0].json;
		expect(JSON.stringify(device)).not.toContain('00112233445566778899AABBCCDDEEFF');
		const generated = (device.generated_keys as IDataObject).nwkSKey as string;
		expect(Object.keys(device.generated_keys as IDataObject)).toEqual(['nwkSKey']);
		const ns = stack.sim.state().networkServer.devices.get(`${APP}.abp-keys`) as IDataObject;
		expect(((ns.session as IDataObject).keys as IDataObject).f_nwk_s_int_key).toEqual({
			key: generated,
		});
		expect((device.session as IDataObject).keys).toBeUndefined();
	});

	describe('server addresses of another host', () => {
		const externalJoinServer = 'join.example.com';

		it('registers a device with an external Join Server on this cluster’s Network and Application Server only, and says so', async () => {
			const result = await runActionNode({
				parameters: otaaParameters({ additionalFields: { joinServerAddress: externalJoinServer } }),
				items: [row(70)],
				credentials: stack.credentials,
			});
			expect(result.error).toBeUndefined();
			expect(registriesHolding(stack.sim, APP, 'sensor-70')).toEqual(['is', 'ns', 'as']);
			expect(result.items[0].json.skipped_servers).toEqual([
				{
					server: 'Join Server',
					address: externalJoinServer,
					reason: expect.stringMatching(
						/^The device names join\.example\.com as its Join Server, not this cluster \(127\.0\.0\.1\)/,
					),
				},
			]);
			expect(stack.sim.requestLog().some((entry) => entry.path.startsWith('/api/v3/js/'))).toBe(
				false,
			);
		});

		it('registers a device of another cluster on the Identity Server only', async () => {
			const nam1 = 'nam1.cloud.thethings.network';
			const result = await runActionNode({
				parameters: otaaParameters({
					additionalFields: {
						networkServerAddress: nam1,
						applicationServerAddress: nam1,
						joinServerAddress: nam1,
					},
				}),
				items: [row(71)],
				credentials: stack.credentials,
			});
			expect(result.error).toBeUndefined();
			expect(registriesHolding(stack.sim, APP, 'sensor-71')).toEqual(['is']);
			expect(
				(result.items[0].json.skipped_servers as IDataObject[]).map((skipped) => skipped.server),
			).toEqual(['Join Server', 'Network Server', 'Application Server']);
		});

		it('rolls back only on this cluster’s servers', async () => {
			stack.sim.faults.failComponent({
				component: 'as',
				devices: ['sensor-72'],
				rpcs: ['AsEndDeviceRegistry.Set'],
				error: 'pkg/applicationserver:field_value',
				attributes: { field: 'formatters' },
			});
			const result = await runActionNode({
				parameters: otaaParameters({ additionalFields: { joinServerAddress: externalJoinServer } }),
				items: [row(72)],
				credentials: stack.credentials,
				onError: 'continueRegularOutput',
			});
			const failed = result.items[0].json as IDataObject & { details: IDataObject };
			expect(failed.details).toMatchObject({ step: 'Application Server', rollback: 'complete' });
			expect(registriesHolding(stack.sim, APP, 'sensor-72')).toEqual([]);
			expect(
				stack.sim
					.requestLog()
					.filter((entry) => entry.method === 'DELETE')
					.map((entry) => entry.path),
			).toEqual([
				`/api/v3/as/applications/${APP}/devices/sensor-72`,
				`/api/v3/ns/applications/${APP}/devices/sensor-72`,
				`/api/v3/applications/${APP}/devices/sensor-72`,
			]);
		});
	});

	it('provisions many rows concurrently under a rate limit, without a failed item', async () => {
		stack.sim.setRateLimits([
			{
				class: 'grpc:method:/ttn.lorawan.v3.EndDeviceRegistry/Create',
				maxPerMinute: 1200,
				maxBurst: 5,
			},
		]);
		const rows = Array.from({ length: 30 }, (_, n) => row(100 + n));
		const result = await runActionNode({
			parameters: otaaParameters({ options: { concurrency: 8 } }),
			items: rows,
			credentials: stack.credentials,
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => (item.json.ids as IDataObject).device_id)).toEqual(
			rows.map((r) => r.json.id),
		);
		for (const r of rows)
			expect(registriesHolding(stack.sim, APP, r.json.id)).toEqual(['is', 'js', 'ns', 'as']);
	});
});

describe('Device → Create with "Using Error Output"', () => {
	let stack: TestStack;

	beforeEach(async () => {
		stack = await startTestStack();
	});

	afterEach(async () => {
		await stack.close();
	});

	// Merging the input row into the error item needs a node before ours; the e2e bulk example covers it.
	it('sends failed rows to the error output, with the facts under details', async () => {
		const result = await runActionNode({
			parameters: otaaParameters(),
			items: [row(20), row(21, { dev_eui: 'XYZ' }), row(22)],
			credentials: stack.credentials,
			onError: 'continueErrorOutput',
		});
		expect(result.items.map((item) => (item.json.ids as IDataObject).device_id)).toEqual([
			'sensor-20',
			'sensor-22',
		]);
		expect(result.errorItems).toHaveLength(1);
		expect(result.errorItems[0].pairedItem).toEqual({ item: 1 });
		expect(result.errorItems[0].json).toEqual({
			error: 'DevEUI "XYZ" is not hexadecimal [item 1]',
			details: { item: 1, description: 'Nothing was sent to The Things Stack.' },
		});
	});
});
