import { demoUplinkDecoder, startSimulator, Simulator } from '../../../../simulator';
import { api, errorName, openEventStream } from '../../helpers';

describe('Application Server: registry, downlink queue, simulated uplinks', () => {
	let sim: Simulator;
	let key: string;
	beforeAll(async () => {
		sim = await startSimulator({
			downlinkQueueCapacity: 3,
			seed: {
				applications: [{ applicationId: 'app1' }, { applicationId: 'app2' }],
				devices: [
					{
						applicationId: 'app1',
						deviceId: 'joined',
						joined: true,
						formatters: {
							up_formatter: 'FORMATTER_JAVASCRIPT',
							up_formatter_parameter: demoUplinkDecoder,
							down_formatter: 'FORMATTER_JAVASCRIPT',
							down_formatter_parameter:
								'function encodeDownlink(input) { return { bytes: input.data.bytes }; }',
						},
					},
					{ applicationId: 'app1', deviceId: 'not-joined' },
					{ applicationId: 'app1', deviceId: 'abp', activation: 'abp', devAddr: '260B9999' },
				],
			},
		});
		key = sim.createApiKey({
			owner: { application: 'app1' },
			rights: ['RIGHT_APPLICATION_ALL'],
		}).key;
	});
	afterAll(() => sim.close());

	const push = (deviceId: string, downlinks: unknown[], operation = 'push') =>
		api(sim, 'POST', `/as/applications/app1/devices/${deviceId}/down/${operation}`, {
			key,
			body: { downlinks },
		});

	it('upserts with Set and requires non-zero session fields when masked', async () => {
		const ids = {
			device_id: 'as-1',
			application_ids: { application_id: 'app1' },
			dev_eui: '70B3D57ED0000401',
			join_eui: '0000000000000000',
		};
		const empty = await api(sim, 'PUT', '/as/applications/app1/devices/as-1', {
			key,
			body: { end_device: { ids }, field_mask: { paths: [] } },
		});
		expect(empty.status).toBe(200);
		expect(empty.body.ids.device_id).toBe('as-1');
		const zeroKey = await api(sim, 'PUT', '/as/applications/app1/devices/as-1', {
			key,
			body: {
				end_device: {
					ids,
					session: {
						dev_addr: '260B0042',
						keys: { app_s_key: { key: '00000000000000000000000000000000' } },
					},
				},
				field_mask: { paths: ['session.dev_addr', 'session.keys.app_s_key.key'] },
			},
		});
		expect(errorName(zeroKey)).toBe('pkg/applicationserver:field_value');
		expect(zeroKey.body.details[0].attributes).toEqual({ field: 'session.keys.app_s_key.key' });
		const missing = await api(sim, 'GET', '/as/applications/app1/devices/ghost', { key });
		expect(errorName(missing)).toBe('pkg/applicationserver:device_not_found');
		expect(missing.body.details[0].attributes).toEqual({ device_uid: 'app1.ghost' });
	});

	// pkg/applicationserver/grpc_deviceregistry.go Set and Get: DEVICES_WRITE (READ) first, then
	// the _KEYS right in a second check, for the AppSKey and, on Set, the session key ID.
	it('asks for the key rights after the device rights, also for the session key ID', async () => {
		const ids = {
			device_id: 'as-rights',
			application_ids: { application_id: 'app1' },
			dev_eui: '70B3D57ED0000404',
			join_eui: '0000000000000000',
		};
		const withRights = (...rights: string[]) =>
			sim.createApiKey({ owner: { application: 'app1' }, rights }).key;
		const setSession = (paths: string[], withKey: string) =>
			api(sim, 'PUT', '/as/applications/app1/devices/as-rights', {
				key: withKey,
				body: {
					end_device: {
						ids,
						session: {
							dev_addr: '260B0043',
							keys: {
								session_key_id: 'AQI=',
								app_s_key: { key: '000102030405060708090A0B0C0D0E0F' },
							},
						},
					},
					field_mask: { paths },
				},
			});
		const writer = withRights('RIGHT_APPLICATION_DEVICES_WRITE');
		const sessionKeyId = await setSession(['session.keys.session_key_id'], writer);
		expect(errorName(sessionKeyId)).toBe('pkg/auth/rights:insufficient_application_rights');
		expect(sessionKeyId.body.details[0].attributes.missing).toEqual([
			'RIGHT_APPLICATION_DEVICES_WRITE_KEYS',
		]);
		const reader = withRights('RIGHT_APPLICATION_DEVICES_READ');
		const appSKey = await setSession(['session.keys.app_s_key.key'], reader);
		expect(appSKey.body.details[0].attributes.missing).toEqual(['RIGHT_APPLICATION_DEVICES_WRITE']);
		expect((await setSession(['session.dev_addr', 'session.keys.app_s_key.key'], key)).status).toBe(
			200,
		);
		const readKey = await api(
			sim,
			'GET',
			'/as/applications/app1/devices/as-rights?field_mask=session.keys.app_s_key.key',
			{ key: writer },
		);
		expect(readKey.body.details[0].attributes.missing).toEqual(['RIGHT_APPLICATION_DEVICES_READ']);
	});

	// pkg/applicationserver/redis/registry.go Set: a new device with a JoinEUI and a DevEUI takes
	// the pair in the registry's unique index; masked identifiers cannot change afterwards.
	it('keeps JoinEUI/DevEUI pairs unique and masked identifiers read-only', async () => {
		const registered = (deviceId: string, devEui = '70B3D57ED0000405', paths: string[] = []) =>
			api(sim, 'PUT', `/as/applications/app1/devices/${deviceId}`, {
				key,
				body: {
					end_device: {
						ids: {
							device_id: deviceId,
							application_ids: { application_id: 'app1' },
							dev_eui: devEui,
							join_eui: '0000000000000000',
						},
					},
					field_mask: { paths },
				},
			});
		expect((await registered('as-pair-a')).status).toBe(200);
		const taken = await registered('as-pair-b');
		expect(taken.status).toBe(409);
		expect(errorName(taken)).toBe('pkg/internal/registry:end_device_euis_taken');
		expect(taken.body.details[0].attributes).toMatchObject({
			device_id: 'as-pair-a',
			application_id: 'app1',
		});
		expect((await registered('as-pair-a', '70B3D57ED0000406')).status).toBe(200);
		const changed = await registered('as-pair-a', '70B3D57ED0000406', ['ids.dev_eui']);
		expect(errorName(changed)).toBe('pkg/applicationserver/redis:read_only_field');
		expect(changed.body.details[0].attributes).toEqual({ field: 'ids.dev_eui' });
		await api(sim, 'DELETE', '/as/applications/app1/devices/as-pair-a', { key });
		expect((await registered('as-pair-b')).status).toBe(200);
	});

	it('refuses downlinks for a device without a session, even an empty replace', async () => {
		const pushed = await push('not-joined', [{ f_port: 1, frm_payload: 'AQ==' }]);
		expect(pushed.status).toBe(400);
		expect(errorName(pushed)).toBe('pkg/applicationserver:no_device_session');
		expect(pushed.body.message).toBe(
			'error:pkg/applicationserver:no_device_session (no device session; check device activation)',
		);
		expect(errorName(await push('not-joined', [], 'replace'))).toBe(
			'pkg/applicationserver:no_device_session',
		);
	});

	it('applies the FPort rules', async () => {
		expect(errorName(await push('abp', [{ frm_payload: 'AQ==' }]))).toBe(
			'pkg/applicationserver:no_f_port',
		);
		expect(errorName(await push('abp', [{ f_port: 224, frm_payload: 'AQ==' }]))).toBe(
			'pkg/errors:validation',
		);
		expect(errorName(await push('abp', [{ f_port: 256, frm_payload: 'AQ==' }]))).toBe(
			'pkg/errors:validation',
		);
	});

	it('pushes, replaces, clears and lists the queue; enforces capacity', async () => {
		expect(
			(
				await push('abp', [
					{ f_port: 1, frm_payload: 'AQ==' },
					{ f_port: 2, frm_payload: 'Ag==', confirmed: true },
				])
			).status,
		).toBe(200);
		const listed = await api(sim, 'GET', '/as/applications/app1/devices/abp/down', { key });
		expect(listed.body.downlinks.map((d: { f_port: number }) => d.f_port)).toEqual([1, 2]);
		expect(listed.body.downlinks[1].confirmed).toBe(true);
		expect(listed.body.downlinks[0].f_cnt).toBe(1);
		const overCapacity = await push('abp', [
			{ f_port: 3, frm_payload: 'Aw==' },
			{ f_port: 4, frm_payload: 'BA==' },
		]);
		expect(overCapacity.status).toBe(429);
		expect(errorName(overCapacity)).toBe('pkg/networkserver:downlink_queue_capacity');
		expect((await push('abp', [{ f_port: 9, frm_payload: 'CQ==' }], 'replace')).status).toBe(200);
		expect(
			(await api(sim, 'GET', '/as/applications/app1/devices/abp/down', { key })).body.downlinks,
		).toHaveLength(1);
		expect((await push('abp', [], 'replace')).status).toBe(200);
		expect((await api(sim, 'GET', '/as/applications/app1/devices/abp/down', { key })).body).toEqual(
			{},
		);
	});

	it('encodes decoded_payload with the device downlink formatter', async () => {
		await push(
			'joined',
			[
				{ f_port: 5, decoded_payload: { bytes: [1, 2, 3] } },
				{ f_port: 6, decoded_payload: { bytes: [255] } },
			],
			'replace',
		);
		const queue = sim.downlinkQueue('app1', 'joined');
		expect(queue.map((downlink) => [downlink.f_port, downlink.frm_payload])).toEqual([
			[5, 'AQID'],
			[6, '/w=='],
		]);
		// The queue holds the encoded (in TTS: encrypted) payload only, no decoded payload.
		expect(queue[0].decoded_payload).toBeUndefined();
	});

	it('publishes as.down.data.receive for queued downlinks', async () => {
		const stream = await openEventStream(sim.url, key, {
			identifiers: [{ application_ids: { application_id: 'app1' } }],
			names: ['as.down.data.receive'],
		});
		await stream.messages(1);
		await push('joined', [{ f_port: 7, frm_payload: 'Bw==' }]);
		const [event] = await stream.messages(1);
		const result = event.result as { name: string; data: { f_port: number; '@type': string } };
		expect(result.name).toBe('as.down.data.receive');
		expect(result.data['@type']).toBe('type.googleapis.com/ttn.lorawan.v3.ApplicationDownlink');
		expect(result.data.f_port).toBe(7);
		stream.close();
	});

	it('simulates an uplink: {} at once, then as.up.data.receive (device only) and as.up.data.forward decoded', async () => {
		const appStream = await openEventStream(sim.url, key, {
			identifiers: [{ application_ids: { application_id: 'app1' } }],
			names: ['/^as\\.up\\.data\\./'],
		});
		const deviceStream = await openEventStream(sim.url, key, {
			identifiers: [
				{ device_ids: { device_id: 'joined', application_ids: { application_id: 'app1' } } },
			],
			names: ['as.up.data.receive', 'as.up.data.forward'],
		});
		await appStream.messages(1);
		await deviceStream.messages(1);
		const payload = Buffer.from([0x08, 0x34, 0x5a, 0x0c, 0xe4]).toString('base64');
		const response = await api(sim, 'POST', '/as/applications/app1/devices/joined/up/simulate', {
			key,
			body: {
				uplink_message: {
					f_port: 1,
					frm_payload: payload,
					rx_metadata: [
						{ gateway_ids: { gateway_id: 'test' }, rssi: 42, channel_rssi: 42, snr: 4.2 },
					],
					settings: {
						data_rate: { lora: { bandwidth: 125000, spreading_factor: 7 } },
						frequency: '868000000',
					},
				},
			},
		});
		expect(response.status).toBe(200);
		expect(response.body).toEqual({});
		const deviceEvents = await deviceStream.messages(2);
		expect(deviceEvents.map((event) => (event.result as { name: string }).name)).toEqual([
			'as.up.data.receive',
			'as.up.data.forward',
		]);
		const [forward] = await appStream.messages(1);
		const result = forward.result as {
			name: string;
			data: { simulated: boolean; uplink_message: { decoded_payload: unknown } };
		};
		expect(result.name).toBe('as.up.data.forward');
		expect(result.data.simulated).toBe(true);
		expect(result.data.uplink_message.decoded_payload).toEqual({
			temperature: 21,
			humidity: 45,
			battery: 3.3,
		});
		appStream.close();
		deviceStream.close();
	});

	it('validates simulated uplinks', async () => {
		const noDataRate = await api(sim, 'POST', '/as/applications/app1/devices/joined/up/simulate', {
			key,
			body: {
				uplink_message: { f_port: 1, frm_payload: 'AQ==', settings: { frequency: '868000000' } },
			},
		});
		expect(noDataRate.status).toBe(400);
		expect(noDataRate.body.details[0].attributes.field).toBe('uplink_message.settings.data_rate');
		const simulated = await api(sim, 'POST', '/as/applications/app1/devices/joined/up/simulate', {
			key,
			body: {
				simulated: true,
				uplink_message: {
					f_port: 1,
					settings: { data_rate: { lora: { bandwidth: 125000, spreading_factor: 7 } } },
				},
			},
		});
		expect(errorName(simulated)).toBe('pkg/applicationserver/io/grpc:simulated');
		const reader = sim.createApiKey({
			owner: { application: 'app1' },
			rights: ['RIGHT_APPLICATION_TRAFFIC_READ'],
		}).key;
		const denied = await api(sim, 'POST', '/as/applications/app1/devices/joined/up/simulate', {
			key: reader,
			body: {},
		});
		expect(denied.body.details[0].attributes.missing).toEqual([
			'RIGHT_APPLICATION_TRAFFIC_UP_WRITE',
		]);
	});

	it('refuses simulated traffic before asking for the rights of the caller', async () => {
		const simulatedBody = {
			simulated: true,
			uplink_message: {
				f_port: 1,
				settings: { data_rate: { lora: { bandwidth: 125000, spreading_factor: 7 } } },
			},
		};
		const stranger = sim.createApiKey({
			owner: { application: 'app2' },
			rights: ['RIGHT_APPLICATION_ALL'],
		}).key;
		for (const caller of [stranger, undefined]) {
			const refused = await api(sim, 'POST', '/as/applications/app1/devices/joined/up/simulate', {
				key: caller,
				body: simulatedBody,
			});
			expect(refused.status).toBe(400);
			expect(errorName(refused)).toBe('pkg/applicationserver/io/grpc:simulated');
		}
	});

	// pkg/auth/rights/fetcher.go accessFetcher: the AS asks the Identity Server for the rights with
	// the caller's forwarded credentials (pkg/rpcmetadata WithForwardedAuth), and has none to forward.
	it.each([
		['POST', '/as/applications/app1/devices/abp/down/push', { downlinks: [] }],
		['POST', '/as/applications/app1/devices/abp/down/replace', { downlinks: [] }],
		['GET', '/as/applications/app1/devices/abp/down', undefined],
		['POST', '/as/applications/app1/devices/abp/up/simulate', {}],
		['GET', '/as/applications/app1/link', undefined],
		[
			'PUT',
			'/as/applications/app1/link',
			{ link: {}, field_mask: { paths: ['default_formatters'] } },
		],
	])(
		'answers %s %s without credentials with pkg/rpcmetadata:unauthenticated',
		async (method, path, body) => {
			const response = await api(sim, method, path, { body });
			expect(response.status).toBe(401);
			expect(errorName(response)).toBe('pkg/rpcmetadata:unauthenticated');
		},
	);

	it('keeps application links behind RIGHT_APPLICATION_SETTINGS_BASIC; a link never set is not found', async () => {
		const linker = sim.createApiKey({
			owner: { application: 'app1' },
			rights: ['RIGHT_APPLICATION_LINK'],
		}).key;
		const settings = sim.createApiKey({
			owner: { application: 'app1' },
			rights: ['RIGHT_APPLICATION_SETTINGS_BASIC'],
		}).key;
		const denied = await api(sim, 'GET', '/as/applications/app1/link', { key: linker });
		expect(errorName(denied)).toBe('pkg/auth/rights:insufficient_application_rights');
		expect(denied.body.details[0].attributes.missing).toEqual(['RIGHT_APPLICATION_SETTINGS_BASIC']);
		const never = await api(sim, 'GET', '/as/applications/app2/link', {
			key: sim.createAdminKey().key,
		});
		expect(never.status).toBe(404);
		expect(errorName(never)).toBe('pkg/redis:not_found');
		const set = await api(sim, 'PUT', '/as/applications/app1/link', {
			key: settings,
			body: {
				link: { default_formatters: { up_formatter: 'FORMATTER_CAYENNELPP' } },
				field_mask: { paths: ['default_formatters.up_formatter'] },
			},
		});
		expect(set.body).toEqual({ default_formatters: { up_formatter: 'FORMATTER_CAYENNELPP' } });
		const read = await api(sim, 'GET', '/as/applications/app1/link', {
			key: settings,
			body: undefined,
		});
		expect(read.body.default_formatters).toEqual({ up_formatter: 'FORMATTER_CAYENNELPP' });
	});

	it('refuses formatter parameters over 40960 runes or bytes, before writing', async () => {
		const ids = {
			device_id: 'big-script',
			application_ids: { application_id: 'app1' },
			dev_eui: '70B3D57ED0000402',
			join_eui: '0000000000000000',
		};
		const tooManyRunes = await api(sim, 'PUT', '/as/applications/app1/devices/big-script', {
			key,
			body: {
				end_device: {
					ids,
					formatters: {
						up_formatter: 'FORMATTER_JAVASCRIPT',
						up_formatter_parameter: 'x'.repeat(40961),
					},
				},
				field_mask: { paths: ['formatters'] },
			},
		});
		expect(errorName(tooManyRunes)).toBe('pkg/errors:validation');
		expect(tooManyRunes.body.details[0].attributes).toMatchObject({
			field: 'end_device.formatters.up_formatter_parameter',
			name: 'max_len',
		});
		// 20481 two-byte characters: few enough runes for the validator, too many bytes for the AS.
		const tooManyBytes = await api(sim, 'PUT', '/as/applications/app1/link', {
			key,
			body: {
				link: { default_formatters: { down_formatter_parameter: 'é'.repeat(20481) } },
				field_mask: { paths: ['default_formatters.down_formatter_parameter'] },
			},
		});
		expect(errorName(tooManyBytes)).toBe('pkg/applicationserver:field_value');
		expect(tooManyBytes.body.details[0].attributes).toEqual({
			field: 'default_formatters.down_formatter_parameter',
		});
		expect(tooManyBytes.body.details[0].cause).toMatchObject({
			name: 'formatter_script_too_large',
			attributes: { size: 40962, max_size: 40960 },
		});
		expect(sim.state().applicationServer.devices.has('app1.big-script')).toBe(false);
	});

	it('creates the formatters object for a masked sub-field, as SetFields does', async () => {
		const ids = {
			device_id: 'sub-field',
			application_ids: { application_id: 'app1' },
			dev_eui: '70B3D57ED0000403',
			join_eui: '0000000000000000',
		};
		const written = await api(sim, 'PUT', '/as/applications/app1/devices/sub-field', {
			key,
			body: {
				end_device: { ids, formatters: {} },
				field_mask: { paths: ['formatters.down_formatter'] },
			},
		});
		expect(written.status).toBe(200);
		expect(sim.state().applicationServer.devices.get('app1.sub-field')?.formatters).toEqual({});
	});

	it('uses the application link default formatters when the device has none', async () => {
		const link = await api(sim, 'PUT', '/as/applications/app1/link', {
			key,
			body: {
				link: {
					default_formatters: {
						down_formatter: 'FORMATTER_JAVASCRIPT',
						down_formatter_parameter:
							'function encodeDownlink(input) { return { bytes: [input.data.level] }; }',
					},
				},
				field_mask: { paths: ['default_formatters'] },
			},
		});
		expect(link.status).toBe(200);
		await push('abp', [{ f_port: 1, decoded_payload: { level: 255 } }], 'replace');
		expect(sim.downlinkQueue('app1', 'abp')[0].frm_payload).toBe('/w==');
	});
});
