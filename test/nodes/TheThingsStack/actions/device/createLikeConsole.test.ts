import type { INodeParameters } from 'n8n-workflow';

import type { JsonObject, JsonValue } from '../../../../../simulator/encoding/json';
import { startTestStack, type TestStack } from '../../../../support/stack';
import { runActionNode } from '../../../../support/workflow';
import { registerLikeTheConsole } from './consoleRepositoryFlow';
import { APP } from './createParameters';

// A device created from a repository entry by the node holds the same fields on every server as
// one registered through the Console's repository flow (consoleRepositoryFlow.ts follows the
// Console and its SDK). Only the device's own IDs and EUIs and the registries' timestamps differ.
const APP_KEY = '2B7E151628AED2A6ABF7158809CF4F3C';
const SESSION_KEY = '000102030405060708090A0B0C0D0E0F';

interface Case {
	versionIds: Record<string, string>;
	frequencyPlanId: string;
	abp?: boolean;
}

const cases: Array<[string, Case]> = [
	[
		'an OTAA model with a codec (repository formatters)',
		{
			versionIds: {
				brand_id: 'the-things-industries',
				model_id: 'generic-node-sensor-edition',
				hardware_version: '1.1',
				firmware_version: '1.0',
				band_id: 'EU_863_870',
			},
			frequencyPlanId: 'EU_863_870_TTN',
		},
	],
	[
		'a class B profile with its ping slot settings',
		{
			versionIds: {
				brand_id: 'the-things-industries',
				model_id: 'generic-node-sensor-edition',
				hardware_version: '1.2',
				firmware_version: '1.1',
				band_id: 'EU_863_870',
			},
			frequencyPlanId: 'EU_863_870_TTN',
		},
	],
	[
		'a LoRaWAN 1.0.4 profile of the US band',
		{
			versionIds: {
				brand_id: 'milesight-iot',
				model_id: 'em300-th',
				hardware_version: 'v2.0',
				firmware_version: 'v1.2',
				band_id: 'US_902_928',
			},
			frequencyPlanId: 'US_902_928_FSB_2',
		},
	],
	[
		'an ABP profile with its session parameters and max EIRP',
		{
			versionIds: {
				brand_id: 'dragino',
				model_id: 'laq4-abp',
				hardware_version: '1.0',
				firmware_version: '1.1',
				band_id: 'EU_863_870',
			},
			frequencyPlanId: 'EU_863_870_TTN',
			abp: true,
		},
	],
];

/**
 * A stored device as its protobuf message holds it, without what makes it this device (IDs and
 * EUIs, timestamps): a scalar at its zero value (false, 0, '') is the same as one never set.
 */
function shared(device: JsonObject | undefined): JsonObject | undefined {
	if (!device) return undefined;
	const rest = { ...device };
	for (const field of ['ids', 'created_at', 'updated_at']) delete rest[field];
	return withoutZeroScalars(rest) as JsonObject;
}

function withoutZeroScalars(value: JsonValue): JsonValue {
	if (Array.isArray(value)) return value.map(withoutZeroScalars);
	if (!value || typeof value !== 'object') return value;
	return Object.fromEntries(
		Object.entries(value)
			.filter(([, child]) => child !== false && child !== 0 && child !== '')
			.map(([key, child]) => [key, withoutZeroScalars(child)]),
	);
}

describe('Device → Create from the Device Repository, compared with the Console', () => {
	let stack: TestStack;

	beforeEach(async () => {
		stack = await startTestStack();
	});

	afterEach(async () => {
		expect(stack.sim.contractViolations()).toEqual([]);
		await stack.close();
	});

	it.each(cases)('stores %s as the Console does, on every server', async (_, example) => {
		const { versionIds, frequencyPlanId, abp } = example;
		const host = new URL(stack.sim.url).host;
		const session = {
			dev_addr: '260B0042',
			keys: { app_s_key: { key: SESSION_KEY }, f_nwk_s_int_key: { key: SESSION_KEY } },
		};
		await registerLikeTheConsole(stack.sim, stack.apiKey, {
			applicationId: APP,
			deviceId: 'from-console',
			devEui: '70B3D57ED0000C01',
			joinEui: '0000000000000000',
			appKey: APP_KEY,
			versionIds,
			frequencyPlanId,
			host,
			...(abp ? { session } : {}),
		});
		const parameters: INodeParameters = {
			resource: 'device',
			operation: 'create',
			applicationId: { __rl: true, mode: 'id', value: APP },
			inputMethod: 'repository',
			brandId: { __rl: true, mode: 'list', value: versionIds.brand_id },
			modelId: { __rl: true, mode: 'list', value: versionIds.model_id },
			hardwareVersion: versionIds.hardware_version,
			firmwareVersion: versionIds.firmware_version,
			bandId: versionIds.band_id,
			deviceId: 'from-node',
			devEui: '70B3D57ED0000C02',
			...(abp
				? {
						activationMode: 'abp',
						devAddr: session.dev_addr,
						appSKey: SESSION_KEY,
						nwkSKey: SESSION_KEY,
					}
				: { activationMode: 'otaa', joinEui: '0000000000000000', appKey: APP_KEY }),
		};
		const result = await runActionNode({
			parameters,
			items: [{ json: {} }],
			credentials: stack.credentials,
		});
		expect(result.error).toBeUndefined();

		const state = stack.sim.state();
		const registries = {
			is: (id: string) => state.identity.endDevices.get(APP)?.get(id),
			js: (id: string) => state.joinServer.devices.get(`${APP}.${id}`),
			ns: (id: string) => state.networkServer.devices.get(`${APP}.${id}`),
			as: (id: string) => state.applicationServer.devices.get(`${APP}.${id}`),
		};
		for (const [name, read] of Object.entries(registries)) {
			const fromConsole = shared(read('from-console'));
			expect({ [name]: shared(read('from-node')) }).toEqual({ [name]: fromConsole });
			if (name !== 'js' || !abp) expect(fromConsole).toBeDefined();
		}
		expect(shared(registries.as('from-node'))?.version_ids).toEqual(versionIds);
	});
});
