import { startSimulator, Simulator } from '../../../../simulator';
import { api, errorName } from '../../helpers';

// pkg/devicerepository/grpc.go and its stores (store/bleve/store.go for lists, store/remote/
// remote.go for templates and codecs), over the simulator's lorawan-devices catalogue.
const ASSETS = 'https://raw.githubusercontent.com/TheThingsNetwork/lorawan-devices/master/vendor';
const GNSE = '/dr/brands/the-things-industries/models/generic-node-sensor-edition';

describe('Device Repository', () => {
	let sim: Simulator;
	let key: string;

	beforeAll(async () => {
		sim = await startSimulator({ seed: { applications: [{ applicationId: 'app1' }] } });
		// Any authenticated caller: a key of an application with no particular right.
		key = sim.createApiKey({
			owner: { application: 'app1' },
			rights: ['RIGHT_APPLICATION_INFO'],
		}).key;
	});
	const FORBIDDEN_MASK = 'firmware_versions.profiles';
	afterAll(async () => {
		const violations = sim.contractViolations();
		await sim.close();
		// Only the request that asks for a forbidden path on purpose breaks the contract.
		expect(violations.map((violation) => violation.message)).toEqual([
			expect.stringContaining(FORBIDDEN_MASK),
		]);
	});

	const get = (path: string, options: { key?: string } = {}) =>
		api(sim, 'GET', path, { key: 'key' in options ? options.key : key });

	describe('authentication (rights.RequireAuthenticated)', () => {
		it('answers any authenticated caller, whatever its rights', async () => {
			expect((await get('/dr/brands')).status).toBe(200);
		});

		it('refuses a request without credentials with 401 pkg/auth/rights:unauthenticated', async () => {
			const response = await get('/dr/brands', { key: undefined });
			expect(response.status).toBe(401);
			expect(errorName(response)).toBe('pkg/auth/rights:unauthenticated');
		});

		it('refuses a key the Identity Server does not know, with its refusal as the cause', async () => {
			const unknown = 'NNSXS.' + 'A'.repeat(39) + '.' + 'B'.repeat(52);
			const response = await get(`${GNSE}/1.0/EU_863_870/template`, { key: unknown });
			expect(response.status).toBe(401);
			expect(errorName(response)).toBe('pkg/auth/rights:unauthenticated');
			expect(response.body.details[0].cause).toMatchObject({
				namespace: 'pkg/identityserver',
				name: 'api_key_not_found',
			});
		});

		it('validates the request before it authenticates (pkg/rpcmiddleware/validator)', async () => {
			const response = await get('/dr/brands?limit=1001', { key: undefined });
			expect(response.status).toBe(400);
			expect(errorName(response)).toBe('pkg/errors:validation');
		});
	});

	describe('brands', () => {
		it('lists the indexed brands with only brand_id unless the field mask asks for more', async () => {
			const response = await get('/dr/brands');
			expect(response.body).toEqual({
				brands: [
					{ brand_id: 'milesight-iot' },
					{ brand_id: 'dragino' },
					{ brand_id: 'the-things-industries' },
				],
			});
			// A draft vendor and a vendor without models are not in the index.
			expect(response.headers.get('x-total-count')).toBe('3');
		});

		it('adds the fields of the field mask, and turns the logo into a URL of the assets', async () => {
			const response = await get('/dr/brands?field_mask=name,lora_alliance_vendor_id,logo');
			expect(response.body.brands).toEqual([
				{
					brand_id: 'milesight-iot',
					name: 'Milesight IoT Co., Ltd.',
					lora_alliance_vendor_id: 601,
				},
				{
					brand_id: 'dragino',
					name: 'Dragino Technology Co., Limited',
					lora_alliance_vendor_id: 676,
				},
				{
					brand_id: 'the-things-industries',
					name: 'The Things Industries',
					logo: `${ASSETS}/the-things-industries/ttn.png`,
				},
			]);
		});

		it('pages with limit and page (0 is 1, no limit is 1000), X-Total-Count the whole list', async () => {
			const second = await get('/dr/brands?limit=1&page=2');
			expect(second.body.brands).toEqual([{ brand_id: 'dragino' }]);
			expect(second.headers.get('x-total-count')).toBe('3');
			const beyond = await get('/dr/brands?limit=2&page=3');
			expect(beyond.body).toEqual({});
			const first = await get('/dr/brands?limit=1&page=0');
			expect(first.body.brands).toEqual([{ brand_id: 'milesight-iot' }]);
		});

		it('orders by brand_id or name, either way, and refuses other orders', async () => {
			const ids = async (order: string) =>
				(await get(`/dr/brands?order_by=${order}`)).body.brands.map(
					(brand: { brand_id: string }) => brand.brand_id,
				);
			expect(await ids('brand_id')).toEqual(['dragino', 'milesight-iot', 'the-things-industries']);
			expect(await ids('-brand_id')).toEqual(['the-things-industries', 'milesight-iot', 'dragino']);
			expect(await ids('name')).toEqual(['dragino', 'milesight-iot', 'the-things-industries']);
			const refused = await get('/dr/brands?order_by=website');
			expect(refused.status).toBe(400);
			expect(refused.body.details[0].attributes).toMatchObject({ field: 'order_by', name: 'in' });
		});

		it('searches whole words of the brand and of its models, with * wildcards', async () => {
			const search = async (query: string) =>
				(await get(`/dr/brands?search=${encodeURIComponent(query)}`)).body.brands?.map(
					(brand: { brand_id: string }) => brand.brand_id,
				) ?? [];
			expect(await search('dragino')).toEqual(['dragino']);
			// Models are part of their brand's document: LHT65 and the Generic Node measure it.
			expect(await search('humidity')).toEqual([
				'milesight-iot',
				'dragino',
				'the-things-industries',
			]);
			expect(await search('socket')).toEqual(['milesight-iot']);
			expect(await search('lht')).toEqual([]);
			expect(await search('lht*')).toEqual(['dragino']);
			expect(await search('humidity -dragino')).toEqual(['milesight-iot', 'the-things-industries']);
			const tooLong = await get(`/dr/brands?search=${'x'.repeat(101)}`);
			expect(errorName(tooLong)).toBe('pkg/errors:validation');
		});

		it('gets one brand, brand_not_found for one it does not have', async () => {
			const brand = await get('/dr/brands/dragino?field_mask=name');
			expect(brand.body).toEqual({ brand_id: 'dragino', name: 'Dragino Technology Co., Limited' });
			const draft = await get('/dr/brands/example');
			expect(draft.status).toBe(404);
			expect(errorName(draft)).toBe('pkg/devicerepository:brand_not_found');
			expect(draft.body.details[0].attributes).toEqual({ brand_id: 'example' });
			const invalid = await get('/dr/brands/Dragino');
			expect(invalid.status).toBe(400);
			expect(invalid.body.details[0].attributes).toMatchObject({ field: 'brand_id' });
		});
	});

	describe('models', () => {
		it('lists a brand’s models with only brand_id and model_id by default', async () => {
			const response = await get('/dr/brands/dragino/models');
			expect(response.body).toEqual({
				models: [
					{ brand_id: 'dragino', model_id: 'lht65' },
					{ brand_id: 'dragino', model_id: 'laq4-abp' },
				],
			});
			expect(response.headers.get('x-total-count')).toBe('2');
		});

		it('gives firmware versions with their profiles keyed by band ID, and hardware versions', async () => {
			const response = await get(
				'/dr/brands/milesight-iot/models?field_mask=name,hardware_versions,firmware_versions',
			);
			expect(response.body.models[0]).toEqual({
				brand_id: 'milesight-iot',
				model_id: 'em300-th',
				name: 'EM300-TH',
				hardware_versions: [
					{ version: 'v1.0', numeric: 1 },
					{ version: 'v2.0', numeric: 2, part_number: 'EM300-TH-868M' },
				],
				firmware_versions: [
					{
						version: 'v1.1',
						numeric: 1,
						supported_hardware_versions: ['v1.0'],
						profiles: {
							EU_863_870: { profile_id: 'em300-th-eu868', lorawan_certified: true },
						},
					},
					{
						version: 'v1.2',
						numeric: 2,
						supported_hardware_versions: ['v1.0', 'v2.0'],
						profiles: {
							EU_863_870: { profile_id: 'em300-th-eu868', lorawan_certified: true },
							US_902_928: { profile_id: 'em300-th-us915', lorawan_certified: true },
						},
					},
				],
			});
		});

		it('lists the models of every brand on /dr/models, and none of a brand it does not know', async () => {
			const all = await get('/dr/models');
			expect(all.headers.get('x-total-count')).toBe('5');
			expect(all.body.models.map((model: { model_id: string }) => model.model_id)).toEqual([
				'em300-th',
				'ws52x',
				'lht65',
				'laq4-abp',
				'generic-node-sensor-edition',
			]);
			const unknown = await get('/dr/brands/acme/models');
			expect(unknown.status).toBe(200);
			expect(unknown.body).toEqual({});
			expect(unknown.headers.get('x-total-count')).toBe('0');
		});

		it('sorts models by model_id, but leaves order_by name in index order (GetModels ignores it)', async () => {
			const ids = async (order: string) =>
				(await get(`/dr/models?order_by=${order}`)).body.models.map(
					(model: { model_id: string }) => model.model_id,
				);
			expect(await ids('-model_id')).toEqual([
				'ws52x',
				'lht65',
				'laq4-abp',
				'generic-node-sensor-edition',
				'em300-th',
			]);
			expect(await ids('name')).toEqual(await ids(''));
		});

		it('searches models by the words of the model and of its brand', async () => {
			const search = async (query: string) =>
				(await get(`/dr/models?search=${encodeURIComponent(query)}`)).body.models?.map(
					(model: { model_id: string }) => model.model_id,
				) ?? [];
			expect(await search('air')).toEqual(['laq4-abp']);
			expect(await search('dragino')).toEqual(['lht65', 'laq4-abp']);
			expect(await search('+temperature +button')).toEqual(['generic-node-sensor-edition']);
		});

		it('gets one model with photos as asset URLs, model_not_found for one it does not have', async () => {
			const model = await get(`${GNSE}?field_mask=name,battery,photos,key_security,dimensions`);
			expect(model.body).toEqual({
				brand_id: 'the-things-industries',
				model_id: 'generic-node-sensor-edition',
				name: 'Generic Node (Sensor Edition)',
				dimensions: { width: 56, height: 20, length: 88 },
				battery: { replaceable: true, type: '2x AA' },
				key_security: 'KEY_SECURITY_READ_PROTECTED',
				photos: {
					main: `${ASSETS}/the-things-industries/generic-node-sensor-edition.jpg`,
					other: [`${ASSETS}/the-things-industries/generic-node-sensor-edition-case.jpg`],
				},
			});
			const missing = await get('/dr/brands/dragino/models/lht99');
			expect(missing.status).toBe(404);
			expect(errorName(missing)).toBe('pkg/devicerepository:model_not_found');
			expect(missing.body.details[0].attributes).toEqual({
				brand_id: 'dragino',
				model_id: 'lht99',
			});
		});

		it('refuses a field mask path the RPC does not allow', async () => {
			const response = await get(`/dr/brands/dragino/models?field_mask=${FORBIDDEN_MASK}`);
			expect(response.status).toBe(400);
			expect(errorName(response)).toBe('pkg/rpcmiddleware/validator:field_mask_paths');
		});
	});

	describe('templates (store/profiles.go ToTemplatePB)', () => {
		it('gives the profile of a firmware version and band, with the repository formatters of its codec', async () => {
			const response = await get(`${GNSE}/1.0/EU_863_870/template`);
			expect(response.status).toBe(200);
			expect(response.body).toEqual({
				end_device: {
					version_ids: {
						brand_id: 'the-things-industries',
						model_id: 'generic-node-sensor-edition',
						firmware_version: '1.0',
						band_id: 'EU_863_870',
					},
					supports_join: true,
					lorawan_version: 'MAC_V1_0_3',
					lorawan_phy_version: 'PHY_V1_0_3_REV_A',
					formatters: {
						up_formatter: 'FORMATTER_REPOSITORY',
						down_formatter: 'FORMATTER_REPOSITORY',
					},
					mac_settings: { supports_32_bit_f_cnt: true },
				},
				field_mask: {
					paths: [
						'version_ids',
						'supports_join',
						'supports_class_b',
						'supports_class_c',
						'lorawan_version',
						'lorawan_phy_version',
						'formatters',
						'mac_settings.supports_32_bit_f_cnt',
					],
				},
			});
		});

		it('takes the hardware version of the request into the version IDs, and answers on the application route too', async () => {
			const response = await get(
				'/dr/applications/app1/brands/the-things-industries/models/generic-node-sensor-edition/1.0/EU_863_870/template?version_ids.hardware_version=1.1',
			);
			expect(response.body.end_device.version_ids).toEqual({
				brand_id: 'the-things-industries',
				model_id: 'generic-node-sensor-edition',
				hardware_version: '1.1',
				firmware_version: '1.0',
				band_id: 'EU_863_870',
			});
		});

		it('sets the class B settings of a class B profile', async () => {
			const { end_device, field_mask } = (await get(`${GNSE}/1.1/EU_863_870/template`)).body;
			expect(end_device.supports_class_b).toBe(true);
			expect(end_device.mac_settings).toEqual({
				class_b_timeout: '8s',
				ping_slot_data_rate_index: 'DATA_RATE_3',
				ping_slot_frequency: '869525000',
				ping_slot_periodicity: 'PING_EVERY_16S',
				supports_32_bit_f_cnt: true,
			});
			expect(field_mask.paths).toEqual(
				expect.arrayContaining([
					'mac_settings.class_b_timeout',
					'mac_settings.ping_slot_data_rate_index',
					'mac_settings.ping_slot_frequency',
					'mac_settings.ping_slot_periodicity',
				]),
			);
		});

		it('gives an ABP profile its session parameters and desired max EIRP, without supports_join and formatters', async () => {
			const { end_device, field_mask } = (
				await get('/dr/brands/dragino/models/laq4-abp/1.1/EU_863_870/template')
			).body;
			expect(end_device).toEqual({
				version_ids: {
					brand_id: 'dragino',
					model_id: 'laq4-abp',
					firmware_version: '1.1',
					band_id: 'EU_863_870',
				},
				lorawan_version: 'MAC_V1_0_3',
				lorawan_phy_version: 'PHY_V1_0_3_REV_A',
				mac_settings: {
					rx1_delay: 'RX_DELAY_1',
					rx1_data_rate_offset: 'DATA_RATE_OFFSET_0',
					rx2_data_rate_index: 'DATA_RATE_3',
					rx2_frequency: '869525000',
					supports_32_bit_f_cnt: true,
					factory_preset_frequencies: [
						'868100000',
						'868300000',
						'868500000',
						'867100000',
						'867300000',
						'867500000',
						'867700000',
						'867900000',
					],
					// dutyCycleFromFloat: 0.01 rounds down to 1/128.
					max_duty_cycle: 'DUTY_CYCLE_128',
				},
				mac_state: { desired_parameters: { max_eirp: 16 } },
			});
			expect(field_mask.paths).toContain('supports_join');
			expect(field_mask.paths).toContain('mac_state.desired_parameters.max_eirp');
			expect(field_mask.paths).not.toContain('formatters');
		});

		it('keeps the class C timeout a class A profile lists, and writes an empty mac_settings when it sets none', async () => {
			const lht65 = (await get('/dr/brands/dragino/models/lht65/1.8/EU_863_870/template')).body;
			expect(lht65.end_device.supports_class_c).toBeUndefined();
			expect(lht65.end_device.mac_settings.class_c_timeout).toBe('60s');
			const em300 = (await get('/dr/brands/milesight-iot/models/em300-th/v1.2/US_902_928/template'))
				.body;
			expect(em300.end_device).toMatchObject({
				lorawan_version: 'MAC_V1_0_4',
				lorawan_phy_version: 'RP002_V1_0_3',
			});
			const socket = (await get('/dr/brands/milesight-iot/models/ws52x/v1.5/EU_863_870/template'))
				.body;
			expect(socket.end_device.supports_class_c).toBe(true);
			expect(socket.end_device.mac_settings).toEqual({
				class_c_timeout: '10s',
				supports_32_bit_f_cnt: true,
			});
		});

		it.each([
			[
				'/dr/brands/acme/models/sensor/1.0/EU_863_870/template',
				'pkg/devicerepository/store/remote:brand_not_found',
				{ brand_id: 'acme' },
				'brand `acme` not found',
			],
			[
				'/dr/brands/dragino/models/lht99/1.8/EU_863_870/template',
				'pkg/devicerepository/store/remote:model_not_found',
				{ brand_id: 'dragino', model_id: 'lht99' },
				'model `dragino/lht99` not found',
			],
			[
				'/dr/brands/dragino/models/lht65/2.0/EU_863_870/template',
				'pkg/devicerepository/store/remote:firmware_version_not_found',
				{ brand_id: 'dragino', model_id: 'lht65', firmware_version: '2.0' },
				'firmware version `2.0` for model `dragino/lht65` not found',
			],
			// remote.go names the band `unknown_band`, so the message has no band in it.
			[
				'/dr/brands/dragino/models/lht65/1.8/EU_868/template',
				'pkg/devicerepository/store/remote:band_not_found',
				{ unknown_band: 'EU_868' },
				'band `` not found',
			],
			[
				'/dr/brands/dragino/models/lht65/1.8/AU_915_928/template',
				'pkg/devicerepository/store/remote:no_profile_for_band',
				{ band_id: 'AU_915_928' },
				'device does not have a profile for band `AU_915_928`',
			],
		])('answers %s with 404 %s', async (path, name, attributes, message) => {
			const response = await get(path);
			expect(response.status).toBe(404);
			expect(errorName(response)).toBe(name);
			expect(response.body.details[0].attributes).toEqual(attributes);
			expect(response.body.message).toBe(`error:${name} (${message})`);
		});

		it('checks the version identifiers first: IDs by pattern, versions and band at most 32 characters', async () => {
			const longBand = await get(`${GNSE}/1.0/${'X'.repeat(33)}/template`);
			expect(longBand.status).toBe(400);
			expect(longBand.body.details[0].attributes).toMatchObject({
				field: 'version_ids.band_id',
				name: 'max_len',
			});
		});
	});

	describe('payload codecs', () => {
		it('gives the uplink decoder as a JavaScript formatter, with the codec ID and examples when asked', async () => {
			const plain = await get(`${GNSE}/1.0/EU_863_870/formatters/uplink/decoder`);
			expect(Object.keys(plain.body).sort()).toEqual(['formatter', 'formatter_parameter']);
			expect(plain.body.formatter).toBe('FORMATTER_JAVASCRIPT');
			expect(plain.body.formatter_parameter).toContain('function decodeUplink(input)');
			const full = await get(
				`${GNSE}/1.0/EU_863_870/formatters/uplink/decoder?field_mask=codec_id,examples`,
			);
			expect(full.body.codec_id).toBe('generic-node-sensor-edition-codec');
			expect(full.body.examples[0]).toEqual({
				description: 'Temperature, humidity, battery and a button press',
				input: {
					f_port: 1,
					frm_payload: Buffer.from([0, 0xe4, 0x5b, 0x0c, 0xf0, 1]).toString('base64'),
				},
				output: {
					data: { temperature: 22.8, humidity: 45.5, battery_voltage: 3.312, button_pressed: true },
				},
			});
			// An example without data still has the (empty) data Struct.
			expect(full.body.examples[2].output).toEqual({ data: {}, errors: ['unknown FPort 3'] });
		});

		it('gives the downlink encoder with examples of decoded input and encoded output', async () => {
			const encoder = await get(
				`${GNSE}/1.0/EU_863_870/formatters/downlink/encoder?field_mask=examples`,
			);
			expect(encoder.body.examples[0]).toEqual({
				description: 'Measure every 15 minutes',
				input: { data: { interval_minutes: 15 } },
				output: { f_port: 2, frm_payload: Buffer.from([1, 0, 15]).toString('base64') },
			});
		});

		it.each([
			[
				'/dr/brands/dragino/models/lht65/1.8/EU_863_870/formatters/downlink/encoder',
				'pkg/devicerepository/store/remote:no_encoder',
				{ firmware_version: '1.8', band_id: 'EU_863_870' },
			],
			[
				'/dr/brands/dragino/models/lht65/1.8/EU_863_870/formatters/downlink/decoder',
				'pkg/devicerepository/store/remote:no_decoder',
				{ codec_id: 'lht65-codec' },
			],
			[
				'/dr/brands/dragino/models/laq4-abp/1.1/EU_863_870/formatters/uplink/decoder',
				'pkg/devicerepository/store/remote:no_codec',
				{ firmware_version: '1.1', band_id: 'EU_863_870' },
			],
			[
				'/dr/brands/dragino/models/lht65/1.8/EU_868/formatters/uplink/decoder',
				'pkg/devicerepository/store/remote:band_not_found',
				{ band_id: 'EU_868' },
			],
		])('answers %s with %s', async (path, name, attributes) => {
			const response = await get(path);
			expect(response.status).toBe(404);
			expect(errorName(response)).toBe(name);
			expect(response.body.details[0].attributes).toEqual(attributes);
		});
	});
});

describe('Device Repository on split hosts', () => {
	it('is served by the Identity Server’s host, as the Console sends /dr/ there', async () => {
		const sim = await startSimulator({ identityServerPort: 0 });
		try {
			const { key } = sim.createUserKey('alice');
			const onIdentity = await api(sim, 'GET', '/dr/brands', { key, base: sim.identityServerUrl });
			expect(onIdentity.status).toBe(200);
			const onCluster = await api(sim, 'GET', '/dr/brands', { key });
			expect(onCluster.status).toBe(404);
			expect(onCluster.body).toEqual({ code: 5, message: 'Not Found', details: [] });
		} finally {
			await sim.close();
		}
	});
});
