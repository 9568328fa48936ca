import {
	findHexProblem,
	normalizeHex,
	parseMacVersion,
	parsePhyVersion,
	phyVersionsForMac,
	randomHex,
} from '../../../../nodes/TheThingsStack/helpers/lorawan';

describe('parseMacVersion', () => {
	it.each([
		['MAC_V1_0_3', 'MAC_V1_0_3'],
		['mac_v1_0_3', 'MAC_V1_0_3'],
		['V1_0_3', 'MAC_V1_0_3'],
		['1.0.3', 'MAC_V1_0_3'],
		['1.1', 'MAC_V1_1'],
		['1.0', 'MAC_V1_0'],
		['2.0', undefined],
		['', undefined],
	])('%j → %j', (input, expected) => {
		expect(parseMacVersion(input)).toBe(expected);
	});
});

describe('parsePhyVersion', () => {
	it.each([
		['PHY_V1_0_3_REV_A', 'PHY_V1_0_3_REV_A'],
		['RP001_V1_0_3_REV_A', 'PHY_V1_0_3_REV_A'],
		['1.0.3-a', 'PHY_V1_0_3_REV_A'],
		['TS001_V1_0_1', 'PHY_V1_0_1'],
		['RP002_V1_0_3', 'RP002_V1_0_3'],
		['RP002-1.0.3', 'RP002_V1_0_3'],
		['RP002_V1_0_9', undefined],
		['nonsense', undefined],
	])('%j → %j', (input, expected) => {
		expect(parsePhyVersion(input)).toBe(expected);
	});
});

describe('phyVersionsForMac', () => {
	it('pairs versions as the Console does', () => {
		expect(phyVersionsForMac('MAC_V1_0_3')).toEqual(['PHY_V1_0_3_REV_A']);
		expect(phyVersionsForMac('MAC_V1_0_4')).toContain('RP002_V1_0_3');
	});

	// pkg/webui/console/components/lorawan-version-input/index.js phyVersionsMap: every RP002
	// version lists MAC_V1_1, and the Network Server checks no MAC/PHY pair.
	it('pairs LoRaWAN 1.1 with RP001 1.1 and every RP002 version', () => {
		expect(phyVersionsForMac('MAC_V1_1')).toEqual([
			'PHY_V1_1_REV_A',
			'PHY_V1_1_REV_B',
			'RP002_V1_0_0',
			'RP002_V1_0_1',
			'RP002_V1_0_2',
			'RP002_V1_0_3',
			'RP002_V1_0_4',
		]);
	});
});

describe('hex helpers', () => {
	it('normalizes the separators people paste', () => {
		expect(normalizeHex(' 70:b3:d5:7e-d0 00 00 01 ')).toBe('70B3D57ED0000001');
		expect(normalizeHex('0x260b1234')).toBe('260B1234');
	});

	it('says what is wrong with a hex value', () => {
		expect(findHexProblem('DevEUI', '70B3D57ED0000001', 8)).toBeUndefined();
		expect(findHexProblem('DevEUI', '', 8)).toBe('DevEUI is empty');
		expect(findHexProblem('DevEUI', '70B3D57ED000000G', 8)).toBe(
			'DevEUI "70B3D57ED000000G" is not hexadecimal',
		);
		expect(findHexProblem('AppKey', 'ABCD', 16)).toBe(
			'AppKey "ABCD" has 4 hex digits; it needs 32 (16 bytes)',
		);
	});

	it('generates random keys of the right size', () => {
		const a = randomHex(16);
		expect(a).toMatch(/^[0-9A-F]{32}$/);
		expect(randomHex(16)).not.toBe(a);
	});
});
