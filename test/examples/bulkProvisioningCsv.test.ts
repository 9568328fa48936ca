import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { registriesHolding, startTestStack, type TestStack } from '../support/stack';
import { runActionNode } from '../support/workflow';

// examples/bulk-provisioning-csv.json: the Console's CSV template, every column, through the
// example's own Device → Create node (its expressions as written), on n8n's engine.
const workflow = JSON.parse(
	readFileSync(join(__dirname, '..', '..', 'examples', 'bulk-provisioning-csv.json'), 'utf8'),
) as { nodes: Array<{ name: string; parameters: IDataObject }> };
const node = (name: string) => workflow.nodes.find((candidate) => candidate.name === name);
const csv = String(
	(
		(node('Device list (CSV)')?.parameters.assignments as IDataObject).assignments as IDataObject[]
	)[0].value,
);

function rows(): IDataObject[] {
	const [header, ...lines] = csv.split('\n').map((line) => line.split(';'));
	return lines.map((cells) =>
		Object.fromEntries(header.map((column, index) => [column, cells[index] ?? ''])),
	);
}

describe('examples/bulk-provisioning-csv.json', () => {
	let stack: TestStack;

	beforeAll(async () => {
		stack = await startTestStack({ applications: ['demo-app'] });
		stack.sim.createDevice({
			applicationId: 'demo-app',
			deviceId: 'demo-sensor-1',
			devEui: '70B3D57ED0000001',
		});
	});

	afterAll(async () => {
		expect(stack.sim.contractViolations()).toEqual([]);
		await stack.close();
	});

	it('uses every column of the Console’s CSV template (pkg/devicetemplates/ttscsv.go)', () => {
		expect(csv.split('\n')[0].split(';')).toEqual([
			'id',
			'dev_eui',
			'join_eui',
			'name',
			'description',
			'frequency_plan_id',
			'lorawan_version',
			'lorawan_phy_version',
			'brand_id',
			'model_id',
			'hardware_version',
			'firmware_version',
			'band_id',
			'app_key',
			'nwk_key',
			'rx1_delay',
			'supports_32_bit_f_cnt',
			'dev_addr',
			'app_s_key',
			'f_nwk_s_int_key',
			'last_f_cnt_up',
			'last_n_f_cnt_down',
			'last_a_f_cnt_down',
			'supports_class_c',
			'vendor_id',
			'vendor_profile_id',
		]);
	});

	it('creates the manual rows, the repository rows and the ABP row, and reports the rest with their reason', async () => {
		const result = await runActionNode({
			parameters: node('Create devices')?.parameters as INodeParameters,
			items: rows().map((json) => ({ json })),
			credentials: stack.credentials,
			onError: 'continueErrorOutput',
		});
		expect(result.error).toBeUndefined();
		const created = result.items.map((item) => (item.json.ids as IDataObject).device_id);
		expect(created).toEqual([
			'cold-room-1',
			'cold-room-2',
			'freezer-1',
			'office-node-1',
			'office-node-2',
			'warehouse-1',
			'air-1',
		]);
		expect(
			result.errorItems.map((item) => [
				rows()[(item.pairedItem as { item: number }).item].id,
				(item.json.details as IDataObject).ttsError ?? 'validation',
			]),
		).toEqual([
			['cold-room-3', 'validation'],
			['cold-room-4', 'pkg/identityserver:end_device_euis_taken'],
			['warehouse-2', 'pkg/devicerepository/store/remote:firmware_version_not_found'],
		]);
		const state = stack.sim.state();
		const ns = (id: string) => state.networkServer.devices.get(`demo-app.${id}`) as IDataObject;
		const as = (id: string) => state.applicationServer.devices.get(`demo-app.${id}`) as IDataObject;
		// The band's plan, the profile and the repository's formatter; the row's columns win.
		expect(ns('office-node-1')).toMatchObject({
			frequency_plan_id: 'EU_863_870_TTN',
			lorawan_version: 'MAC_V1_0_3',
		});
		expect(as('office-node-1').formatters).toEqual({
			up_formatter: 'FORMATTER_REPOSITORY',
			down_formatter: 'FORMATTER_REPOSITORY',
		});
		expect(ns('office-node-2')).toMatchObject({ supports_class_b: true, supports_class_c: true });
		expect(ns('warehouse-1').version_ids).toEqual({
			brand_id: 'dragino',
			model_id: 'lht65',
			firmware_version: '1.9',
			band_id: 'EU_863_870',
		});
		expect(ns('freezer-1')).toMatchObject({
			lorawan_version: 'MAC_V1_0_4',
			mac_settings: { supports_32_bit_f_cnt: { value: true } },
		});
		expect(registriesHolding(stack.sim, 'demo-app', 'air-1')).toEqual(['is', 'ns', 'as']);
		expect(ns('air-1')).toMatchObject({
			supports_join: false,
			session: { dev_addr: '260B100A', last_f_cnt_up: 12 },
		});
		for (const failed of ['cold-room-3', 'cold-room-4', 'warehouse-2']) {
			expect(registriesHolding(stack.sim, 'demo-app', failed)).toEqual([]);
		}
	});
});
